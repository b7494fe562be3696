from django.urls import path

from zhengwu.workdays import views

app_name = "workdays"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("<int:year>/", views.calendar, name="calendar-year"),
    path("time-limits/", views.time_limits, name="time-limits"),
    path("compute/", views.compute, name="compute"),
    path("notices/import/", views.import_notice, name="import-notice"),
]
