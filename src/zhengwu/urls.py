from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from zhengwu.api import views as api_views
from zhengwu.api.api import api
from zhengwu.core import views as core_views

urlpatterns = [
    path("", include("zhengwu.portal.urls")),
    path("apply/", include("zhengwu.applications.public_urls")),
    path("staff/", core_views.staff_home, name="staff-home"),
    path("staff/workdays/", include("zhengwu.workdays.urls")),
    path("staff/disclosure/", include("zhengwu.disclosure.urls")),
    path("staff/applications/", include("zhengwu.applications.urls")),
    path("staff/reports/", include("zhengwu.reports.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/", core_views.switch_language, name="switch-language"),
    path("staff/audit/", include("zhengwu.audit.urls")),
    path("staff/settings/api-tokens/", api_views.tokens, name="api-tokens"),
    path("staff/settings/api-tokens/<int:pk>/revoke/", api_views.revoke, name="api-token-revoke"),
    path("admin/", admin.site.urls),
    path("supervision/", include("zhengwu.supervision.urls")),
    path("api/v1/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("warnings/", include("zhengwu.warnings.urls")),
    path("notifications/", include("zhengwu.notifications.urls")),
    path("assessment/", include("zhengwu.assessment.urls")),
    path("weekly/", include("zhengwu.weekly.urls")),
]
