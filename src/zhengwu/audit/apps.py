from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "zhengwu.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from zhengwu.core.registry import NavItem, register_nav

        register_nav(NavItem(_("Audit log"), "audit:events", "audit.view_event", order=900))
