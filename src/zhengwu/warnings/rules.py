"""Who may see and work the warning engine's lists (default deny).

Confidentiality (S-13) is the owner's: a deadline whose owner says `visible_to(...) is False` for a
person is invisible to that person in every list, count and notice, whatever the role.
"""

from __future__ import annotations

import rules

from zhengwu.org.rules import (
    is_leader,
    is_office_staff,
    is_supervision_staff,
    is_system_admin,
)
from zhengwu.workdays.owners import owner_of


@rules.predicate
def can_see_deadline_of(user: object, obj: object) -> bool:
    """Object-level: the owner of the deadline behind `obj` lets this person see it."""
    if obj is None:
        return True  # list-level question; each row is filtered again
    deadline = getattr(obj, "deadline", None)
    if deadline is None:
        return False
    owner = owner_of(deadline)
    return True if owner is None else bool(owner.visible_to(deadline, user))


# S-8: the office runs the phone reminders (局办公室 runs the liaison mechanism, S-6).
rules.add_perm("warnings.view_phone_reminders", is_office_staff | is_leader)
rules.add_perm("warnings.view_phone_reminder", (is_office_staff | is_leader) & can_see_deadline_of)
rules.add_perm("warnings.record_call", is_office_staff & can_see_deadline_of)
# S-8: the supervision office works the key supervision list; director and leaders follow it.
rules.add_perm("warnings.view_key_items", is_supervision_staff | is_leader | is_office_staff)
rules.add_perm(
    "warnings.view_key_item",
    (is_supervision_staff | is_leader | is_office_staff) & can_see_deadline_of,
)
rules.add_perm("warnings.work_key_item", is_supervision_staff & can_see_deadline_of)
# S-14: accountability cases are opened and concluded by the supervision office.
rules.add_perm("warnings.open_accountability_case", is_supervision_staff & can_see_deadline_of)
# Running a sweep by hand (API) is for administrators; the worker runs it on schedule.
rules.add_perm("warnings.run_sweep", is_system_admin)

# Django admin: administrators read the engine's rows and edit its policy data.
rules.add_perm("warnings", is_system_admin)
for _model in ("overduewarning", "phonereminder", "phonecall", "keysupervisionitem",
               "keyitementry", "reminder", "accountabilitycase"):  # fmt: skip
    rules.add_perm(f"warnings.view_{_model}", is_system_admin)
for _model in ("reminderrule", "quiethours"):
    rules.add_perm(f"warnings.view_{_model}", is_system_admin)
    rules.add_perm(f"warnings.change_{_model}", is_system_admin)
