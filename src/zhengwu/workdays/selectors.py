"""Reading the calendar and computing deadlines with their explanation."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from zhengwu.core.errors import DomainError
from zhengwu.workdays.engine import WorkCalendar
from zhengwu.workdays.models import (
    CalendarDay,
    CalendarVersion,
    CalendarYear,
    DaySource,
    Deadline,
    LimitUnit,
    TimeLimit,
    YearStatus,
)
from zhengwu.workdays.notice import NoticeEntry, NoticeParseError, ParsedNotice, parse_notice
from zhengwu.workdays.policy import (
    COUNTED_FROM_THE_DAY_ITSELF,
    NOTICE_PLAUSIBILITY,
    calendar_days_of,
    current_limit,
)

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
            counting_from=self.counting_from,
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
    itself never counts (S-1…S-3, R-3…R-5, D-7). The applicant's payment period (R-6) is the
    working days after the notice's date, whatever day that is (`COUNTED_FROM_THE_DAY_ITSELF`).
    Calendar-day and week limits end on a working day:
    a period ending on a day off rolls forward (S-4). Pauses (R-5) and an extension (R-3) add
    working days to the end.
    """
    limit = time_limit or current_limit(rule_id)
    cal = calendar or current_calendar()
    if limit.unit == LimitUnit.WORKDAYS:
        counting_from = (
            start if rule_id in COUNTED_FROM_THE_DAY_ITSELF else cal.workday_on_or_after(start)
        )
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
    counting_from: dt.date | None = None,
) -> str:
    values = {
        "label": limit.label,
        "amount": _unit_text(limit),
        "start": start.isoformat(),
        "basis": basis_in_words(limit),
    }
    if limit.unit == LimitUnit.WORKDAYS and rule_id in COUNTED_FROM_THE_DAY_ITSELF:
        counting_from = start
    if limit.unit == LimitUnit.WORKDAYS and counting_from is None:
        try:
            counting_from = current_calendar().workday_on_or_after(start)
        except (OverflowError, ValueError):  # no working day left before 9999-12-31
            counting_from = start
    if limit.unit == LimitUnit.WORKDAYS and counting_from and counting_from != start:
        # S-1…S-3, R-3, D-7: an event on a day off is counted from the next working day; the
        # explanation says so rather than suggesting the count starts on the day off.
        first = _(
            "%(label)s: %(start)s is a day off, counted from %(from)s: %(amount)s%(basis)s"
        ) % {
            **values,
            "from": counting_from.isoformat(),
        }
    else:
        first = _("%(label)s: %(amount)s from %(start)s%(basis)s") % values
    parts = [first]
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


def basis_in_words(limit: TimeLimit) -> str:
    """The rule a limit rests on, as its legal basis names it in words: "（依据《…》第一条）".

    The rule's code (S-1, R-3 …) is never shown: without a legal basis, nothing is cited.
    """
    if not limit.legal_basis:
        return ""
    return _(" (under %(basis)s)") % {"basis": limit.legal_basis}


