from django.urls import path

from zhengwu.applications import views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("calculator/", views.calculator, name="calculator"),
    path("refusals/", views.refusals, name="refusals"),
    path("new/", views.enter, name="enter"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/documents/<int:doc>/", views.document, name="document"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
