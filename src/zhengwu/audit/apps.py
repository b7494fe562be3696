from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "zhengwu.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from zhengwu.audit import auth_events
        from zhengwu.core.registry import NavItem, register_nav

        auth_events.connect()

        register_nav(
            NavItem(_("Audit log"), "audit:events", "audit.view_event", order=900, group="system")
        )
