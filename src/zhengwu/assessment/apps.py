from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "zhengwu.assessment"
    label = "assessment"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Ledger dashboards and annual assessment")

    def ready(self) -> None:
        from zhengwu.assessment import rules  # noqa: F401 — registers the permissions
        from zhengwu.core.registry import NavItem, register_nav

        register_nav(
            NavItem(
                label=_("Ledger dashboard"),
                url_name="assessment:dashboard",
                permission="assessment.view_dashboard",
                order=63,
                group="reports",
            )
        )
        register_nav(
            NavItem(
                label=_("Annual assessment"),
                url_name="assessment:annual",
                permission="assessment.view_assessment",
                order=64,
                group="reports",
            )
        )
        register_nav(
            NavItem(
                label=_("Disclosure assessment"),
                url_name="assessment:disclosure",
                permission="assessment.view_disclosure_assessment",
                order=64,
            )
        )
        register_nav(
            NavItem(
                label=_("Accountability cases"),
                url_name="assessment:cases",
                permission="assessment.view_cases",
                order=65,
                group="supervision",
            )
        )
