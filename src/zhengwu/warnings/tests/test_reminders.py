"""Reminders before the deadline, in allowed hours only; S-10 report day; calendar warning."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengwu.core import clock
from zhengwu.notifications.models import Notification
from zhengwu.warnings import policy, services
from zhengwu.warnings.models import QuietHours, Reminder
from zhengwu.workdays.selectors import current_calendar

pytestmark = pytest.mark.django_db


def local(day: str, hour: int, minute: int = 0) -> dt.datetime:
    return clock.at_local(dt.date.fromisoformat(day), hour, minute)


def titles(person) -> list[str]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(recipient=person).values_list("title", flat=True))


def test_S9_reminder_the_working_day_before_and_the_morning_of(items, cast) -> None:
    items.deadline(dt.date(2025, 11, 17))  # Monday; the working day before is Friday 11-14
    assert services.send_due_reminders(at=local("2025-11-14", 8, 30)) == 0  # before 09:00
    assert services.send_due_reminders(at=local("2025-11-14", 9, 5)) == 1
    assert services.send_due_reminders(at=local("2025-11-14", 15)) == 0  # once only
    assert titles(cast.air_liaison) == ["提醒：测试事项1将于2025-11-17到期"]
    assert services.send_due_reminders(at=local("2025-11-17", 8, 35)) == 1
    assert Reminder.objects.filter(status="sent").count() == 2


def test_S9_no_reminders_at_night_or_on_days_off(items) -> None:
    items.deadline(dt.date(2025, 10, 9))  # Thursday after National Day; day before is 10-08 (off)
    # The day-before reminder is due on the previous working day, 2025-09-30 (Tue) at 09:00.
    assert services.send_due_reminders(at=local("2025-10-04", 10)) == 0  # holiday: quiet
    assert services.send_due_reminders(at=local("2025-10-09", 6)) == 0  # night: quiet
    # Worker was down: at the first allowed moment only the latest reminder goes out.
    assert services.send_due_reminders(at=local("2025-10-09", 8, 40)) == 1
    kinds = dict(Reminder.objects.values_list("kind", "status"))
    assert kinds == {"day_before": "skipped", "morning_of": "sent"}


def test_S9_quiet_hours_are_policy_data(items) -> None:
    QuietHours.objects.filter(pk=1).update(allowed_from=dt.time(10, 0))
    items.deadline(dt.date(2025, 11, 17))
    cal = current_calendar()
    moved = policy.next_allowed(cal, local("2025-11-14", 9))
    assert moved == local("2025-11-14", 10)
    assert services.send_due_reminders(at=local("2025-11-14", 9, 30)) == 0
    assert services.send_due_reminders(at=local("2025-11-14", 10)) == 1
    late = policy.next_allowed(cal, local("2025-11-14", 21))  # Friday night → Monday 10:00
    assert late == local("2025-11-17", 10)


def test_S10_weekly_report_day_is_friday_or_the_last_working_day_before() -> None:
    cal = current_calendar()
    assert policy.weekly_report_day(cal, dt.date(2025, 11, 12)) == dt.date(2025, 11, 14)
    # 2025-10-03 (Fri) is National Day: that week has no working day from Wed 10-01 on.
    assert policy.weekly_report_day(cal, dt.date(2025, 10, 1)) == dt.date(2025, 9, 30)
    # 2025-10-10: the Friday after the holiday is a working day again.
    assert policy.weekly_report_day(cal, dt.date(2025, 10, 9)) == dt.date(2025, 10, 10)
    # 2024-10-04 (Fri): the whole Mon–Fri (10-01…10-04 off, Mon 09-30 works) → Monday.
    assert policy.weekly_report_day(cal, dt.date(2024, 10, 2)) == dt.date(2024, 9, 30)


def test_calendar_warning_tells_administrators_once(cast) -> None:
    assert services.warn_unconfirmed_calendar(at=local("2026-10-15", 9)) == 0  # before November
    assert services.warn_unconfirmed_calendar(at=local("2026-11-02", 9)) == 1
    assert services.warn_unconfirmed_calendar(at=local("2026-11-03", 9)) == 0
    assert titles(cast.admin) == ["2027年的工作日历尚未载入"]


@pytest.mark.parametrize("moment", ["2026-11-27T08:00:03+00:00", "2026-11-27T20:00:00+00:00"])
def test_S8_quiet_hours_pass_the_system_check_at_their_own_edges(moment) -> None:
    """`zhengwu check --deploy` must not warn just because it runs at 08:00 or 20:00."""
    import time_machine

    with time_machine.travel(dt.datetime.fromisoformat(moment), tick=False):
        problems = [
            p
            for f in ("allowed_from", "allowed_until")
            for p in QuietHours._meta.get_field(f).check()
        ]
    assert problems == []
    assert QuietHours().allowed_from == dt.time(8, 0)
    assert QuietHours().allowed_until == dt.time(20, 0)
