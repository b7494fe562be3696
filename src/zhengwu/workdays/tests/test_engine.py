"""Tests of the working-day engine (S-1..S-4, D-7, R-3..R-5; spec "Working days").

Reference points: ``chinese_calendar`` (its ``find_workday(n, d)`` is "the n-th working day after
the first working day on or after d", i.e. our ``due_after_receipt``) and naive day-by-day loops.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import chinese_calendar
import pytest
from chinese_calendar import constants
from hypothesis import given, settings
from hypothesis import strategies as st

from zhengwu.workdays.engine import WorkCalendar
from zhengwu.workdays.notice import parse_notice

ONE_DAY = dt.timedelta(days=1)
# chinese_calendar refuses dates after its last year; keep n ≤ 40 answers inside 2026.
PACKAGE_FIRST = dt.date(min(constants.holidays).year, 1, 1)
PACKAGE_SAFE_LAST = dt.date(max(constants.holidays).year, 10, 31)


@cache
def calendar() -> WorkCalendar:
    return WorkCalendar.from_chinese_calendar()


def package_is_workday(day: dt.date) -> bool:
    """chinese_calendar where it has data, the weekend rule elsewhere (as our engine does)."""
    if PACKAGE_FIRST.year <= day.year <= max(constants.holidays).year:
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def naive_add(day: dt.date, n: int, is_workday=package_is_workday) -> dt.date:
    found = 0
    while found < n:
        day += ONE_DAY
        found += is_workday(day)
    return day


def naive_between(start: dt.date, end: dt.date, is_workday=package_is_workday) -> int:
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        count += is_workday(day)
    return sign * count


def weekend_rule(day: dt.date) -> bool:
    return day.weekday() < 5


package_dates = st.dates(min_value=PACKAGE_FIRST, max_value=PACKAGE_SAFE_LAST)
any_dates = st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31))
outside_span = st.one_of(
    st.dates(min_value=dt.date(1700, 1, 1), max_value=dt.date(1999, 10, 1)),
    st.dates(min_value=dt.date(2041, 1, 1), max_value=dt.date(2300, 12, 31)),
)
small_n = st.integers(min_value=1, max_value=40)


# ---------------------------------------------------------------------------------------------
# Agreement with chinese_calendar and with naive loops
# ---------------------------------------------------------------------------------------------


def test_from_chinese_calendar_confirms_the_package_years() -> None:
    cal = calendar()
    first, last = min(constants.holidays).year, max(constants.holidays).year
    assert cal.confirmed_years == frozenset(range(first, last + 1))
    assert cal.name_of(dt.date(2025, 1, 29)) == "春节"
    assert cal.name_of(dt.date(2025, 3, 3)) is None


def test_is_workday_matches_chinese_calendar_every_day() -> None:
    cal = calendar()
    day, last = PACKAGE_FIRST, dt.date(max(constants.holidays).year, 12, 31)
    while day <= last:
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += ONE_DAY


@settings(max_examples=400, deadline=None)
@given(day=package_dates, n=small_n)
def test_due_after_receipt_equals_find_workday(day: dt.date, n: int) -> None:
    cal = calendar()
    assert cal.due_after_receipt(day, n) == chinese_calendar.find_workday(n, day)
    if chinese_calendar.is_workday(day):
        # On a working day the two notions coincide: add_workdays is find_workday.
        assert cal.add_workdays(day, n) == chinese_calendar.find_workday(n, day)


@settings(max_examples=400, deadline=None)
@given(day=package_dates, n=small_n)
def test_add_workdays_equals_naive_loop(day: dt.date, n: int) -> None:
    assert calendar().add_workdays(day, n) == naive_add(day, n)


@settings(max_examples=400, deadline=None)
@given(day=any_dates, n=st.integers(min_value=0, max_value=600))
def test_workdays_between_inverts_add_workdays(day: dt.date, n: int) -> None:
    cal = calendar()
    target = cal.add_workdays(day, n)
    assert cal.workdays_between(day, target) == n
    assert cal.workdays_between(target, day) == -n
    if n:
        assert cal.is_workday(target)
        # Nothing earlier would do: the day before holds only n-1 working days after ``day``.
        assert cal.workdays_between(day, target - ONE_DAY) == n - 1


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=dt.date(1998, 1, 1), max_value=dt.date(2043, 12, 31)),
    length=st.integers(min_value=-400, max_value=400),
)
def test_workdays_between_equals_naive_count(start: dt.date, length: int) -> None:
    end = start + dt.timedelta(days=length)
    assert calendar().workdays_between(start, end) == naive_between(start, end)


# ---------------------------------------------------------------------------------------------
# Outside the precomputed span: the weekend rule, in closed form
# ---------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(day=outside_span, n=st.integers(min_value=1, max_value=300))
def test_outside_span_follows_weekend_rule(day: dt.date, n: int) -> None:
    cal = calendar()
    first, last = cal.span
    assert not first <= day <= last
    assert cal.is_workday(day) == weekend_rule(day)
    assert cal.add_workdays(day, n) == naive_add(day, n, weekend_rule)
    end = day + dt.timedelta(days=n)
    assert cal.workdays_between(day, end) == naive_between(day, end, weekend_rule)


@pytest.mark.parametrize("edge", ["start", "end"])
def test_queries_crossing_the_span_edges(edge: str) -> None:
    cal = calendar()
    first, last = cal.span
    anchor = first if edge == "start" else last
    for offset in range(-30, 31):
        day = anchor + dt.timedelta(days=offset)
        for n in (1, 2, 5, 20, 40, 300):
            assert cal.add_workdays(day, n) == naive_add(day, n), (day, n)
            assert cal.workdays_between(day - dt.timedelta(days=n), day) == naive_between(
                day - dt.timedelta(days=n), day
            )


def test_data_outside_the_default_span_extends_it() -> None:
    holiday = dt.date(2050, 10, 3)  # a Monday
    cal = WorkCalendar({holiday: False, dt.date(2050, 10, 8): True}, confirmed_years={2050})
    assert cal.span[1] >= dt.date(2052, 12, 31)
    assert not cal.is_workday(holiday)
    assert cal.is_workday(dt.date(2050, 10, 8))  # a Saturday made a working day
    assert cal.add_workdays(dt.date(2050, 9, 30), 1) == dt.date(2050, 10, 4)


def test_huge_n_is_closed_form() -> None:
    cal = calendar()
    day = dt.date(2025, 1, 1)
    target = cal.add_workdays(day, 1_000_000)  # far beyond the tables: must not loop
    assert cal.workdays_between(day, target) == 1_000_000
    assert target.year > 5800


# ---------------------------------------------------------------------------------------------
# API edges
# ---------------------------------------------------------------------------------------------


def test_add_workdays_zero_and_negative() -> None:
    cal = calendar()
    saturday = dt.date(2025, 3, 1)
    assert cal.add_workdays(saturday, 0) == saturday
    with pytest.raises(ValueError):
        cal.add_workdays(saturday, -1)


def test_day_itself_never_counts() -> None:
    cal = calendar()
    monday, saturday = dt.date(2025, 3, 3), dt.date(2025, 3, 1)
    assert cal.add_workdays(monday, 1) == dt.date(2025, 3, 4)
    assert cal.add_workdays(saturday, 1) == monday
    assert cal.next_workday(saturday) == monday
    assert cal.workday_on_or_after(saturday) == monday
    assert cal.workday_on_or_after(monday) == monday
    assert cal.next_workday(monday) == dt.date(2025, 3, 4)


def test_datetime_input_gives_dates() -> None:
    cal = calendar()
    moment = dt.datetime(2025, 3, 1, 15, 30)
    assert type(cal.add_workdays(moment, 0)) is dt.date
    assert type(cal.workday_on_or_after(dt.datetime(2025, 3, 3, 9))) is dt.date
    assert cal.add_workdays(moment, 1) == dt.date(2025, 3, 3)


NOTICE_2025_FULL_WIDTH = (
    "国务院办公厅关于2025年部分节假日安排的通知\n"
    "一、元旦：1月1日（周三）放假1天，不调休。\n"
    "二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。"
    "1月26日（周日）、2月8日（周六）上班。\n"
    "三、清明节：4月4日（周五）至6日（周日）放假，共3天。\n"
    "四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。\n"
    "五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。\n"
    "六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。"
    "9月28日（周日）、10月11日（周六）上班。\n"
)


def test_notice_built_calendar_matches_package() -> None:
    notices = [parse_notice(NOTICE_2025_FULL_WIDTH)]
    cal = WorkCalendar.from_notices(notices)
    assert cal.confirmed_years == {2025}
    day = dt.date(2025, 1, 1)
    while day.year == 2025:
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += ONE_DAY
    assert cal.name_of(dt.date(2025, 10, 11)) == "国庆节、中秋节"


# ---------------------------------------------------------------------------------------------
# Deadlines of the requirements
# ---------------------------------------------------------------------------------------------


def test_R3_twenty_workdays_across_national_day() -> None:
    cal = calendar()
    # Received Friday 2025-09-26: 9-28 (Sunday, 调休) counts, 10-1..10-8 do not, 10-11 (Sat) does.
    assert cal.due_after_receipt(dt.date(2025, 9, 26), 20) == dt.date(2025, 10, 30)
    # One extension of at most 20 more working days.
    assert cal.add_workdays(dt.date(2025, 10, 30), 20) == dt.date(2025, 11, 27)


def test_R3_received_in_the_holiday_starts_after_it() -> None:
    cal = calendar()
    # Received 2025-10-03 (holiday): counting starts from 10-09, so day 1 is 10-10.
    assert cal.due_after_receipt(dt.date(2025, 10, 3), 1) == dt.date(2025, 10, 10)
    assert cal.due_after_receipt(dt.date(2025, 10, 3), 20) == dt.date(2025, 11, 5)


def test_D7_twenty_workdays_across_spring_festival() -> None:
    cal = calendar()
    # Formed 2025-01-20 (Mon); 1-26 (Sun) works, 1-28..2-4 off, 2-8 (Sat) works.
    assert cal.due_after_receipt(dt.date(2025, 1, 20), 20) == dt.date(2025, 2, 21)


def test_R4_seven_workdays_for_supplement_request() -> None:
    cal = calendar()
    # Received Wednesday 2025-04-30; 5-1..5-5 are off, so day 1 is 5-6 and day 7 is 5-14.
    assert cal.due_after_receipt(dt.date(2025, 4, 30), 7) == dt.date(2025, 5, 14)


def test_R5_consultation_pause_is_counted_in_workdays() -> None:
    cal = calendar()
    sent, answered = dt.date(2025, 9, 26), dt.date(2025, 10, 20)
    # Working days the answer clock stood still, (9-26, 10-20]: 9-28 (Sun, 调休), 9-29, 9-30,
    # 10-9, 10-10, 10-11 (Sat, 调休), 10-13..10-17, 10-20.
    assert cal.workdays_between(sent, answered) == 12
    assert cal.due_after_receipt(sent, 15) == dt.date(2025, 10, 23)


def test_S1_S2_S3_received_on_a_day_off_start_next_workday() -> None:
    cal = calendar()
    saturday = dt.date(2025, 5, 31)  # 端午 weekend: 5-31..6-2 off
    assert cal.due_after_receipt(saturday, 1) == dt.date(2025, 6, 4)
    assert cal.due_after_receipt(saturday, 2) == dt.date(2025, 6, 5)
    assert cal.due_after_receipt(saturday, 3) == dt.date(2025, 6, 6)


def test_S4_four_weeks_roll_forward_to_workday() -> None:
    cal = calendar()
    # 2025-09-05 + 28 days = 10-03, a holiday: the deadline moves to 10-09.
    assert cal.add_calendar_days_rolled(dt.date(2025, 9, 5), 28) == dt.date(2025, 10, 9)
    # 2025-03-03 + 28 days = 03-31, a Monday: unchanged.
    assert cal.add_calendar_days_rolled(dt.date(2025, 3, 3), 28) == dt.date(2025, 3, 31)
    # 2025-09-13 + 28 = 10-11, a Saturday made a working day: unchanged.
    assert cal.add_calendar_days_rolled(dt.date(2025, 9, 13), 28) == dt.date(2025, 10, 11)


@settings(max_examples=400, deadline=None)
@given(day=any_dates, days=st.integers(min_value=0, max_value=120))
def test_S4_rolled_period_never_lands_on_a_day_off(day: dt.date, days: int) -> None:
    cal = calendar()
    due = cal.add_calendar_days_rolled(day, days)
    plain = day + dt.timedelta(days=days)
    assert cal.is_workday(due)
    assert due >= plain
    # It is the first working day on or after the plain date: none in [plain, due).
    assert cal.workdays_between(plain - ONE_DAY, due - ONE_DAY) == 0


def test_overdue_counts_workdays_after_the_deadline() -> None:
    cal = calendar()
    deadline = dt.date(2025, 9, 30)
    assert cal.overdue_workdays(deadline, dt.date(2025, 9, 29)) == 0
    assert cal.overdue_workdays(deadline, deadline) == 0
    assert cal.overdue_workdays(deadline, dt.date(2025, 10, 8)) == 0  # only holidays since
    assert cal.overdue_workdays(deadline, dt.date(2025, 10, 9)) == 1
    assert cal.overdue_workdays(deadline, dt.date(2025, 10, 12)) == 3  # 10-11 Saturday works


def test_unconfirmed_years_are_reported() -> None:
    cal = calendar()
    start = dt.date(2026, 12, 10)
    due = cal.add_workdays(start, 20)
    assert due.year == 2027
    assert cal.years_touched(start, due) == {2026, 2027}
    assert cal.unconfirmed_years(start, due) == {2027}
    assert cal.unconfirmed_years(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == set()
    # An unconfirmed year is the weekend rule: 2027-01-01 is a Friday, no notice makes it off.
    assert cal.is_workday(dt.date(2027, 1, 1))
