"""Permissions of the information register (default deny; views, API and admin ask these)."""

from __future__ import annotations

import rules

from zhengwu.disclosure import policy
from zhengwu.disclosure.models import InformationItem, SignOff
from zhengwu.org.models import Role
from zhengwu.org.rules import (
    bureau_of,
    is_auditor,
    is_staff_member,
    is_system_admin,
    role_in_bureau,
)
from zhengwu.org.selectors import active_assignments, has_role

# Roles are asked in the bureau of the item (a person may work for several bureaus).
is_disclosure_officer = role_in_bureau(Role.DISCLOSURE_OFFICER)
is_reviewer = role_in_bureau(Role.CONFIDENTIALITY_REVIEWER)
is_leader = role_in_bureau(*policy.APPROVER_ROLES)
may_draft = role_in_bureau(
    Role.DISCLOSURE_OFFICER, Role.OFFICE_STAFF, Role.SECTION_HEAD, Role.LIAISON
)


@rules.predicate
def is_head_of_disclosure_office(user: object, obj: object = None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    bureau_id = bureau_of(obj) if obj is not None else None
    return any(
        a.role == Role.SECTION_HEAD
        and a.unit is not None
        and a.unit.function in policy.APPROVER_HEAD_OF_FUNCTIONS
        and (bureau_id is None or a.bureau_id == bureau_id)
        for a in active_assignments(user)  # type: ignore[arg-type]
    )


@rules.predicate
def can_see_item(user: object, item: InformationItem | None) -> bool:
    """Confidential items: only the people named on them (and their author)."""
    if item is None:
        return True
    from zhengwu.disclosure.selectors import can_see

    return can_see(user, item)


@rules.predicate
def is_author(user: object, item: InformationItem | None) -> bool:
    return item is not None and getattr(user, "pk", None) == item.author_id


@rules.predicate
def worked_on_content(user: object, item: InformationItem | None) -> bool:
    """D-11: drafted or edited the item's content (see `selectors.worked_on_content`)."""
    from zhengwu.disclosure.selectors import worked_on_content as _worked

    return item is not None and _worked(user, item)


def refusal_message(user: object, perm: str, item: object) -> str | None:
    """Why a permission is refused, when the reason is the separation of duties (so pages and
    the API can say it instead of a bare "forbidden")."""
    base = {
        "disclosure.review_item": is_reviewer & can_see_item,
        "disclosure.approve_item": is_approver & can_see_item,
    }.get(perm)
    if base is None or not isinstance(item, InformationItem) or not base.test(user, item):
        return None
    return separation_message() if worked_on_content.test(user, item) else None


def separation_message() -> str:
    from django.utils.translation import gettext as _

    return _(
        "You drafted or edited this item, so you may not review or approve it; another person must."
    )


@rules.predicate
def heads_signoff_unit(user: object, signoff: SignOff | None) -> bool:
    """D-10: the head (or liaison) of the department concerned confirms for it."""
    if signoff is None or not getattr(user, "is_authenticated", False):
        return False
    return has_role(user, Role.SECTION_HEAD, Role.LIAISON, unit=signoff.unit)  # type: ignore[arg-type]


is_approver = is_leader | is_head_of_disclosure_office

rules.add_perm("disclosure.view_register", is_staff_member)
rules.add_perm("disclosure.view_item", is_staff_member & can_see_item)
rules.add_perm("disclosure.add_item", may_draft)
rules.add_perm(
    "disclosure.edit_item", can_see_item & (is_author | is_disclosure_officer) & may_draft
)
# D-11: the reviewer is never the author nor anyone who edited the item's content.
rules.add_perm("disclosure.review_item", is_reviewer & can_see_item & ~worked_on_content)
rules.add_perm(
    "disclosure.record_secrecy_answer", (is_reviewer | is_disclosure_officer) & can_see_item
)
rules.add_perm("disclosure.sign_off", heads_signoff_unit)
rules.add_perm("disclosure.record_dispute_outcome", is_disclosure_officer)
rules.add_perm("disclosure.approve_item", is_approver & can_see_item & ~worked_on_content)
rules.add_perm("disclosure.publish_item", is_disclosure_officer & can_see_item)
rules.add_perm("disclosure.manage_published", is_disclosure_officer)
rules.add_perm("disclosure.reassess_withheld", is_disclosure_officer & can_see_item)
rules.add_perm("disclosure.record_clarification", is_disclosure_officer)
rules.add_perm("disclosure.manage_guide", is_disclosure_officer | is_system_admin)

# Django admin: administrators maintain the catalogue tree; auditors read.
for model in ("category",):
    rules.add_perm(f"disclosure.view_{model}", is_system_admin | is_auditor)
    rules.add_perm(f"disclosure.add_{model}", is_system_admin)
    rules.add_perm(f"disclosure.change_{model}", is_system_admin)
    rules.add_perm(f"disclosure.delete_{model}", rules.always_deny)
# Issue 15: administrators keep the search term list (policy data); auditors read it.
rules.add_perm("disclosure.view_searchterm", is_system_admin | is_auditor)
rules.add_perm("disclosure.add_searchterm", is_system_admin)
rules.add_perm("disclosure.change_searchterm", is_system_admin)
rules.add_perm("disclosure.delete_searchterm", is_system_admin)
for model in ("informationitem", "disclosureguide", "clarification"):
    rules.add_perm(f"disclosure.view_{model}", is_system_admin | is_auditor)
rules.add_perm("disclosure", is_system_admin | is_auditor)
