"""Building a year's annual report by hand for the tests (D-13, R-10)."""

from __future__ import annotations

import datetime as dt

from zhengwu.applications import services as applications
from zhengwu.applications.tests.helpers import at, received
from zhengwu.core import clock
from zhengwu.reports import policy, services

D = dt.date
YEAR = 2025


def a_year_of_records(ac, year: int = YEAR):  # type: ignore[no-untyped-def]
    """Two applications received and answered in the year: table 3 adds up."""
    first = received(ac, D(year, 3, 3))
    with at(D(year, 3, 10)):
        applications.answer(
            by=ac.officer, application=first, outcome="3.1", answered_on=D(year, 3, 10)
        )
    second = received(ac, D(year, 6, 2))
    with at(D(year, 6, 9)):
        applications.answer(
            by=ac.officer, application=second, outcome="3.5.2", answered_on=D(year, 6, 9)
        )
    return first, second


def enter_table2(ac, year: int = YEAR) -> None:  # type: ignore[no-untyped-def]
    for key in policy.ENTERED_KEYS:
        services.enter_figure(
            by=ac.officer,
            bureau=ac.bureau,
            year=year,
            key=key,
            value="1.25" if key in policy.AMOUNT_KEYS else "3",
            source="业务科室统计台账",
        )


def drafted(ac, year: int = YEAR):  # type: ignore[no-untyped-def]
    with clock.frozen(clock.at_local(D(year + 1, 1, 5), 9)):
        report, _created = services.draft_report(by=ac.officer, bureau=ac.bureau, year=year)
    return report
