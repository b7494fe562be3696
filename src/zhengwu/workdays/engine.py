"""Working-day arithmetic for Chinese deadlines (S-1..S-4, D-7, R-3..R-5).

A day is a working day when a loaded holiday notice says so (调休 上班), a day off when a notice
makes it a holiday, and otherwise follows the weekend rule: Monday–Friday work, Saturday and
Sunday off (spec, "Working days").

Why the index: deadlines are computed for every task on every list page and report, so each query
must be O(1) rather than a walk over the calendar.  At construction the calendar builds, over a
fixed span of years, a cumulative count of working days per day and the ordinal of every working
day.  Counting working days between two dates is then a subtraction, and "the n-th working day
after d" is one list lookup.  Outside the span there are no notices, so the weekend rule holds and
a closed formula replaces the tables — still no loop over days.

Unconfirmed years: a year for which no notice has been loaded is *unconfirmed*.  It is computed
with the weekend rule plus whatever exceptions were given for it (normally none; a notice can fix a
day of a neighbouring year, such as 2011-12-31 (上班) in the 2012 notice, and that day is
authoritative even though 2011 itself may never have been loaded).  ``unconfirmed_years`` lets
callers mark any result that reaches into such a year ("unconfirmed: 2027").

No Django imports: the same engine serves the models, the CLI, the benchmarks and the tests.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zhengwu.workdays.notice import ParsedNotice

__all__ = ["DateOutOfRange", "WorkCalendar"]


class DateOutOfRange(OverflowError, ValueError):
    """The result would fall after 9999-12-31 (or before 0001-01-01): no date can express it."""


# The tables always cover at least these years, so ordinary deadlines never leave them even when a
# calendar holds little data; the span grows to cover any data given outside it.
_DEFAULT_FIRST_YEAR = 2000
_DEFAULT_LAST_YEAR = 2040


def _weekdays_through(ordinal: int) -> int:
    """Number of Monday–Friday days among ordinals 1..ordinal (ordinal 1, 0001-01-01, is a Monday).

    Each full week holds five; the remaining r days of a partial week start on a Monday, so
    min(r, 5) of them are weekdays.
    """
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _nth_weekday(count: int) -> int:
    """Ordinal of the ``count``-th Monday–Friday day (inverse of :func:`_weekdays_through`)."""
    weeks, rest = divmod(count - 1, 5)
    return 7 * weeks + rest + 1


class WorkCalendar:
    """Working days from holiday-notice exceptions plus the weekend rule, with O(1) queries.

    :param exceptions: day → True (working day) / False (day off), for the days a notice fixes.
        Entries that agree with the weekend rule (a holiday on a Saturday) are accepted.
    :param names: optional day → holiday name, for explanations.
    :param confirmed_years: years whose notice has been loaded.
    """

    def __init__(
        self,
        exceptions: Mapping[dt.date, bool],
        names: Mapping[dt.date, str] | None = None,
        confirmed_years: Iterable[int] = (),
    ) -> None:
        self._exceptions = {_as_date(day): bool(work) for day, work in exceptions.items()}
        self._names = {_as_date(day): name for day, name in (names or {}).items()}
        self._confirmed = frozenset(confirmed_years)

        years = {day.year for day in self._exceptions} | set(self._confirmed)
        first_year = min([_DEFAULT_FIRST_YEAR, *(y - 1 for y in years)])
        last_year = max([_DEFAULT_LAST_YEAR, *(y + 2 for y in years)])
        self._first = dt.date(max(first_year, dt.MINYEAR), 1, 1)
        self._last = dt.date(min(last_year, dt.MAXYEAR), 12, 31)
        lo = self._lo = self._first.toordinal()
        hi = self._hi = self._last.toordinal()
        size = self._size = hi - lo + 1

        # One flag per day of the span, from the weekend rule, then overlaid with the exceptions.
        flags = bytearray(1 if (lo + i - 1) % 7 < 5 else 0 for i in range(size))
        for day, work in self._exceptions.items():
            flags[day.toordinal() - lo] = 1 if work else 0
        self._flags = bytes(flags)

        # cumulative[i] = working days in [lo, lo + i); workday_ordinals[k] = (k+1)-th working day.
        cumulative = array("q", [0]) * (size + 1)
        workday_ordinals = array("q")
        running = 0
        for i, flag in enumerate(flags):
            if flag:
                workday_ordinals.append(lo + i)
                running += 1
            cumulative[i + 1] = running
        self._cumulative = cumulative
        self._workday_ordinals = workday_ordinals
        # Count functions are anchored at ordinal 1 so that the weekend-rule formula and the tables
        # share one scale: W(o) = working days among ordinals 1..o.
        self._before_span = _weekdays_through(lo - 1)
        self._through_span = self._before_span + running
        self._weekdays_through_hi = _weekdays_through(hi)

    # -- construction helpers -----------------------------------------------------------------

    @classmethod
    def from_chinese_calendar(cls) -> WorkCalendar:
        """Calendar from the ``chinese_calendar`` package's data (its covered years confirmed)."""
        from chinese_calendar import constants  # imported lazily: optional at runtime

        chinese = {h.value: h.chinese for h in constants.Holiday}
        exceptions: dict[dt.date, bool] = dict.fromkeys(constants.holidays, False)
        exceptions.update(dict.fromkeys(constants.workdays, True))
        names = {
            day: chinese.get(name, name)
            for source in (constants.holidays, constants.workdays)
            for day, name in source.items()
        }
        # The package supports exactly the years from its first to its last holiday entry.
        first = min(constants.holidays).year
        last = max(constants.holidays).year
        return cls(exceptions, names, confirmed_years=range(first, last + 1))

    @classmethod
    def from_notices(cls, notices: Iterable[ParsedNotice]) -> WorkCalendar:
        """Calendar from parsed notices; later notices override earlier ones for the same day."""
        from zhengwu.workdays.notice import merge_notices

        notices = list(notices)
        merged = merge_notices(notices)
        return cls(
            {day: entry.kind == "workday" for day, entry in merged.items()},
            {day: entry.name for day, entry in merged.items()},
            confirmed_years={notice.year for notice in notices},
        )

    # -- introspection --------------------------------------------------------------------------

    @property
    def confirmed_years(self) -> frozenset[int]:
        return self._confirmed

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        """First and last day covered by the precomputed tables (weekend rule outside)."""
        return self._first, self._last

    def name_of(self, day: dt.date) -> str | None:
        """Holiday name a notice gave the day (for a holiday or its 调休 working day), if any."""
        return self._names.get(_as_date(day))

    # -- core counting -----------------------------------------------------------------------

    def _count_through(self, ordinal: int) -> int:
        """W(o): working days among ordinals 1..o (tables inside the span, formula outside)."""
        index = ordinal - self._lo
        if 0 <= index < self._size:
            return self._before_span + self._cumulative[index + 1]
        if index < 0:
            return _weekdays_through(ordinal)
        return self._through_span + _weekdays_through(ordinal) - self._weekdays_through_hi

    def _ordinal_of_count(self, count: int) -> int:
        """Smallest ordinal o with W(o) == count, i.e. the count-th working day (count >= 1)."""
        index = count - self._before_span - 1
        if 0 <= index < len(self._workday_ordinals):
            return self._workday_ordinals[index]
        if index < 0:
            return _nth_weekday(count)
        # After the span W(o) = K(o) + (W(hi) - K(hi)); invert K for the shifted count.
        return _nth_weekday(count - self._through_span + self._weekdays_through_hi)

    # -- public API --------------------------------------------------------------------------

    def is_workday(self, day: dt.date) -> bool:
        ordinal = day.toordinal()
        index = ordinal - self._lo
        if 0 <= index < self._size:
            return self._flags[index] == 1
        return (ordinal - 1) % 7 < 5

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day``; ``day`` itself never counts (n == 0 gives day).

        Whether ``day`` is a working day does not matter: from a Saturday, n=1 is the next working
        day.  For "received on a day off, the clock starts on the next working day" use
        :meth:`due_after_receipt`.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return _as_date(day)
        ordinal = day.toordinal()
        index = ordinal - self._lo
        if 0 <= index < self._size:  # inline fast path of _count_through / _ordinal_of_count
            k = self._cumulative[index + 1] + n - 1
            if k < len(self._workday_ordinals):
                return dt.date.fromordinal(self._workday_ordinals[k])
        return _from_ordinal(self._ordinal_of_count(self._count_through(ordinal) + n))

    def due_after_receipt(self, received: dt.date, n: int) -> dt.date:
        """Deadline of n working days for something received on ``received``.

        Implements the default of S-1..S-3 / R-3..R-5 / D-7: the day of receipt does not count,
        and a receipt on a day off counts as a receipt on the next working day.  Equal to
        ``chinese_calendar.find_workday(n, received)``.
        """
        return self.add_workdays(self.workday_on_or_after(received), n)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end < start.

        ``workdays_between(d, add_workdays(d, n)) == n`` for every d and n >= 0.
        """
        return self._count_through(end.toordinal()) - self._count_through(start.toordinal())

    def paused_workdays(
        self, *, counting_from: dt.date, due: dt.date, begin: dt.date, end: dt.date
    ) -> int:
        """Working days a pause from ``begin`` to ``end`` moves a due date (R-5, R-6).

        The working days after ``begin`` up to and including ``end`` do not count — but only
        those that would have counted: the day of receipt (``counting_from``, the first working
        day on or after the receipt) and the days before it never count anyway, and a pause that
        begins after the period ran out (a working day lies between ``due`` and ``begin``) has
        nothing left to stop.
        """
        if self.workdays_between(due, begin) > 0:
            return 0
        return max(0, self.workdays_between(max(begin, counting_from), end))

    def next_workday(self, day: dt.date) -> dt.date:
        """First working day strictly after ``day``."""
        return self.add_workdays(day, 1)

    def workday_on_or_after(self, day: dt.date) -> dt.date:
        return _as_date(day) if self.is_workday(day) else self.add_workdays(day, 1)

    def add_calendar_days_rolled(self, day: dt.date, days: int) -> dt.date:
        """``day`` + ``days`` calendar days, moved to the next working day if that is a day off.

        S-4: "4 weeks" is 28 calendar days, and a deadline on a day off moves to the next working
        day.
        """
        try:
            end = _as_date(day) + dt.timedelta(days=days)
        except OverflowError as error:
            raise DateOutOfRange(f"{day} + {days} days is after 9999-12-31") from error
        return self.workday_on_or_after(end)

    def overdue_workdays(self, deadline: dt.date, today: dt.date) -> int:
        """Working days after the deadline up to and including today; 0 if not past."""
        return max(0, self.workdays_between(deadline, today))

    def years_touched(self, start: dt.date, end: dt.date) -> set[int]:
        """Calendar years between the two dates (either order), both included."""
        low, high = sorted((start.year, end.year))
        return set(range(low, high + 1))

    def is_confirmed(self, year: int) -> bool:
        """Whether the year's notice has been loaded."""
        return year in self._confirmed

    def unconfirmed_years(self, start: dt.date, end: dt.date) -> set[int]:
        """Years between the two dates for which no notice has been loaded."""
        return self.years_touched(start, end) - self._confirmed

    def __repr__(self) -> str:
        confirmed = sorted(self._confirmed)
        shown = f"{confirmed[0]}..{confirmed[-1]}" if confirmed else "none"
        return f"<WorkCalendar confirmed={shown} span={self._first}..{self._last}>"


def _as_date(day: dt.date) -> dt.date:
    # A datetime is a date subclass; results and dictionary keys must be plain dates.
    if isinstance(day, dt.datetime):
        return day.date()
    return day


def _from_ordinal(ordinal: int) -> dt.date:
    if not 1 <= ordinal <= _MAX_ORDINAL:
        raise DateOutOfRange("the working day asked for is after 9999-12-31")
    return dt.date.fromordinal(ordinal)


_MAX_ORDINAL = dt.date.max.toordinal()
