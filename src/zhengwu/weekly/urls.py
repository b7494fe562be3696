from django.urls import path

from zhengwu.weekly import views

app_name = "weekly"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/download.docx", views.download, name="download"),
]