def explain_deadline(deadline: Deadline) -> str:
    if deadline.fixed:
        return _("%(label)s: fixed by the approved plan%(basis)s, due %(due)s") % {
            "label": deadline.time_limit.label,
            "basis": basis_in_words(deadline.time_limit),
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


# -- State Council notices: what an import would change ---------------------------------------


def _weekend_rule(day: dt.date) -> bool:
    return day.weekday() < 5


@dataclass(frozen=True)
class DayChange:
    """One day of a notice import: what the calendar said before and what it says after."""

    day: dt.date
    change: str  # "added" | "changed" | "renamed" | "removed" | "unchanged"
    before_workday: bool | None  # None: no row, the weekend rule applied
    before_name: str
    before_source: str
    after_workday: bool | None  # None: the row is removed, the weekend rule applies
    after_name: str
    notice_year: int  # the year of the notice that fixes (or, for a removal, no longer fixes) it

    @property
    def workday_before(self) -> bool:
        return _weekend_rule(self.day) if self.before_workday is None else self.before_workday

    @property
    def workday_after(self) -> bool:
        return _weekend_rule(self.day) if self.after_workday is None else self.after_workday

    @property
    def moves_deadlines(self) -> bool:
        """Whether the day changes between working day and day off."""
        return self.workday_before != self.workday_after

    def as_text(self) -> str:
        def kind(work: bool) -> str:
            return "workday" if work else "holiday"

        if self.change == "removed":
            return f"{self.day.isoformat()},{kind(self.workday_before)}->weekend-rule"
        if self.change == "renamed":
            names = f"{self.before_name}->{self.after_name}"
            return f"{self.day.isoformat()},{kind(self.workday_after)},{names}"
        before = "" if self.before_workday is None else f"{kind(self.before_workday)}->"
        return f"{self.day.isoformat()},{before}{kind(self.workday_after)},{self.after_name}"


@dataclass(frozen=True)
class NoticePlan:
    """Notices read and compared with the stored calendar; nothing is stored yet."""

    notices: list[ParsedNotice]
    entries: dict[dt.date, tuple[NoticeEntry, str]]  # day -> (entry, title of its notice)
    removed_days: list[dt.date]
    changes: list[DayChange]
    years: list[int]
    titles: dict[int, list[str]]

    @property
    def affected_years(self) -> list[int]:
        days = [*self.entries, *self.removed_days]
        return sorted(set(self.years) | {d.year for d in days})

    def counts(self, year: int) -> dict[str, int]:
        counts = {"added": 0, "changed": 0, "renamed": 0, "removed": 0, "unchanged": 0}
        for change in self.changes:
            if change.notice_year == year:
                counts[change.change] += 1
        return counts

    def implausible(self) -> list[str]:
        """Why these notices do not look like real ones (`policy.NOTICE_PLAUSIBILITY`); empty when
        they do. Applying a flagged plan needs an explicit confirmation with a reason."""
        return implausibilities(self)

    def summary_lines(self) -> list[str]:
        """One line per year: what changed against the previous calendar of that year."""
        lines = []
        for year in self.years:
            c = self.counts(year)
            lines.append(
                _(
                    "%(year)s: %(added)d days added, %(changed)d changed, %(removed)d removed, "
                    "%(renamed)d renamed"
                )
                % {"year": year, **c}
            )
        return lines


def _days_off_runs(plan: NoticePlan, holidays: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """The runs of consecutive days off around `holidays` in the calendar the plan would give:
    its own days, then the stored days it keeps (an earlier notice of the year), then the
    weekend rule."""
    if not holidays:
        return []
    margin = dt.timedelta(days=62)
    stored = {
        row.day: row.is_workday
        for row in CalendarDay.objects.filter(
            day__gte=holidays[0] - margin, day__lte=holidays[-1] + margin
        )
    }
    planned = {day: entry.kind == "workday" for day, (entry, _title) in plan.entries.items()}
    removed = set(plan.removed_days)

    def off(day: dt.date) -> bool:
        if day in planned:
            return not planned[day]
        if day in stored and day not in removed:
            return not stored[day]
        return not _weekend_rule(day)

    runs: list[tuple[dt.date, dt.date]] = []
    one = dt.timedelta(days=1)
    for day in holidays:
        if runs and runs[-1][0] <= day <= runs[-1][1]:
            continue
        start = end = day
        while off(start - one) and (day - start).days < 366:
            start -= one
        while off(end + one) and (end - day).days < 366:
            end += one
        runs.append((start, end))
    return runs


def implausibilities(plan: NoticePlan) -> list[str]:
    """The ways a plan's notices differ from what real notices look like, one sentence each."""
    bounds = NOTICE_PLAUSIBILITY
    found: list[str] = []
    fixed = [c for c in plan.changes if c.change != "removed"]
    for year in plan.years:
        days = sorted((c.day, bool(c.after_workday)) for c in fixed if c.notice_year == year)
        holidays = [day for day, work in days if not work]
        for start, end in _days_off_runs(plan, holidays):
            length = (end - start).days + 1
            if length > bounds.max_holiday_run_days:
                found.append(
                    _("%(year)s: %(n)d days off in a row (%(start)s to %(end)s), more than "
                      "%(max)d.")
                    % {"year": year, "n": length, "start": start.isoformat(),
                       "end": end.isoformat(), "max": bounds.max_holiday_run_days}
                )  # fmt: skip
        gained = sum(1 for day in holidays if day.weekday() < 5) - sum(
            1 for day, work in days if work and day.weekday() >= 5
        )
        if gained > bounds.max_holidays_per_year:
            found.append(
                _("%(year)s: %(n)d holiday days net of adjusted working days, more than %(max)d.")
                % {"year": year, "n": gained, "max": bounds.max_holidays_per_year}
            )
        for day, work in days:
            if work and day.weekday() < 5:
                found.append(
                    _("%(year)s: %(day)s is made a working day but is not a Saturday or Sunday.")
                    % {"year": year, "day": day.isoformat()}
                )
        outside = [day for day, _work in days if abs(day.year - year) > bounds.year_margin]
        if outside:
            found.append(
                _("%(year)s: dates outside %(first)d–%(last)d: %(days)s.")
                % {"year": year, "first": year - bounds.year_margin,
                   "last": year + bounds.year_margin,
                   "days": ", ".join(d.isoformat() for d in outside[:5])}
            )  # fmt: skip
    return found


def read_notices(texts: list[str]) -> list[ParsedNotice]:
    """Parse every text; the first unreadable one refuses them all, naming its line."""
    texts = [t for t in texts if t and t.strip()]
    if not texts:
        raise DomainError(_("Paste the text of a notice or choose a .txt file."), code="empty")
    notices = []
    for number, text in enumerate(texts, start=1):
        try:
            notices.append(parse_notice(text))
        except NoticeParseError as error:
            raise DomainError(
                _(
                    "Notice %(number)d cannot be read in full, so nothing was stored. "
                    "Unreadable line: %(line)s (%(reason)s)"
                )
                % {"number": number, "line": error.line, "reason": error.reason or "?"},
                code="unreadable",
            ) from error
    # A later notice wins. When every notice carries its signing date, "later" is the date it was
    # issued (a supplement given before its original still amends it); otherwise file order.
    if all(n.signed for n in notices):
        notices.sort(key=lambda n: n.signed)  # type: ignore[arg-type,return-value]
    return notices


def plan_notice_import(texts: list[str]) -> NoticePlan:
    """What importing these notice texts would change (issue 3, point 2); stores nothing."""
    notices = read_notices(texts)
    entries: dict[dt.date, tuple[NoticeEntry, str]] = {}
    notice_year: dict[dt.date, int] = {}
    titles: dict[int, list[str]] = {}
    for notice in notices:
        titles.setdefault(notice.year, []).append(notice.title)
        for entry in notice.entries:
            entries[entry.day] = (entry, notice.title)
            notice_year[entry.day] = notice.year
    entries = {day: entries[day] for day in sorted(entries)}
    years = sorted(titles)
    existing = {
        row.day: row
        for row in CalendarDay.objects.filter(Q(day__year__in=years) | Q(day__in=list(entries)))
    }
    # Days of a notice's year that no notice fixes any more follow the weekend rule again; days
    # fixed by a notice of that year stored earlier stay (that notice still holds). A supplement
    # (an extension, a one-off occasion) arranges only the days it names: it removes nothing.
    arranged_years = {notice.year for notice in notices if not notice.supplement}
    removed = sorted(
        day
        for day, row in existing.items()
        if day.year in arranged_years and day not in entries and row.source != DaySource.NOTICE
    )
    changes: list[DayChange] = []
    for day, (entry, _title) in entries.items():
        row = existing.get(day)
        after_work = entry.kind == "workday"
        if row is None:
            change = "added"
        elif row.is_workday != after_work:
            change = "changed"
        elif row.name != entry.name[:50]:
            change = "renamed"  # same kind of day, the notice names its holiday differently
        else:
            change = "unchanged"
        changes.append(
            DayChange(
                day=day,
                change=change,
                before_workday=None if row is None else row.is_workday,
                before_name="" if row is None else row.name,
                before_source="" if row is None else row.source,
                after_workday=after_work,
                after_name=entry.name,
                notice_year=notice_year[day],
            )
        )
    for day in removed:
        row = existing[day]
        changes.append(
            DayChange(
                day=day,
                change="removed",
                before_workday=row.is_workday,
                before_name=row.name,
                before_source=row.source,
                after_workday=None,
                after_name="",
                notice_year=day.year,
            )
        )
    changes.sort(key=lambda c: c.day)
    return NoticePlan(
        notices=notices,
        entries=entries,
        removed_days=removed,
        changes=changes,
        years=years,
        titles=titles,
    )


# -- Calendar pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarCell:
    day: dt.date | None  # None: padding before the 1st / after the last day of the month
    is_workday: bool = False
    kind: str = ""  # "holiday" | "adjusted" | "weekend" | "workday"
    name: str = ""


@dataclass(frozen=True)
class MonthGrid:
    month: int
    weeks: list[list[CalendarCell]]


@dataclass(frozen=True)
class YearCalendar:
    year: int
    status: str
    confirmed: bool
    notice_title: str
    months: list[MonthGrid]
    exceptions: list[CalendarDay]
    workdays: int


def year_calendar(year: int) -> YearCalendar:
    """A year as twelve month grids (Monday first) with holidays and adjusted working days."""
    cal = current_calendar()
    rows = list(CalendarDay.objects.filter(day__year=year).order_by("day"))
    by_day = {row.day: row for row in rows}
    year_row = CalendarYear.objects.filter(year=year).first()
    months = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        cells: list[CalendarCell] = [CalendarCell(None)] * first.weekday()
        day = first
        while day < following:
            work = cal.is_workday(day)
            row = by_day.get(day)
            if row is not None and row.is_workday and day.weekday() >= 5:
                kind = "adjusted"
            elif not work and (row is not None or day.weekday() < 5):
                kind = "holiday"
            elif not work:
                kind = "weekend"
            else:
                kind = "workday"
            cells.append(CalendarCell(day, work, kind, row.name if row else ""))
            day += dt.timedelta(days=1)
        cells += [CalendarCell(None)] * (-len(cells) % 7)
        months.append(MonthGrid(month, [cells[i : i + 7] for i in range(0, len(cells), 7)]))
    confirmed = year_row is not None and year_row.status == YearStatus.CONFIRMED
    return YearCalendar(
        year=year,
        status=year_row.status if year_row else YearStatus.UNCONFIRMED,
        confirmed=confirmed,
        notice_title=year_row.notice_title if year_row else "",
        months=months,
        exceptions=rows,
        workdays=cal.workdays_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31)),
    )


def is_year_confirmed(year: int) -> bool:
    """Whether the year's notice is loaded, as the deadline engine sees it: from the process's
    calendar (`current_calendar`), which every change of a year's status renews, so the banner on
    every staff page costs no statement of its own."""
    return current_calendar().is_confirmed(year)


def time_limits() -> list[TimeLimit]:
    """Every version of every rule's time limit, newest version first within a rule."""
    return list(TimeLimit.objects.order_by("rule_id", "-version"))


def rule_choices() -> list[tuple[str, str]]:
    """(rule, its name) of every rule, named as its version in force names it: people choose
    "答复期限", never a rule code."""
    names: dict[str, str] = {}
    for rule_id, label in TimeLimit.objects.order_by("rule_id", "-version").values_list(
        "rule_id", "label"
    ):
        names.setdefault(rule_id, label or rule_id)
    return list(names.items())
