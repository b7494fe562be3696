"""Who may read and change the working-day calendar and the time limits (default deny)."""

from __future__ import annotations

import rules

from zhengwu.org.rules import is_auditor, is_calendar_admin, is_staff_member, is_system_admin

# Every staff member reads the calendar, the time limits and how a deadline is computed (point 6).
rules.add_perm("workdays.view_calendar", is_staff_member)
rules.add_perm("workdays.view_time_limits", is_staff_member)
rules.add_perm("workdays.compute_deadline", is_staff_member)
# Loading a State Council notice changes every deadline: calendar administrators and system
# administrators only (security review; formerly any office clerk).
rules.add_perm("workdays.import_notice", is_system_admin | is_calendar_admin)

# Django admin (point 1): administrators edit the calendar, auditors read it.
rules.add_perm("workdays", is_system_admin | is_auditor)
for model in ("calendarday", "calendaryear", "timelimit"):
    rules.add_perm(f"workdays.view_{model}", is_system_admin | is_auditor)
rules.add_perm("workdays.add_calendarday", is_system_admin)
rules.add_perm("workdays.change_calendarday", is_system_admin)
rules.add_perm("workdays.delete_calendarday", is_system_admin)  # reverts to the weekend rule
rules.add_perm("workdays.add_calendaryear", is_system_admin)
rules.add_perm("workdays.change_calendaryear", is_system_admin)
rules.add_perm("workdays.delete_calendaryear", rules.always_deny)
# A time limit is never edited in place: a change is a new version (point 7).
rules.add_perm("workdays.add_timelimit", is_system_admin)
rules.add_perm("workdays.change_timelimit", rules.always_deny)
rules.add_perm("workdays.delete_timelimit", rules.always_deny)
