from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WeeklyConfig(AppConfig):
    name = "zhengwu.weekly"
    label = "weekly"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Weekly reports")

    def ready(self) -> None:
        from zhengwu.core.registry import (
            HomePanel,
            NavItem,
            register_nav,
            register_panel,
            register_work,
        )
        from zhengwu.weekly.selectors import waiting_for

        register_nav(
            NavItem(
                label=_("Weekly reports"),
                url_name="weekly:list",
                permission="weekly.view_reports",
                order=66,
                group="supervision",
            )
        )
        register_panel(
            HomePanel(
                title=_("This week's reports to prepare"),
                template="weekly/_panel.html",
                context=_panel_context,
                order=25,
            )
        )
        register_work(waiting_for)


def _panel_context(request):  # type: ignore[no-untyped-def]
    """Staff home (S-10): this week's drafts the person prepares, and reports addressed to them."""
    from zhengwu.core import clock
    from zhengwu.weekly import selectors

    user = request.user
    if not user.has_perm("weekly.view_reports"):
        return None
    to_prepare = selectors.to_prepare(user, day=clock.today())
    received = selectors.received_this_week(user, day=clock.today())
    if not to_prepare and not received:
        return None
    return {"to_prepare": to_prepare, "received": received}
