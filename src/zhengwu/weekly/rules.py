"""Who may see and work the weekly reports (S-10, S-13). Default deny."""

from __future__ import annotations

from typing import Any

import rules

from zhengwu.org.models import Role, UnitFunction
from zhengwu.org.rules import is_leader, is_office_staff, is_system_admin, role_predicate
from zhengwu.org.selectors import has_role
from zhengwu.weekly.models import WeeklyReport

is_section_head = role_predicate(Role.SECTION_HEAD)


@rules.predicate
def is_bureau_office(user: Any, report: Any) -> bool:
    return isinstance(report, WeeklyReport) and has_role(
        user, Role.OFFICE_STAFF, bureau_id=report.bureau_id
    )


@rules.predicate
def is_recipient(user: Any, report: Any) -> bool:
    return isinstance(report, WeeklyReport) and report.leader_id == getattr(user, "pk", None)


@rules.predicate
def prepares(user: Any, report: Any) -> bool:
    """The preparer named at drafting, the head of the preparing section, or — for the office's
    reports — the office staff."""
    if not isinstance(report, WeeklyReport):
        return False
    if report.preparer_id is not None and report.preparer_id == getattr(user, "pk", None):
        return True
    unit = report.preparing_unit
    if unit.function == UnitFunction.OFFICE:
        return has_role(user, Role.OFFICE_STAFF, bureau_id=report.bureau_id)
    return has_role(user, Role.SECTION_HEAD, unit=unit)


rules.add_perm("weekly.view_reports", is_office_staff | is_leader | is_section_head)
rules.add_perm("weekly.view_report", is_bureau_office | is_recipient | prepares)
rules.add_perm("weekly.download_report", is_bureau_office | is_recipient | prepares)
rules.add_perm("weekly.edit_report", prepares)
rules.add_perm("weekly.issue_report", prepares)
rules.add_perm("weekly.archive_report", is_bureau_office)
rules.add_perm("weekly.draft_reports", is_office_staff)


@rules.predicate
def is_bureau_director(user: Any, report: Any) -> bool:
    return isinstance(report, WeeklyReport) and has_role(
        user, Role.DIRECTOR, bureau_id=report.bureau_id
    )


# S-10: the leader a report is addressed to, and the director, write 批示 / 阅示 on it.
rules.add_perm("weekly.remark_report", is_recipient | is_bureau_director)

# Django admin: administrators read the reports' rows.
rules.add_perm("weekly", is_system_admin)
rules.add_perm("weekly.view_weeklyreport", is_system_admin)
