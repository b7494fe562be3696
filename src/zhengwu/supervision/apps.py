from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "zhengwu.supervision"
    label = "supervision"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("12340 supervision ledger")

    def ready(self) -> None:
        from zhengwu.core.registry import (
            HomePanel,
            NavItem,
            register_nav,
            register_panel,
            register_work,
        )
        from zhengwu.supervision import (
            owner,
            rules,  # noqa: F401 — registers the permissions
        )

        owner.register_audit_redaction()

        register_nav(
            NavItem(
                label=_("12340 ledger"),
                url_name="supervision:ledger",
                permission="supervision.view_ledger",
                order=20,
                group="supervision",
            )
        )
        register_panel(
            HomePanel(
                title=_("12340 ledger"),
                template="supervision/_home_panel.html",
                context=_home_panel,
                order=20,
            )
        )
        owner.register()
        from zhengwu.supervision.selectors import waiting_for

        register_work(waiting_for)


def _home_panel(request: Any) -> dict[str, Any] | None:
    from zhengwu.supervision import selectors

    if not request.user.has_perm("supervision.view_ledger"):
        return None
    return {"ledger_summary": selectors.home_summary(request.user)}
