from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "zhengwu.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Annual reports")

    def ready(self) -> None:
        from zhengwu.reports import rules  # noqa: F401 — registers them
