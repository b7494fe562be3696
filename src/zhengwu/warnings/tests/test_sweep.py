"""S-8 overdue warnings: levels, boundaries, idempotence, follow-ups (D-7 and R-3 alike)."""

from __future__ import annotations

import datetime as dt
import random
from io import StringIO

import pytest
from django.core.management import call_command

from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.notifications.models import Notification
from zhengwu.warnings import policy, services
from zhengwu.warnings.models import KeySupervisionItem, OverdueWarning, PhoneReminder
from zhengwu.workdays import services as deadlines
from zhengwu.workdays.models import Deadline
from zhengwu.workdays.selectors import current_calendar

pytestmark = pytest.mark.django_db


def at(day: str, hour: int = 9) -> dt.datetime:
    return clock.at_local(dt.date.fromisoformat(day), hour)


def levels(deadline: Deadline) -> list[int]:
    return sorted(deadline.warnings.values_list("level", flat=True))


def test_S8_cutoff_matches_the_engine_count_for_every_day(cast) -> None:
    cal = current_calendar()
    rng = random.Random(8)
    for _ in range(300):
        today = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700))
        n = rng.randrange(0, 6)
        cut = policy.cutoff(cal, today, n)
        for offset in range(-20, 3):
            due = cut + dt.timedelta(days=offset)
            assert (cal.overdue_workdays(due, today) > n) == (due < cut), (today, n, due)


def test_S8_levels_across_a_weekend(items) -> None:
    deadline = items.deadline(dt.date(2025, 11, 14))  # a Friday
    expected = {
        "2025-11-15": [],  # Saturday: not a working day
        "2025-11-17": [],  # Monday: 1 working day overdue, not more than 1
        "2025-11-18": [1],  # more than 1 → 1st warning
        "2025-11-19": [1, 2],  # more than 2 → 2nd warning
        "2025-11-20": [1, 2, 3],  # more than 3 → 3rd warning
    }
    for day, wanted in expected.items():
        services.sweep(at=at(day))
        assert levels(deadline) == wanted, day
    deadline.refresh_from_db()
    assert deadline.warning_level == 3


def test_S8_no_warning_during_national_day_and_adjusted_saturday_counts(items) -> None:
    # 2025-09-30 (Tue) is the last working day before the National Day holiday (10-01…10-08).
    deadline = items.deadline(dt.date(2025, 9, 30))
    for day in ["2025-10-01", "2025-10-04", "2025-10-08", "2025-10-09"]:
        services.sweep(at=at(day))
        assert levels(deadline) == [], day
    services.sweep(at=at("2025-10-10"))  # Fri: 2 working days overdue
    assert levels(deadline) == [1]
    services.sweep(at=at("2025-10-11"))  # Sat, an adjusted working day (调休): 3 overdue
    assert levels(deadline) == [1, 2]
    services.sweep(at=at("2025-10-12"))  # Sun: still 3
    assert levels(deadline) == [1, 2]
    services.sweep(at=at("2025-10-13"))
    assert levels(deadline) == [1, 2, 3]


def test_S8_sweep_is_idempotent_and_counts_per_level(items) -> None:
    for due in [dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 9)]:
        items.deadline(due)
    first = services.sweep(at=at("2026-03-10"))
    # 03-02: 6 overdue → 1,2,3; 03-03: 5 → 1,2,3; 03-09: 1 → none
    assert first.raised == {1: 2, 2: 2, 3: 2}
    again = services.sweep(at=at("2026-03-10"))
    assert again.raised == {1: 0, 2: 0, 3: 0}
    assert OverdueWarning.objects.count() == 6


def test_S8_paused_met_and_cancelled_deadlines_do_not_warn(items) -> None:
    paused = items.deadline(dt.date(2026, 3, 2))
    met = items.deadline(dt.date(2026, 3, 2))
    cancelled = items.deadline(dt.date(2026, 3, 2))
    deadlines.pause_deadline(by=None, deadline=paused, on=dt.date(2026, 3, 2))
    deadlines.meet_deadline(by=None, deadline=met, on=dt.date(2026, 3, 3))
    deadlines.cancel_deadline(by=None, deadline=cancelled)
    assert services.sweep(at=at("2026-03-20")).total == 0


def test_D7_and_R3_deadlines_warn_through_the_same_engine(items) -> None:
    d7 = items.deadline(dt.date(2026, 4, 1), rule_id="D-7")
    r3 = items.deadline(dt.date(2026, 4, 1), rule_id="R-3")
    services.sweep(at=at("2026-04-03"))  # Fri: 2 working days overdue (04-02, 04-03)
    assert levels(d7) == [1]
    assert levels(r3) == [1]


