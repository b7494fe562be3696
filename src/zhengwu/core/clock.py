"""The one clock of the system.

Every "now" and "today" comes from here so tests (and `zhengwu sweep --at …`) can set the moment.
Timestamps are aware and in UTC; "today" is the bureau's calendar day in Asia/Shanghai, because
deadlines are counted in the bureau's working days, not in UTC days.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.utils import timezone

LOCAL_TZ = ZoneInfo("Asia/Shanghai")

_frozen: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar(
    "zhengwu_frozen_now", default=None
)


def now() -> dt.datetime:
    """The current moment, aware, in UTC."""
    frozen = _frozen.get()
    if frozen is not None:
        return frozen
    return timezone.now()


def today() -> dt.date:
    """The current calendar day at the bureau (Asia/Shanghai)."""
    return now().astimezone(LOCAL_TZ).date()


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(LOCAL_TZ)


def at_local(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    """An aware UTC moment for a wall-clock time at the bureau."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ).astimezone(
        dt.UTC
    )


@contextlib.contextmanager
def frozen(moment: dt.datetime) -> Iterator[dt.datetime]:
    """Run a block as of `moment` (naive values are read as bureau local time)."""
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=LOCAL_TZ)
    moment = moment.astimezone(dt.UTC)
    token = _frozen.set(moment)
    try:
        yield moment
    finally:
        _frozen.reset(token)
