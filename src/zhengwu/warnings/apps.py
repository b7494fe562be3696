from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarningsConfig(AppConfig):
    name = "zhengwu.warnings"
    label = "warnings"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Warnings and reminders")

    def ready(self) -> None:
        from zhengwu.core.registry import NavItem, register_nav
        from zhengwu.warnings import jobs  # noqa: F401 — registers the huey tasks and schedule

        register_nav(
            NavItem(
                label=_("Phone reminders"),
                url_name="warnings:phone-reminders",
                permission="warnings.view_phone_reminders",
                order=60,
            )
        )
        register_nav(
            NavItem(
                label=_("Key supervision items"),
                url_name="warnings:key-items",
                permission="warnings.view_key_items",
                order=61,
            )
        )
