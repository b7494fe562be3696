"""Permissions of the annual report (D-13, R-10; default deny).

Everything is scoped to the record's bureau (`org.selectors.bureaus_for` and the role held in
that bureau): the disclosure office drafts and publishes, the director approves — never someone
who worked on the report (`services.drafters`, checked here and in the service)."""

from __future__ import annotations

from typing import Any

import rules

from zhengwu.applications.rules import in_bureau, is_disclosure_officer
from zhengwu.disclosure.rules import is_head_of_disclosure_office
from zhengwu.org.models import Bureau, Role
from zhengwu.org.rules import is_auditor, is_leader
from zhengwu.org.selectors import has_role


def _bureau_id(obj: Any) -> int | None:
    if isinstance(obj, Bureau):
        return obj.pk
    return getattr(obj, "bureau_id", None)


def role_here(*roles: str) -> rules.Predicate:
    """The role held in the bureau of the record (a report or a bureau); any bureau without one."""

    @rules.predicate(name="reports_role_" + "_or_".join(roles))
    def _predicate(user: Any, obj: Any = None) -> bool:
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return False
        return has_role(user, *roles, bureau_id=_bureau_id(obj) if obj is not None else None)

    return _predicate


@rules.predicate
def not_a_drafter(user: Any, report: Any) -> bool:
    from zhengwu.reports.models import AnnualReport
    from zhengwu.reports.services import drafters

    return isinstance(report, AnnualReport) and getattr(user, "pk", None) not in drafters(report)


disclosure_office = role_here(Role.DISCLOSURE_OFFICER) | is_head_of_disclosure_office
readers = disclosure_office | role_here(Role.DIRECTOR, Role.LEADER_IN_CHARGE) | is_auditor

# Importing last year's published tables: the disclosure office of the bureau.
rules.add_perm(
    "reports.import_year", (is_disclosure_officer | is_head_of_disclosure_office) & in_bureau
)

# --- the report's files (D-13) --------------------------------------------------------------------
# Reading a bureau's computed tables and downloading them (.xlsx, .docx): the disclosure office,
# the leaders and the auditors of that bureau.
rules.add_perm(
    "reports.view_annual",
    (is_disclosure_officer | is_head_of_disclosure_office | is_leader | is_auditor) & in_bureau,
)
rules.add_perm("reports.view_reports", disclosure_office | is_leader | is_auditor)
rules.add_perm("reports.view_report", readers & in_bureau)
rules.add_perm("reports.draft_report", disclosure_office & in_bureau)
rules.add_perm("reports.edit_report", disclosure_office & in_bureau)
# D-13: the bureau's leader approves (or returns) — not someone who worked on the report.
rules.add_perm("reports.decide_report", role_here(Role.DIRECTOR) & in_bureau & not_a_drafter)
rules.add_perm("reports.publish_report", (disclosure_office | role_here(Role.DIRECTOR)) & in_bureau)
