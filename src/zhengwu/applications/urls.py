from django.urls import path

from zhengwu.applications import views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("calculator/", views.calculator, name="calculator"),
    path("refusals/", views.refusals, name="refusals"),
    path("new/", views.enter, name="enter"),
    path("corrections/", views.correction_list, name="corrections"),
    path("corrections/new/", views.correction_enter, name="correction_enter"),
    path("corrections/<int:pk>/", views.correction_detail, name="correction"),
    path("corrections/<int:pk>/letter/", views.correction_letter, name="correction_letter"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/documents/<int:doc>/", views.document, name="document"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
