from django.urls import path

from zhengwu.warnings import views

app_name = "warnings"

urlpatterns = [
    path("phone-reminders/", views.phone_reminders, name="phone-reminders"),
    path("phone-reminders/<int:pk>/", views.phone_reminder, name="phone-reminder"),
    path("key-items/", views.key_items, name="key-items"),
    path("key-items/<int:pk>/", views.key_item, name="key-item"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
