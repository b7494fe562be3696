from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarningsConfig(AppConfig):
    name = "zhengwu.warnings"
    label = "warnings"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Warnings and reminders")

    def ready(self) -> None:
        from zhengwu.core.registry import HomePanel, NavItem, register_nav, register_panel
        from zhengwu.warnings import jobs  # noqa: F401 — registers the huey tasks and schedule
        from zhengwu.warnings.services import notify_deadline_moved
        from zhengwu.workdays.owners import deadline_moved_listeners

        if notify_deadline_moved not in deadline_moved_listeners:
            deadline_moved_listeners.append(notify_deadline_moved)

        register_nav(
            NavItem(
                label=_("Phone reminders"),
                url_name="warnings:phone-reminders",
                permission="warnings.view_phone_reminders",
                order=60,
                group="supervision",
            )
        )
        register_nav(
            NavItem(
                label=_("Key supervision items"),
                url_name="warnings:key-items",
                permission="warnings.view_key_items",
                order=61,
                group="supervision",
            )
        )
        register_nav(
            NavItem(
                label=_("Warning dashboard"),
                url_name="warnings:dashboard",
                permission="warnings.view_key_items",
                order=62,
                group="reports",
            )
        )
        register_panel(
            HomePanel(
                title=_("Overdue warnings"),
                template="warnings/_panel.html",
                context=_panel_context,
                order=20,
            )
        )


def _panel_context(request):  # type: ignore[no-untyped-def]
    """Staff home: what the office and the supervision office have to chase (S-8)."""
    from zhengwu.warnings import selectors

    user = request.user
    show_calls = user.has_perm("warnings.view_phone_reminders")
    show_items = user.has_perm("warnings.view_key_items")
    if not (show_calls or show_items):
        return None
    return {
        "calls_to_make": len(selectors.phone_worklist(user)) if show_calls else None,
        "key_items_open": len(selectors.key_items(user)) if show_items else None,
        "by_level": selectors.warnings_by_level(user),
    }
