from django.urls import path

from zhengwu.assessment import views

app_name = "assessment"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("items/", views.items, name="items"),
    path("annual/", views.annual, name="annual"),
    path("annual/export/", views.export, name="export"),
    path("disclosure/", views.disclosure, name="disclosure"),
    path("disclosure/items/", views.disclosure_items, name="disclosure-items"),
    path("disclosure/export/", views.disclosure_export, name="disclosure-export"),
    path("cases/", views.cases, name="cases"),
    path("cases/new/", views.case_new, name="case-new"),
    path("cases/<int:pk>/conclude/", views.case_conclude, name="case-conclude"),
]
