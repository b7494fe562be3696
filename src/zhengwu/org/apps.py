from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "zhengwu.org"
    label = "org"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from zhengwu.org import signals

        signals.connect()
