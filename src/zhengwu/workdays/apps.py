from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "zhengwu.workdays"
    label = "workdays"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Working days and deadlines")

    def ready(self) -> None:
        from zhengwu.core.registry import NavItem, register_banner, register_nav
        from zhengwu.workdays.views import unconfirmed_year_banner

        register_nav(
            NavItem(
                label=_("Working-day calendar"),
                url_name="workdays:calendar",
                permission="workdays.view_calendar",
                order=80,
                group="system",
            )
        )
        register_banner(unconfirmed_year_banner)
