from django.urls import path

from zhengwu.assessment import views

app_name = "assessment"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("items/", views.items, name="items"),
    path("annual/", views.annual, name="annual"),
    path("annual/export/", views.export, name="export"),
]
