from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "zhengwu.disclosure"
    label = "disclosure"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Proactive disclosure")

    def ready(self) -> None:
        from zhengwu.core.registry import (
            HomePanel,
            NavItem,
            register_nav,
            register_panel,
            register_work,
        )
        from zhengwu.disclosure import rules  # noqa: F401 — registers the permissions
        from zhengwu.disclosure.selectors import waiting_for
        from zhengwu.disclosure.views import home_panel_context

        register_nav(
            NavItem(
                label=_("Disclosure register"),
                url_name="disclosure:register",
                permission="disclosure.view_register",
                order=30,
            )
        )
        register_panel(
            HomePanel(
                title=_("Disclosure work"),
                template="disclosure/_home_panel.html",
                context=home_panel_context,
                order=30,
            )
        )
        register_work(waiting_for)
