"""Deadlines from the database calendar and the policy data (S-1…S-4, D-7, R-3, R-5)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from zhengwu.audit.models import Event
from zhengwu.core.errors import DomainError
from zhengwu.workdays import selectors, services
from zhengwu.workdays.models import CalendarDay, CalendarYear, Deadline, DeadlineStatus, LimitUnit
from zhengwu.workdays.policy import current_limit

pytestmark = pytest.mark.django_db

D = dt.date


def test_fresh_database_knows_every_year_the_package_covers() -> None:
    years = set(CalendarYear.objects.filter(status="confirmed").values_list("year", flat=True))
    package_years = {d.year for d in chinese_calendar.constants.holidays}
    assert package_years <= years
    national_day = CalendarDay.objects.get(day=D(2025, 10, 1))
    assert (national_day.is_workday, national_day.name, national_day.source) == (
        False,
        "国庆节",
        "package",
    )


def test_database_calendar_agrees_with_the_package_for_2025() -> None:
    cal = selectors.current_calendar()
    day = D(2025, 1, 1)
    while day.year == 2025:
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_R3_twenty_workdays_across_national_day_2025() -> None:
    result = selectors.compute("R-3", D(2025, 9, 26))
    # 9-29, 9-30, (9-28 adjusted Sunday is before), 10-9, 10-10, 10-11 (adjusted Saturday) …
    assert result.due_date == chinese_calendar.find_workday(20, D(2025, 9, 26))
    assert result.calendar_years == [2025]
    text = result.explain()
    assert "2025-09-26" in text and result.due_date.isoformat() in text
    assert "（依据《中华人民共和国政府信息公开条例》第三十三条）" in text and "R-3" not in text


def test_S1_task_received_on_a_day_off_starts_on_the_next_working_day() -> None:
    # Saturday 2026-11-28 → counting from Monday 11-30 → 1 working day later: Tuesday 12-01.
    assert selectors.compute("S-1", D(2026, 11, 28)).due_date == D(2026, 12, 1)
    assert selectors.compute("S-2", D(2026, 11, 27)).due_date == D(2026, 12, 1)


def test_S4_four_weeks_roll_forward_past_a_holiday() -> None:
    # 2025-09-03 + 28 days = 2025-10-01, National Day: rolled to the first working day, 10-09.
    result = selectors.compute("S-4", D(2025, 9, 3))
    assert result.due_date == D(2025, 10, 9)
    assert result.time_limit.unit == LimitUnit.WEEKS


def test_unconfirmed_year_is_marked() -> None:
    CalendarYear.objects.filter(year__gte=2027).delete()
    result = selectors.compute("R-3", D(2026, 12, 20))
    assert result.unconfirmed_years == [2027]
    assert "2027" in result.explain()


def test_open_deadline_keeps_its_policy_version_and_is_audited(cast) -> None:
    deadline = services.open_deadline(
        by=cast.office_staff, owner=("test.thing", 1), rule_id="D-7", start=D(2026, 3, 2)
    )
    assert deadline.due_date == D(2026, 3, 30)
    new = services.set_time_limit(by=cast.admin, rule_id="D-7", amount=15, unit="workdays")
    assert current_limit("D-7") == new
    deadline.refresh_from_db()
    assert deadline.time_limit.version == 1
    assert Event.objects.for_object(deadline).get().action == "workdays.deadline_opened"


def test_R5_pause_moves_the_due_date_by_the_working_days_paused(cast) -> None:
    deadline = services.open_deadline(
        by=None, owner=("test.app", 7), rule_id="R-3", start=D(2026, 3, 2)
    )
    original = deadline.due_date
    services.pause_deadline(by=None, deadline=deadline, on=D(2026, 3, 5))
    deadline = services.resume_deadline(by=None, deadline=deadline, on=D(2026, 3, 12))
    assert deadline.paused_workdays == 5
    assert deadline.due_date == selectors.current_calendar().add_workdays(original, 5)


def test_R3_only_one_extension_within_the_limit(cast) -> None:
    deadline = services.open_deadline(
        by=None, owner=("test.app", 8), rule_id="R-3", start=D(2026, 3, 2)
    )
    with pytest.raises(DomainError):
        services.extend_deadline(by=None, deadline=deadline, workdays=21)
    deadline = services.extend_deadline(by=None, deadline=deadline, workdays=20)
    assert selectors.current_calendar().workdays_between(D(2026, 3, 2), deadline.due_date) == 40
    with pytest.raises(DomainError):
        services.extend_deadline(by=None, deadline=deadline, workdays=5)


def test_met_deadline_reports_on_time_or_late(cast) -> None:
    deadline = services.open_deadline(
        by=None, owner=("test.app", 9), rule_id="S-1", start=D(2026, 3, 2)
    )
    deadline = services.meet_deadline(by=None, deadline=deadline, on=D(2026, 3, 4))
    assert deadline.status == DeadlineStatus.MET
    assert deadline.met_on_time is False
    with pytest.raises(DomainError):
        services.meet_deadline(by=None, deadline=deadline)


def test_recompute_moves_deadlines_of_a_changed_year(cast) -> None:
    deadline = services.open_deadline(
        by=None, owner=("test.app", 10), rule_id="S-3", start=D(2026, 3, 2)
    )
    assert deadline.due_date == D(2026, 3, 5)
    CalendarDay.objects.create(day=D(2026, 3, 4), is_workday=False, name="测试", source="manual")
    services.bump_calendar_version()
    moved = services.recompute_open_deadlines(by=None, years={2026})
    assert [(d.pk, previous) for d, previous in moved] == [(deadline.pk, D(2026, 3, 5))]
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 3, 6)
    assert "2026-03-06" in Deadline.objects.get(pk=deadline.pk).explain()


def test_S4_plan_node_deadline_is_fixed_and_must_be_a_working_day(cast) -> None:
    with pytest.raises(DomainError):
        services.open_fixed_deadline(
            by=None, owner=("test.node", 1), rule_id="S-4", start=D(2026, 9, 1),
            due_date=D(2026, 10, 3),
        )  # fmt: skip
    deadline = services.open_fixed_deadline(
        by=None, owner=("test.node", 1), rule_id="S-4", start=D(2026, 9, 1), due_date=D(2026, 10, 9)
    )
    assert deadline.fixed and deadline.due_date == D(2026, 10, 9)
    assert "2026-10-09" in deadline.explain()
    moved = services.recompute_open_deadlines(by=None, years={2026})
    assert moved == []


def test_foundation_time_limit_admin_names_rules_in_words(cast, client) -> None:
    """The administrators' time-limit pages list and offer rules by name (研究部署反馈, 答复期限),
    never by rule code; a new version is still stored under its rule."""
    import re

    code = re.compile(r"(?<![A-Za-z0-9_-])[SDR]-\d+(?![A-Za-z0-9_])")
    services.set_time_limit(by=cast.admin, rule_id="D-7", amount=15, unit="workdays")
    client.force_login(cast.admin)
    listing = client.get("/admin/workdays/timelimit/").content.decode()
    assert "研究部署反馈" in listing
    limit = current_limit("D-7")
    for url in (
        "/admin/workdays/timelimit/",
        "/admin/workdays/timelimit/add/",
        f"/admin/workdays/timelimit/{limit.pk}/change/",
    ):
        # What people read: the text, not the values of the choices sent back
        shown = re.sub(r"<[^>]*>", " ", client.get(url).content.decode())
        assert not code.findall(shown), (url, code.findall(shown)[:5])
    add = client.get("/admin/workdays/timelimit/add/").content.decode()
    assert f'<option value="D-7">{limit.label}</option>' in add
    response = client.post(
        "/admin/workdays/timelimit/add/",
        {"rule_id": "D-7", "amount": "16", "unit": "workdays", "note": ""},
    )
    assert response.status_code == 302
    assert current_limit("D-7").amount == 16