def test_S8_thresholds_are_policy_data(items) -> None:
    deadlines.set_time_limit(by=None, rule_id="S-8.1", amount=3, unit="workdays")
    deadline = items.deadline(dt.date(2025, 11, 14))
    services.sweep(at=at("2025-11-18"))  # 2 overdue: no longer more than the new 3
    assert levels(deadline) == []


def test_S8_second_warning_creates_phone_reminder_with_liaison_phone(items, cast) -> None:
    deadline = items.deadline(dt.date(2025, 11, 14))
    services.sweep(at=at("2025-11-19"))
    assert services.process_all_new_warnings() == 2
    reminder = PhoneReminder.objects.get(deadline=deadline)
    assert reminder.warning.level == 2
    assert reminder.contact_name == cast.air_liaison.full_name
    assert reminder.contact_phone == cast.air_liaison.mobile
    assert not KeySupervisionItem.objects.exists()
    # Each step is on the owner's timeline (audit events under the owner's type and id).
    actions = list(
        Event.objects.filter(object_type="test.item", object_id=deadline.owner_id)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        services.Actions.WARNING_RAISED,
        services.Actions.WARNING_RAISED,
        services.Actions.PHONE_REMINDER_OPENED,
    ]
    assert services.process_all_new_warnings() == 0  # nothing twice


def test_S8_third_warning_puts_the_item_on_the_key_supervision_list(items) -> None:
    deadline = items.deadline(dt.date(2025, 11, 14))
    services.sweep(at=at("2025-11-20"))
    services.process_all_new_warnings()
    item = KeySupervisionItem.objects.get(deadline=deadline)
    assert item.warning.level == 3
    assert Event.objects.filter(
        object_type="test.item", object_id=deadline.owner_id,
        action=services.Actions.KEY_ITEM_OPENED,
    ).exists()  # fmt: skip


def test_S8_warnings_notify_the_owners_recipients_never_hidden_people(items, cast) -> None:
    public = items.deadline(dt.date(2025, 11, 14))
    secret = items.deadline(dt.date(2025, 11, 14))
    items.confidential.add(secret.owner_id)
    services.sweep(at=at("2025-11-18"))
    with clock.frozen(at("2025-11-18")):
        services.process_all_new_warnings()
    liaison_titles = list(
        Notification.objects.filter(recipient=cast.air_liaison).values_list("title", flat=True)
    )
    assert liaison_titles == [f"第1次预警：测试事项{public.owner_id}已超期2个工作日"]
    # The head is named on the confidential item; the liaison is not.
    assert Notification.objects.filter(recipient=cast.air_head).count() == 2
    assert not Notification.objects.filter(recipient=cast.water_head).exists()


def test_S8_sweep_command_prints_counts_per_level(items) -> None:
    items.deadline(dt.date(2026, 12, 28))
    out = StringIO()
    with clock.frozen(at("2027-01-05", 10)):  # --at is in the past
        call_command("sweep", "--at", "2027-01-05T09:00", stdout=out)
        text = out.getvalue()
        # 2026-12-28 (Mon) → 2027-01-05: 12-29, 12-30, 12-31, 01-04, 01-05 (01-01 is New Year's)
        assert "level 1: 1 warnings raised" in text
        assert "level 3: 1 warnings raised" in text
        out = StringIO()
        call_command("sweep", "--at", "2027-01-05T09:00", stdout=out)
        assert "level 1: 0 warnings raised" in out.getvalue()


def test_S8_sweep_at_a_moment_after_now_is_a_dry_run_unless_committed(items) -> None:
    deadline = items.deadline(dt.date(2026, 12, 28))
    with clock.frozen(at("2026-12-01")):
        out = StringIO()
        call_command("sweep", "--at", "2027-01-05T09:00", stdout=out)
        text = out.getvalue()
        assert "level 1: 1 warnings would be raised" in text and "dry run" in text
        assert "level 3: 1 warnings would be raised" in text
        assert not OverdueWarning.objects.exists()
        assert Deadline.objects.get(pk=deadline.pk).warning_level == 0
        out = StringIO()
        call_command("sweep", "--at", "2027-01-05T09:00", "--commit-future", stdout=out)
        assert "level 1: 1 warnings raised" in out.getvalue()
        assert levels(deadline) == [1, 2, 3]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30T09:00"])
def test_foundation_sweep_refuses_an_absurd_moment_with_status_2(items, moment) -> None:
    items.deadline(dt.date(2026, 12, 28))
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=moment[:10]) as refused:
        call_command("sweep", "--at", moment, "--commit-future", stdout=StringIO())
    assert refused.value.returncode == 2
    assert not OverdueWarning.objects.exists()
