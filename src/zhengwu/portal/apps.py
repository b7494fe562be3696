from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "zhengwu.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from zhengwu.portal import rules  # noqa: F401 — registers the permissions
