"""Permission rules for the organisation, the admin and personal data.

This is the one permissions layer (django-rules): every view, API endpoint and export asks
`person.has_perm(name, obj)`. A permission that no rule grants is denied.
"""

from __future__ import annotations

import rules

from zhengwu.org.models import Role
from zhengwu.org.selectors import has_role


def role_predicate(*roles: str) -> rules.Predicate:
    name = "has_role_" + "_or_".join(roles)

    @rules.predicate(name=name)
    def _predicate(user: object) -> bool:
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return False
        return has_role(user, *roles)  # type: ignore[arg-type]

    return _predicate


def bureau_of(obj: object) -> int | None:
    """The bureau a record belongs to: its own `bureau_id`, or that of the record it hangs on."""
    for path in ("bureau_id", "item", "task"):
        value = getattr(obj, path, None)
        if path == "bureau_id" and value is not None:
            return value  # type: ignore[return-value]
        if path != "bureau_id" and value is not None and getattr(value, "bureau_id", None):
            return value.bureau_id
    return None


def role_in_bureau(*roles: str) -> rules.Predicate:
    """Like `role_predicate`, but for a record: the role must be held in the record's bureau.

    Without a record (a list, a "new" page) any bureau of the person counts; scoping the list
    itself is the selectors' job (`org.selectors.bureaus_for`)."""
    name = "has_role_in_bureau_" + "_or_".join(roles)

    @rules.predicate(name=name)
    def _predicate(user: object, obj: object = None) -> bool:
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return False
        bureau_id = bureau_of(obj) if obj is not None else None
        return has_role(user, *roles, bureau_id=bureau_id)  # type: ignore[arg-type]

    return _predicate


@rules.predicate
def is_superuser(user: object) -> bool:
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


is_system_admin = is_superuser | role_predicate(Role.SYSTEM_ADMIN)
is_auditor = role_predicate(Role.AUDITOR)
is_director = role_predicate(Role.DIRECTOR)
is_leader = role_predicate(Role.DIRECTOR, Role.LEADER_IN_CHARGE)
is_office_staff = role_predicate(Role.OFFICE_STAFF)
is_supervision_staff = role_predicate(Role.SUPERVISION_STAFF)
is_hr = role_predicate(Role.HR)
is_calendar_admin = role_predicate(Role.CALENDAR_ADMIN)
is_staff_member = rules.is_authenticated & rules.is_active

rules.add_perm("core.access_staff", is_staff_member)
rules.add_perm("core.access_admin", is_system_admin | is_auditor)
# Personal data (mobile numbers, ID numbers) unmasked: those who must phone or check people.
rules.add_perm(
    "org.view_personal_data", is_system_admin | is_office_staff | is_supervision_staff | is_hr
)

# Django admin model permissions for the organisation: administrators manage, auditors read.
for model in ("bureau", "orgunit", "person", "roleassignment"):
    rules.add_perm(f"org.view_{model}", is_system_admin | is_auditor)
    rules.add_perm(f"org.add_{model}", is_system_admin)
    rules.add_perm(f"org.change_{model}", is_system_admin)
    # Nothing is ever lost: people and units are deactivated, not deleted.
    rules.add_perm(f"org.delete_{model}", rules.always_deny)
rules.set_perm("org.delete_roleassignment", is_system_admin)

# Admin index: which app sections an administrator or auditor sees.
rules.add_perm("org", is_system_admin | is_auditor)
