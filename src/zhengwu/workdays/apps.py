from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "zhengwu.workdays"
    label = "workdays"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Working days and deadlines")
