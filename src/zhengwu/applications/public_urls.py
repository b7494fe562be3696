"""Public pages of applications (no login): /apply/ …"""

from django.urls import path

from zhengwu.applications import views

app_name = "apply"

urlpatterns = [
    path("", views.apply, name="form"),
    path("track/", views.track, name="track"),
    path("suggest/", views.suggest, name="suggest"),
    path("files/<int:doc>/", views.public_document, name="document"),
]
