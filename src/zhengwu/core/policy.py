"""Rule data for every input of the system: which dates are plausible, how long free text may be.

A bureau may change these in its settings; the defaults are the strict reading: nothing the
bureau records happened before the People's Republic was founded (1 October 1949) or lies more
than ten years ahead, and no free text is longer than 100,000 characters (a column with a length
of its own keeps that length).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from zhengwu.core import clock

EARLIEST_DATE = dt.date(1949, 10, 1)
YEARS_AHEAD = 10
TEXT_MAX_LENGTH = 100_000


def earliest_date() -> dt.date:
    value = getattr(settings, "ZHENGWU_EARLIEST_DATE", EARLIEST_DATE)
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def years_ahead() -> int:
    return int(getattr(settings, "ZHENGWU_DATE_YEARS_AHEAD", YEARS_AHEAD))


def latest_date() -> dt.date:
    """Today at the bureau, `years_ahead()` years on (28 February for 29 February)."""
    today = clock.today()
    year = today.year + years_ahead()
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


def text_max_length() -> int:
    """The longest free text (a TextField) any input may carry."""
    return int(getattr(settings, "ZHENGWU_TEXT_MAX_LENGTH", TEXT_MAX_LENGTH))
