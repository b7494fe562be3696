from django.urls import path

from zhengwu.reports import views

app_name = "reports"

urlpatterns = [
    path("annual/", views.annual_list, name="annual-list"),
    path("annual/import/", views.import_year, name="annual-import"),
    path("annual/<int:pk>/", views.annual_report, name="annual-report"),
    path("annual/<int:pk>/versions/<slug:section>/", views.versions, name="annual-versions"),
]
