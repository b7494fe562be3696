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

        # jobs: the worker only runs the huey tasks imported when the apps are ready
        from zhengwu.disclosure import jobs, rules  # noqa: F401 — registers them
        from zhengwu.disclosure.selectors import waiting_for
        from zhengwu.disclosure.views import home_panel_context

        _register_audit_redaction()

        register_nav(
            NavItem(
                label=_("Disclosure register"),
                url_name="disclosure:register",
                permission="disclosure.view_register",
                order=30,
                group="disclosure",
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


def _register_audit_redaction() -> None:
    """D-11: events of a confidential item (and of its publication deadline) are shown as
    "机密事项 #id" to anyone not named on it (audit/confidential.py)."""
    from zhengwu.audit.confidential import as_text_ids, register_confidential
    from zhengwu.disclosure.selectors import confidential_hidden_from
    from zhengwu.disclosure.services import OWNER_TYPE
    from zhengwu.workdays.models import Deadline

    def items(person):  # type: ignore[no-untyped-def]
        return as_text_ids(confidential_hidden_from(person))

    def deadlines(person):  # type: ignore[no-untyped-def]
        return as_text_ids(
            Deadline.objects.filter(owner_type=OWNER_TYPE, owner_id__in=items(person))
        )

    register_confidential(OWNER_TYPE, items)
    register_confidential("workdays.deadline", deadlines)
