"""Issue 3, point 9: the DATABASE calendar path agrees with chinese_calendar (2004–2026)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengwu.workdays import selectors

pytestmark = pytest.mark.django_db

# 40 working days from the last date stay inside 2026, the package's last year.
dates = st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2026, 10, 31))


@settings(
    deadline=None,
    max_examples=300,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(day=dates, n=st.integers(min_value=1, max_value=40))
def test_S1_database_calendar_agrees_with_chinese_calendar(db: None, day: dt.date, n: int) -> None:
    cal = selectors.current_calendar()
    assert cal.is_workday(day) == chinese_calendar.is_workday(day)
    due = cal.due_after_receipt(day, n)
    assert due == chinese_calendar.find_workday(n, day)
    assert cal.workdays_between(day, cal.add_workdays(day, n)) == n


@settings(
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(day=dates)
def test_R3_compute_from_the_database_agrees_with_chinese_calendar(db: None, day: dt.date) -> None:
    # 20 working days from receipt; a receipt on a day off counts from the next working day.
    result = selectors.compute("R-3", day)
    assert result.due_date == chinese_calendar.find_workday(20, day)
    assert result.unconfirmed_years == []
