"""The calendar as data: notice import, manual edits, year status, recomputation (issue 3)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import chinese_calendar
import pytest
from django.core.management import CommandError, call_command

from zhengwu.audit.models import Event
from zhengwu.core.errors import DomainError
from zhengwu.workdays import owners, selectors, services
from zhengwu.workdays.models import (
    CalendarDay,
    CalendarVersion,
    CalendarYear,
    DaySource,
    YearStatus,
)
from zhengwu.workdays.tests.samples import NOTICE_2027, sample

pytestmark = pytest.mark.django_db

D = dt.date


def _days(year: int):
    day = D(year, 1, 1)
    while day.year == year:
        yield day
        day += dt.timedelta(days=1)


def _version() -> int:
    return CalendarVersion.objects.get(id=1).version


@pytest.mark.parametrize("name,year", [("2025.txt", 2025), ("2017.txt", 2017), ("2012.txt", 2012)])
def test_R3_imported_notice_agrees_with_the_package_on_every_day(name: str, year: int) -> None:
    result = services.import_notice(by=None, texts=[sample(name)])
    assert result.plan.years == [year]
    assert CalendarYear.objects.get(year=year).source == DaySource.NOTICE
    cal = selectors.current_calendar()
    wrong = [d for d in _days(year) if cal.is_workday(d) != chinese_calendar.is_workday(d)]
    assert wrong == []
    assert CalendarDay.objects.filter(day__year=year, source=DaySource.NOTICE).exists()


def test_R3_2020_extension_wins_whatever_the_file_order() -> None:
    # The extension (signed 2020-01-26) comes first in the list: it still amends the original.
    services.import_notice(
        by=None,
        texts=[sample("2020-extra.txt"), sample("2020.txt")],
        confirm_implausible=True,  # 10 days off in a row: a real notice beyond the usual bounds
        reason="国务院办公厅延长2020年春节假期",
    )
    feb_1 = CalendarDay.objects.get(day=D(2020, 2, 1))
    assert feb_1.is_workday is False  # 调休 Saturday of the original, a holiday after the extension
    cal = selectors.current_calendar()
    assert [d for d in _days(2020) if cal.is_workday(d) != chinese_calendar.is_workday(d)] == []


def test_R3_unreadable_notice_refuses_the_whole_import_and_names_the_line() -> None:
    broken = sample("2025.txt").replace("4月4日(周五)至6日(周日)放假", "4月4日(周五)至某日放假")
    before = (CalendarDay.objects.count(), _version(), Event.objects.count())
    with pytest.raises(DomainError) as refused:
        services.import_notice(by=None, texts=[NOTICE_2027, broken])
    assert "清明节" in refused.value.message and refused.value.code == "unreadable"
    assert (CalendarDay.objects.count(), _version(), Event.objects.count()) == before
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_R3_import_reports_added_changed_removed_and_confirms_the_year(cast) -> None:
    # A manual day in 2027 that the notice does not fix: it reverts to the weekend rule.
    services.set_calendar_day(by=cast.admin, day=D(2027, 3, 1), is_workday=False, name="测试")
    assert not selectors.is_year_confirmed(2027)
    result = services.import_notice(by=cast.admin, texts=[NOTICE_2027])
    counts = result.plan.counts(2027)
    assert (counts["added"], counts["changed"], counts["removed"]) == (11, 0, 1)
    assert not CalendarDay.objects.filter(day=D(2027, 3, 1)).exists()
    assert CalendarDay.objects.get(day=D(2027, 2, 14)).is_workday is True
    assert selectors.is_year_confirmed(2027)
    event = Event.objects.filter(action=services.Actions.NOTICE_IMPORTED).get()
    assert event.actor_id == cast.admin.pk
    assert "2027-03-01,holiday->weekend-rule" in event.after["removed"]


def test_S1_package_days_a_notice_no_longer_fixes_revert_to_the_weekend_rule() -> None:
    # A notice for 2025 that only arranges New Year's Day: every other package day of 2025 goes.
    only_new_year = "\n".join(
        line
        for line in sample("2025.txt").splitlines()
        if not line.startswith(("二", "三", "四", "五", "六"))
    )
    result = services.import_notice(by=None, texts=[only_new_year])
    assert list(CalendarDay.objects.filter(day__year=2025).values_list("day", flat=True)) == [
        D(2025, 1, 1)
    ]
    assert result.plan.counts(2025)["removed"] > 0
    assert selectors.current_calendar().is_workday(D(2025, 10, 1))  # a Wednesday, weekend rule


def test_S1_days_fixed_by_an_earlier_stored_notice_of_the_year_stay() -> None:
    services.import_notice(by=None, texts=[sample("2020.txt")])
    services.import_notice(
        by=None, texts=[sample("2020-extra.txt")], confirm_implausible=True, reason="延长春节假期"
    )
    # The original's National Day days are still there, the extension's days too.
    assert CalendarDay.objects.get(day=D(2020, 10, 8)).source == DaySource.NOTICE
    assert CalendarDay.objects.get(day=D(2020, 2, 1)).is_workday is False


def test_R3_import_moves_open_deadlines_audits_and_tells_listeners_after_commit(
    cast, django_capture_on_commit_callbacks
) -> None:
    # Received 2026-12-24: 20 working days reach into unconfirmed 2027 (weekend rule).
    deadline = services.open_deadline(
        by=cast.office_staff, owner=("test.application", 7), rule_id="R-3", start=D(2026, 12, 24)
    )
    assert deadline.unconfirmed_years == [2027]
    previous_due = deadline.due_date
    heard: list[tuple[int, dt.date]] = []
    listener = lambda d, prev: heard.append((d.pk, prev))  # noqa: E731
    owners.deadline_moved_listeners.append(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.import_notice(by=cast.admin, texts=[NOTICE_2027])
            assert heard == []  # nobody hears of it before the commit
        assert heard == [(deadline.pk, previous_due)]
        assert callbacks
    finally:
        owners.deadline_moved_listeners.remove(listener)
    deadline.refresh_from_db()
    # 1–3 January 2027 are now holidays: the due date moves one working day later.
    assert deadline.due_date == selectors.current_calendar().add_workdays(D(2026, 12, 24), 20)
    assert deadline.due_date > previous_due and deadline.unconfirmed_years == []
    moved = Event.objects.for_object(deadline).filter(action=services.Actions.DEADLINE_RECOMPUTED)
    assert moved.get().before["due_date"] == previous_due.isoformat()


def test_S3_listener_is_called_once_per_moved_deadline(cast, django_capture_on_commit_callbacks):
    moving = [
        services.open_deadline(by=None, owner=("test.thing", i), rule_id="S-3", start=start)
        for i, start in enumerate([D(2026, 12, 30), D(2026, 12, 31)])
    ]
    services.open_deadline(by=None, owner=("test.thing", 9), rule_id="S-3", start=D(2026, 3, 2))
    calls: list[int] = []
    owners.deadline_moved_listeners.append(lambda d, prev: calls.append(d.pk))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.import_notice(by=None, texts=[NOTICE_2027])
    finally:
        owners.deadline_moved_listeners.pop()
    assert sorted(calls) == sorted(d.pk for d in moving)


def test_owner_registry_names_recipients_and_pages(cast) -> None:
    owners.register_owner(
        "test.owned",
        recipients=lambda d: [cast.air_head],
        describe=lambda d: f"任务{d.owner_id}",
        url=lambda d: f"/staff/tasks/{d.owner_id}/",
    )
    try:
        deadline = services.open_deadline(
            by=None, owner=("test.owned", 5), rule_id="S-2", start=D(2026, 3, 2)
        )
        assert owners.recipients_of(deadline) == [cast.air_head]
        assert owners.describe_owner(deadline) == "任务5"
        assert owners.owner_url(deadline) == "/staff/tasks/5/"
    finally:
        owners.owner_types.pop("test.owned")
    assert owners.recipients_of(deadline) == []


def test_D7_manual_day_edit_is_audited_bumps_the_version_and_recomputes(cast) -> None:
    deadline = services.open_deadline(
        by=None, owner=("test.item", 1), rule_id="D-7", start=D(2026, 3, 2)
    )
    assert deadline.due_date == D(2026, 3, 30)
    version = _version()
    row = services.set_calendar_day(
        by=cast.admin, day=D(2026, 3, 10), is_workday=False, name="测试"
    )
    assert row is not None and row.source == DaySource.MANUAL
    assert _version() == version + 1
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 3, 31)
    event = Event.objects.filter(action=services.Actions.CALENDAR_DAY_CHANGED).get()
    assert event.actor_id == cast.admin.pk and event.after["source"] == "manual"
    # Reverting the day: the weekend rule again, and the deadline moves back.
    assert services.set_calendar_day(by=cast.admin, day=D(2026, 3, 10), is_workday=None) is None
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 3, 30)
    with pytest.raises(DomainError):
        services.set_calendar_day(by=cast.admin, day=D(2026, 3, 10), is_workday=None)


def test_S4_year_status_change_marks_deadlines_unconfirmed(cast) -> None:
    deadline = services.open_deadline(
        by=None, owner=("test.task", 1), rule_id="S-4", start=D(2026, 6, 1)
    )
    assert deadline.unconfirmed_years == []
    services.set_year_status(by=cast.admin, year=2026, status=YearStatus.UNCONFIRMED)
    deadline.refresh_from_db()
    assert deadline.unconfirmed_years == [2026]
    assert Event.objects.filter(action=services.Actions.CALENDAR_YEAR_CHANGED).count() == 1
    with pytest.raises(DomainError):
        services.set_year_status(by=cast.admin, year=2026, status="maybe")


# -- command line -------------------------------------------------------------------------------


def _run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_R3_cli_parse_notice_prints_every_date(tmp_path) -> None:
    path = tmp_path / "2025.txt"
    path.write_text(sample("2025.txt"), encoding="utf-8")
    lines = _run("parse-notice", str(path)).splitlines()
    assert lines[0] == "2025-01-01,holiday,元旦"
    assert "2025-01-26,workday,春节" in lines
    assert all(line.split(",")[1] in {"holiday", "workday"} for line in lines)


def test_R3_cli_import_notice_prints_changes_and_refuses_a_broken_one(tmp_path) -> None:
    good = tmp_path / "2027.txt"
    good.write_text(NOTICE_2027, encoding="utf-8")
    out = _run("import-notice", str(good))
    assert "added: 2027-01-01,holiday,元旦" in out
    assert "2027年：新增11天，变更0天，删除0天" in out
    bad = tmp_path / "bad.txt"
    bad.write_text(NOTICE_2027.replace("1月1日(周五)至3日", "1月1日(周五)至X日"), encoding="utf-8")
    with pytest.raises(CommandError, match="元旦"):
        _run("import-notice", str(bad))


def test_R3_cli_add_marks_unconfirmed_years() -> None:
    assert _run("add", "2025-09-26", "20").strip() == "2025-10-30"
    assert _run("add", "2026-12-24", "20").strip() == "2027-01-21 unconfirmed: 2027"
    assert _run("between", "2025-09-26", "2025-10-30").strip() == "20"
    assert _run("is-workday", "2025-10-01").strip() == "no"
    assert _run("is-workday", "2025-09-28").strip() == "yes"
    with pytest.raises(CommandError):
        _run("add", "2025-13-01", "3")


def test_foundation_the_2015_victory_day_notice_changes_three_days_and_nothing_else() -> None:
    """A one-off notice amends its year: the days it names, and no other (its year keeps the
    rest of its calendar); afterwards every day of 2015 agrees with chinese_calendar."""
    from zhengwu.workdays.tests.test_notice import VICTORY_DAY_2015

    before = {row.day: row.is_workday for row in CalendarDay.objects.filter(day__year=2015)}
    status = CalendarYear.objects.filter(year=2015).values_list("status", flat=True).first()
    result = services.import_notice(by=None, texts=[VICTORY_DAY_2015])
    assert result.plan.implausible() == [] and result.plan.removed_days == []
    after = {row.day: row.is_workday for row in CalendarDay.objects.filter(day__year=2015)}
    assert {d for d in after if after[d] != before.get(d, d.weekday() < 5)} <= {
        D(2015, 9, 3),
        D(2015, 9, 4),
        D(2015, 9, 6),
    }
    assert CalendarDay.objects.get(day=D(2015, 9, 4)).source == DaySource.NOTICE
    cal = selectors.current_calendar()
    assert [d for d in _days(2015) if cal.is_workday(d) != chinese_calendar.is_workday(d)] == []
    assert not cal.is_workday(D(2015, 9, 3)) and cal.is_workday(D(2015, 9, 6))
    assert CalendarYear.objects.get(year=2015).status == (status or "unconfirmed")
