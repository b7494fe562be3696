"""Permissions of the ledger (django-rules). Default deny; object-level predicates.

Every view, API endpoint and export asks `person.has_perm(name, obj)`; services ask again, so no
surface can skip a check. Visibility itself is `selectors.visible_tasks` (S-7, S-13).
"""

from __future__ import annotations

from typing import Any

import rules

from zhengwu.org.models import Role
from zhengwu.org.rules import is_auditor, is_system_admin, role_predicate
from zhengwu.org.selectors import has_role, units_in_charge
from zhengwu.supervision import selectors
from zhengwu.supervision.models import Attachment, Feedback, Milestone, Plan, Task


def task_of(obj: Any) -> Task | None:
    if isinstance(obj, Task):
        return obj
    if isinstance(obj, Milestone | Plan | Attachment):
        return obj.task
    if isinstance(obj, Feedback):
        return obj.milestone.task
    return None


is_office = role_predicate(Role.OFFICE_STAFF)
is_ledger_wide = role_predicate(*selectors.LEDGER_WIDE_ROLES)
is_unit_member = role_predicate(Role.SECTION_HEAD, Role.LIAISON)


@rules.predicate
def sees_task(user: Any, obj: Any) -> bool:
    task = task_of(obj)
    return task is not None and selectors.can_see(user, task)


@rules.predicate
def is_lead_liaison_or_head(user: Any, obj: Any) -> bool:
    """S-6/S-7: the lead undertaker's liaison (or its head) records progress in the ledger."""
    task = task_of(obj)
    if task is None:
        return False
    return has_role(user, Role.LIAISON, Role.SECTION_HEAD, unit=task.lead_unit)


@rules.predicate
def is_lead_head(user: Any, obj: Any) -> bool:
    """S-13: the head of the undertaker checks each report before it counts."""
    task = task_of(obj)
    return task is not None and has_role(user, Role.SECTION_HEAD, unit=task.lead_unit)


@rules.predicate
def is_undertaker(user: Any, obj: Any) -> bool:
    task = task_of(obj)
    if task is None:
        return False
    return any(
        has_role(user, Role.LIAISON, Role.SECTION_HEAD, unit=unit)
        for unit in [task.lead_unit, *task.co_units.all()]
    )


@rules.predicate
def is_plan_approver(user: Any, obj: Any) -> bool:
    """S-4: the director and the leader in charge of the lead undertaker approve a plan."""
    task = task_of(obj)
    if task is None:
        return False
    if has_role(user, Role.DIRECTOR, bureau_id=task.bureau_id):
        return True
    return task.lead_unit_id in units_in_charge(user)


@rules.predicate
def is_lead_leader_in_charge(user: Any, obj: Any) -> bool:
    """S-13: the leader in charge of the lead undertaker checks (把关) each report."""
    task = task_of(obj)
    return task is not None and task.lead_unit_id in units_in_charge(user)


@rules.predicate
def wrote_report(user: Any, obj: Any) -> bool:
    """S-13: drafted or signed off the report (or, for a task, any of its reports)."""
    return selectors.wrote_report(user, obj)


# The permissions the separation of duties narrows, and what they would be without it.
SEPARATED_PERMS = {
    "supervision.check_feedback": sees_task & is_lead_leader_in_charge,
    "supervision.review_feedback": is_office & sees_task,
    "supervision.close_task": is_office & sees_task,
}


def separation_message(obj: Any) -> str:
    from django.utils.translation import gettext as _

    if isinstance(obj, Task):
        return _("You drafted or signed off reports of this task, so another person must close it.")
    return _(
        "You drafted or signed off this report, so you may not check or accept it; another "
        "person must."
    )


def refusal_message(user: Any, perm: str, obj: Any) -> str | None:
    """Why a permission is refused, when the reason is the separation of duties."""
    base = SEPARATED_PERMS.get(perm)
    if base is None or not base.test(user, obj) or not selectors.wrote_report(user, obj):
        return None
    return separation_message(obj)


@rules.predicate
def sees_unit(user: Any, unit: Any) -> bool:
    if unit is None:
        return False
    if unit.bureau_id in selectors.ledger_wide_bureaus(user):
        return True
    return has_role(user, Role.SECTION_HEAD, Role.LIAISON, unit=unit)


rules.add_perm("supervision.view_ledger", is_ledger_wide | is_unit_member)
rules.add_perm("supervision.export_ledger", is_ledger_wide | is_unit_member)
rules.add_perm("supervision.manage_ledger", is_office)  # meetings, instructions, new tasks
rules.add_perm("supervision.import_ledger", is_office)
rules.add_perm("supervision.see_task", sees_task)
rules.add_perm("supervision.assign_task", is_office & sees_task)
rules.add_perm("supervision.close_task", SEPARATED_PERMS["supervision.close_task"] & ~wrote_report)
rules.add_perm("supervision.reopen_task", is_office & sees_task)
rules.add_perm("supervision.edit_task", is_office & sees_task)
rules.add_perm("supervision.draft_feedback", sees_task & is_lead_liaison_or_head)
rules.add_perm("supervision.sign_off_feedback", sees_task & is_lead_head)
for _perm in ("supervision.check_feedback", "supervision.review_feedback"):
    rules.add_perm(_perm, SEPARATED_PERMS[_perm] & ~wrote_report)
rules.add_perm("supervision.submit_plan", sees_task & is_lead_liaison_or_head)
rules.add_perm("supervision.forward_plan", is_office & sees_task)
rules.add_perm("supervision.approve_plan", sees_task & is_plan_approver)
rules.add_perm("supervision.add_attachment", sees_task & (is_office | is_undertaker))
rules.add_perm("supervision.download_attachment", sees_task)
rules.add_perm("supervision.print_notice", sees_task)
rules.add_perm("supervision.view_unit", sees_unit)
# S-9, S-10: the director and the bureau's leaders write 批示 / 阅示 on tasks they see.
rules.add_perm(
    "supervision.remark_task",
    sees_task & role_predicate(Role.DIRECTOR, Role.LEADER_IN_CHARGE),
)

# Django admin: sources only (tasks live in the ledger pages, where confidentiality is enforced).
for model in ("meeting", "instruction"):
    rules.add_perm(f"supervision.view_{model}", is_system_admin | is_auditor)
    rules.add_perm(f"supervision.change_{model}", is_system_admin)
    rules.add_perm(f"supervision.add_{model}", rules.always_deny)
    rules.add_perm(f"supervision.delete_{model}", rules.always_deny)
rules.add_perm("supervision", is_system_admin | is_auditor)
