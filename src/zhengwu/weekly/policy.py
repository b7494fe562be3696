"""S-10 rule data: which week a report covers, and who prepares which report.

The report day itself is the warnings policy's (`warnings.policy.weekly_report_day`): Friday, or
that week's last working day before Friday when Friday is a day off.
"""

from __future__ import annotations

import datetime as dt

from zhengwu.warnings.policy import weekly_report_day
from zhengwu.workdays.selectors import current_calendar

# How much of an item's latest accepted report shows as its progress in the table.
PROGRESS_EXCERPT_CHARS = 80


def week_of(day: dt.date) -> dt.date:
    """The Monday of `day`'s calendar week (reports are per ISO week)."""
    return day - dt.timedelta(days=day.weekday())


def next_week(week: dt.date) -> tuple[dt.date, dt.date]:
    start = week + dt.timedelta(days=7)
    return start, start + dt.timedelta(days=6)


def report_day(day: dt.date) -> dt.date | None:
    """S-10: the report day of `day`'s week (None when Monday to Friday are all days off)."""
    return weekly_report_day(current_calendar(), day)


def is_report_day(day: dt.date) -> bool:
    return report_day(day) == day
