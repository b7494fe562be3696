"""Reading the calendar and computing deadlines with their explanation."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from zhengwu.workdays.engine import WorkCalendar
from zhengwu.workdays.models import (
    CalendarDay,
    CalendarVersion,
    CalendarYear,
    Deadline,
    LimitUnit,
    TimeLimit,
    YearStatus,
)
from zhengwu.workdays.policy import calendar_days_of, current_limit

# Each process keeps one index; it checks the shared version counter at most this often, so a
# change made by another process (an import in the web server, seen by the worker) is picked up.
_RECHECK_SECONDS = 2.0
_lock = threading.Lock()
_cache: dict[str, object] = {"version": None, "calendar": None, "checked": 0.0}


def _load() -> WorkCalendar:
    exceptions: dict[dt.date, bool] = {}
    names: dict[dt.date, str] = {}
    for day, is_workday, name in CalendarDay.objects.values_list("day", "is_workday", "name"):
        exceptions[day] = is_workday
        if name:
            names[day] = name
    confirmed = set(
        CalendarYear.objects.filter(status=YearStatus.CONFIRMED).values_list("year", flat=True)
    )
    return WorkCalendar(exceptions, names=names, confirmed_years=confirmed)


def calendar_version() -> int:
    row = CalendarVersion.objects.filter(id=1).values_list("version", flat=True).first()
    return row or 0


def current_calendar() -> WorkCalendar:
    """The working-day index of the database's calendar, rebuilt when the calendar changes."""
    now = time.monotonic()
    with _lock:
        cached = _cache["calendar"]
        if cached is not None and now - float(_cache["checked"]) < _RECHECK_SECONDS:  # type: ignore[arg-type]
            return cached  # type: ignore[return-value]
        version = calendar_version()
        if cached is None or version != _cache["version"]:
            _cache["calendar"] = _load()
            _cache["version"] = version
        _cache["checked"] = now
        return _cache["calendar"]  # type: ignore[return-value]


def forget_calendar() -> None:
    with _lock:
        _cache["calendar"] = None
        _cache["version"] = None


@dataclass(frozen=True)
class Computation:
    """A deadline as a value with its derivation (issue: explained deadlines)."""

    rule_id: str
    time_limit: TimeLimit
    start_date: dt.date
    counting_from: dt.date
    due_date: dt.date
    paused_workdays: int = 0
    extension_workdays: int = 0
    calendar_years: list[int] = field(default_factory=list)
    unconfirmed_years: list[int] = field(default_factory=list)

    def explain(self) -> str:
        return _explain(
            rule_id=self.rule_id,
            limit=self.time_limit,
            start=self.start_date,
            due=self.due_date,
            paused=self.paused_workdays,
            extension=self.extension_workdays,
            unconfirmed=self.unconfirmed_years,
        )


def compute(
    rule_id: str,
    start: dt.date,
    *,
    paused_workdays: int = 0,
    extension_workdays: int = 0,
    time_limit: TimeLimit | None = None,
    calendar: WorkCalendar | None = None,
) -> Computation:
    """The due date of `rule_id` for an event on `start`.

    Working-day limits: an event on a day off starts on the next working day, and the start day
    itself never counts (S-1…S-3, R-3…R-6, D-7). Calendar-day and week limits end on a working day:
    a period ending on a day off rolls forward (S-4). Pauses (R-5) and an extension (R-3) add
    working days to the end.
    """
    limit = time_limit or current_limit(rule_id)
    cal = calendar or current_calendar()
    if limit.unit == LimitUnit.WORKDAYS:
        counting_from = cal.workday_on_or_after(start)
        due = cal.add_workdays(counting_from, limit.amount)
    else:
        counting_from = start
        due = cal.add_calendar_days_rolled(start, calendar_days_of(limit))
    extra = paused_workdays + extension_workdays
    if extra:
        due = cal.add_workdays(due, extra)
    return Computation(
        rule_id=rule_id,
        time_limit=limit,
        start_date=start,
        counting_from=counting_from,
        due_date=due,
        paused_workdays=paused_workdays,
        extension_workdays=extension_workdays,
        calendar_years=sorted(cal.years_touched(start, due)),
        unconfirmed_years=sorted(cal.unconfirmed_years(start, due)),
    )


def _unit_text(limit: TimeLimit) -> str:
    if limit.unit == LimitUnit.WORKDAYS:
        return _("%(n)d working days") % {"n": limit.amount}
    if limit.unit == LimitUnit.WEEKS:
        return _("%(n)d weeks") % {"n": limit.amount}
    return _("%(n)d calendar days") % {"n": limit.amount}


def _explain(
    *,
    rule_id: str,
    limit: TimeLimit,
    start: dt.date,
    due: dt.date,
    paused: int,
    extension: int,
    unconfirmed: list[int],
) -> str:
    parts = [
        _("%(label)s: %(amount)s from %(start)s (%(basis)s, %(rule)s, policy v%(version)s)")
        % {
            "label": limit.label,
            "amount": _unit_text(limit),
            "start": start.isoformat(),
            "basis": limit.legal_basis or rule_id,
            "rule": rule_id,
            "version": limit.version,
        }
    ]
    if paused:
        parts.append(_("paused %(n)d working days") % {"n": paused})
    if extension:
        parts.append(_("extended by %(n)d working days") % {"n": extension})
    if limit.unit != LimitUnit.WORKDAYS:
        parts.append(_("rolled forward to a working day if it ends on a day off"))
    parts.append(_("due %(due)s") % {"due": due.isoformat()})
    text = _(", ").join(parts)
    if unconfirmed:
        years = _(", ").join(str(y) for y in unconfirmed)
        text += _(" (calendar of %(years)s not yet confirmed: weekends only)") % {"years": years}
    return text


def explain_deadline(deadline: Deadline) -> str:
    if deadline.fixed:
        return _("%(label)s: fixed by the approved plan (%(basis)s, %(rule)s), due %(due)s") % {
            "label": deadline.time_limit.label,
            "basis": deadline.time_limit.legal_basis or deadline.rule_id,
            "rule": deadline.rule_id,
            "due": deadline.due_date.isoformat(),
        }
    return _explain(
        rule_id=deadline.rule_id,
        limit=deadline.time_limit,
        start=deadline.start_date,
        due=deadline.due_date,
        paused=deadline.paused_workdays,
        extension=deadline.extension_workdays,
        unconfirmed=list(deadline.unconfirmed_years),
    )


def deadlines_of(owner_type: str, owner_id: object) -> list[Deadline]:
    return list(
        Deadline.objects.filter(owner_type=owner_type, owner_id=str(owner_id)).select_related(
            "time_limit"
        )
    )
