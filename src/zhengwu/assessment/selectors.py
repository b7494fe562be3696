"""Ledger figures per undertaker: the dashboards (issue 5, S-8) and HR's annual assessment (S-14).

One function, `figures()`, answers the page, the .xlsx export and the API; `details()` lists the
rows behind every figure, so each number can be traced to its items. Everything is set-based: a
fixed number of queries whatever the number of units or tasks (no query per row).

Definitions (written on the pages too):

- *Undertaker*: the task's lead undertaker (主办单位, a section or affiliated unit); co-undertakers
  are not counted.
- *Items*: tasks assigned within the period (drafts are not items); *open* / *closed* are their
  present status.
- *On-time rate* (S-8 dashboards, S-14): milestones met on or before their deadline ÷ milestones
  due, where a milestone is *due* in the period when its deadline's due date falls in the period
  and either the deadline has passed (due date before today), the milestone is already met, or
  its task was closed without it (missed: it counts as late, S-5); cancelled milestones (replaced
  by a plan or a new issue kind) do not count. No milestone due → no rate ("—").
- *Warnings by level* (S-8): warnings raised in the period on the undertaker's milestones.
- *Returned reports* (S-12): feedback versions the office returned in the period.
- *Accountability cases* (S-14): cases opened in the period on the undertaker's milestones.
- *清零 (zeroed) trend*: for each week, the undertakers' items closed by the week's end and those
  still open at the week's end (assigned by then, not closed by then).

Confidentiality (S-13, S-14): every figure counts confidential tasks too, so an undertaker's
figures (its on-time rate in HR's annual assessment) are the same whoever reads them. Whoever is
not named on a confidential task sees its rows as "机密事项", without reference, title or text
(`details`). Lists of tasks outside the figures (key list, cases) still show only visible tasks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengwu.core import clock, inputs
from zhengwu.core.exports import clauses
from zhengwu.org.models import OrgUnit, Role
from zhengwu.org.selectors import (
    active_assignments,
    undertaking_units,
    units_headed_or_liaised,
    units_in_charge,
)
from zhengwu.supervision.models import (
    OPEN_STATUSES,
    Feedback,
    FeedbackStatus,
    Milestone,
    MilestoneStatus,
    Task,
    TaskStatus,
)
from zhengwu.supervision.selectors import confidential_hidden_from
from zhengwu.warnings.models import AccountabilityCase, KeyItemStatus, OverdueWarning

# Who sees every undertaker of the bureau; leaders in charge see their units; heads and
# liaisons their own unit (issue 5, point 7).
ALL_UNITS_ROLES = (Role.OFFICE_STAFF, Role.SUPERVISION_STAFF, Role.DIRECTOR, Role.HR)
LEVELS = (1, 2, 3)  # S-8 names three warning levels (1st, 2nd, 3rd warning)

# S-8 dashboards / S-14: the on-time rate, as the pages, the workbook and the API state it.
ON_TIME_RATE_DEFINITION = (
    "on-time rate = milestones met on or before their deadline / milestones due "
    "(due date in the period and passed, already met, or missed at closing; cancelled "
    "milestones not counted)"
)

# Periods within a year: (key, label, first month, last month).
PERIODS = (
    ("", gettext_lazy("Whole year"), 1, 12),
    ("h1", gettext_lazy("First half"), 1, 6),
    ("h2", gettext_lazy("Second half"), 7, 12),
    ("q1", gettext_lazy("1st quarter"), 1, 3),
    ("q2", gettext_lazy("2nd quarter"), 4, 6),
    ("q3", gettext_lazy("3rd quarter"), 7, 9),
    ("q4", gettext_lazy("4th quarter"), 10, 12),
)

# The figures a page, an export row or an API row carries, and the detail list behind each.
FIGURES = {
    "items": "items",
    "open": "items",
    "closed": "items",
    "due": "milestones",
    "on_time": "milestones",
    "late": "milestones",
    "warnings": "warnings",
    "warnings_1": "warnings",
    "warnings_2": "warnings",
    "warnings_3": "warnings",
    "returned": "returns",
    "cases": "cases",
}


@dataclass(frozen=True)
class Period:
    year: int
    key: str = ""

    @property
    def _months(self) -> tuple[int, int]:
        if self.key.startswith("m"):  # one month, "m01"…"m12" (the chart's monthly bars link there)
            return int(self.key[1:]), int(self.key[1:])
        for key, _label, first, last in PERIODS:
            if key == self.key:
                return first, last
        raise ValueError(self.key)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self._months[0], 1)

    @property
    def end(self) -> dt.date:
        last = self._months[1]
        if last == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, last + 1, 1) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        if self.key.startswith("m"):
            return f"{self.year}-{self.key[1:]}"
        name = next(str(label) for key, label, _f, _l in PERIODS if key == self.key)
        return f"{self.year} {name}"

    @property
    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware datetimes of the bureau's days."""
        return clock.at_local(self.start), clock.at_local(self.end + dt.timedelta(days=1))


def parse_period(year: Any, key: Any = "", *, default_year: int | None = None) -> Period:
    """A period from query parameters; bad input raises ValueError with a clear message."""
    try:
        number = int(year) if year not in (None, "") else (default_year or clock.today().year)
    except (TypeError, ValueError):
        raise ValueError(_("The year must be a number such as 2026.")) from None
    message = inputs.year_error(number)
    if message:
        raise ValueError(message)
    key = key or ""
    months = {f"m{m:02d}" for m in range(1, 13)}
    if key not in {k for k, *_rest in PERIODS} | months:
        raise ValueError(_("Unknown period."))
    return Period(number, key)


def units_for(person: Any, bureau_id: int) -> QuerySet[OrgUnit]:
    """The undertakers whose figures `person` may see (issue 5, point 7)."""
    units = undertaking_units(bureau_id).order_by("sort_order", "name", "pk")
    roles = {a.role for a in active_assignments(person) if a.bureau_id == bureau_id}
    if roles & set(ALL_UNITS_ROLES):
        return units
    return units.filter(pk__in=units_in_charge(person) | units_headed_or_liaised(person))


def bureau_for(person: Any) -> int | None:
    """The bureau whose figures this person reads (the first one with a role)."""
    bureaus = sorted({a.bureau_id for a in active_assignments(person)})
    return bureaus[0] if bureaus else None


def counted_tasks(person: Any, units: QuerySet[OrgUnit]) -> QuerySet[Task]:
    """Tasks of these lead undertakers that count for `person`.

    S-13: a confidential task counts (and is listed) only for the people named on it.
    """
    named = Task.named_readers.through.objects.filter(task_id=OuterRef("pk"), person_id=person.pk)
    return (
        Task.objects.filter(lead_unit__in=units)
        .exclude(status=TaskStatus.DRAFT)
        .filter(Q(confidential=False) | Q(Exists(named)))
    )


def assessed_tasks(units: QuerySet[OrgUnit]) -> QuerySet[Task]:
    """S-14: every task of these lead undertakers counts in the figures, confidential ones too,
    so the figures do not depend on who reads them (their rows are redacted in `details`)."""
    return Task.objects.filter(lead_unit__in=units).exclude(status=TaskStatus.DRAFT)


def _unit_of_deadline() -> Subquery:
    return Subquery(
        Milestone.objects.filter(deadline_id=OuterRef("deadline_id")).values("task__lead_unit_id")[
            :1
        ]
    )


def _querysets(person: Any, period: Period, units: QuerySet[OrgUnit]) -> dict[str, QuerySet]:
    """The rows behind the figures, one queryset per detail list."""
    today = clock.today()
    tasks = assessed_tasks(units)
    task_ids = tasks.values("pk")
    milestone_deadlines = Milestone.objects.filter(task_id__in=task_ids).values("deadline_id")
    since, until = period.moments
    items = tasks.filter(assigned_on__gte=period.start, assigned_on__lte=period.end)
    milestones = (
        Milestone.objects.filter(task_id__in=task_ids, deadline__isnull=False)
        .exclude(status=MilestoneStatus.CANCELLED)
        .filter(deadline__due_date__gte=period.start, deadline__due_date__lte=period.end)
        .filter(
            Q(deadline__due_date__lt=today)
            | Q(status__in=(MilestoneStatus.MET, MilestoneStatus.MISSED))
        )
    )
    warnings = OverdueWarning.objects.filter(
        deadline_id__in=milestone_deadlines,
        raised_on__gte=period.start,
        raised_on__lte=period.end,
        level__in=LEVELS,
    )
    returns = Feedback.objects.filter(
        milestone__task_id__in=task_ids,
        status=FeedbackStatus.RETURNED,
        reviewed_at__gte=since,
        reviewed_at__lt=until,
    )
    cases = AccountabilityCase.objects.filter(
        deadline_id__in=milestone_deadlines, opened_at__gte=since, opened_at__lt=until
    )
    return {
        "items": items,
        "milestones": milestones,
        "warnings": warnings,
        "returns": returns,
        "cases": cases,
    }


@dataclass
class UnitFigures:
    unit: OrgUnit
    items: int = 0
    open: int = 0
    closed: int = 0
    due: int = 0
    on_time: int = 0
    warnings_1: int = 0
    warnings_2: int = 0
    warnings_3: int = 0
    returned: int = 0
    cases: int = 0

    @property
    def late(self) -> int:
        return self.due - self.on_time

    @property
    def warnings(self) -> int:
        return self.warnings_1 + self.warnings_2 + self.warnings_3

    @property
    def on_time_rate(self) -> float | None:
        """S-8 dashboards / S-14: milestones met on or before their deadline ÷ milestones due."""
        return self.on_time / self.due if self.due else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit.pk,
            "unit": self.unit.name,
            "items": self.items,
            "open": self.open,
            "closed": self.closed,
            "due": self.due,
            "on_time": self.on_time,
            "late": self.late,
            "on_time_rate": None if self.on_time_rate is None else round(self.on_time_rate, 4),
            "warnings_1": self.warnings_1,
            "warnings_2": self.warnings_2,
            "warnings_3": self.warnings_3,
            "returned": self.returned,
            "cases": self.cases,
        }


@dataclass
class Figures:
    period: Period
    bureau_id: int | None
    rows: list[UnitFigures] = field(default_factory=list)

    @property
    def total(self) -> UnitFigures:
        total = UnitFigures(unit=OrgUnit(name=_("All undertakers")))
        for row in self.rows:
            for name in ("items", "open", "closed", "due", "on_time", "warnings_1",
                         "warnings_2", "warnings_3", "returned", "cases"):  # fmt: skip
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total


def figures(person: Any, *, period: Period, bureau_id: int | None = None) -> Figures:
    """Per undertaker this person may see: items, open/closed, on-time rate, warnings by level,
    returned reports and accountability cases in `period` — six grouped queries in all."""
    bureau_id = bureau_id or bureau_for(person)
    result = Figures(period=period, bureau_id=bureau_id)
    if bureau_id is None:
        return result
    units = units_for(person, bureau_id)
    qs = _querysets(person, period, units)
    by_unit: dict[int, UnitFigures] = {u.pk: UnitFigures(unit=u) for u in units}

    for row in (
        qs["items"]
        .values("lead_unit_id")
        .annotate(
            n=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            closed=Count("pk", filter=Q(status=TaskStatus.CLOSED)),
        )
    ):
        target = by_unit[row["lead_unit_id"]]
        target.items, target.open, target.closed = row["n"], row["open"], row["closed"]
    for row in (
        qs["milestones"]
        .values("task__lead_unit_id")
        .annotate(
            n=Count("pk"),
            met=Count("pk", filter=Q(deadline__met_on__lte=F("deadline__due_date"))),
        )
    ):
        target = by_unit[row["task__lead_unit_id"]]
        target.due, target.on_time = row["n"], row["met"]
    for row in (
        qs["warnings"]
        .annotate(unit_id=_unit_of_deadline())
        .values("unit_id", "level")
        .annotate(n=Count("pk"))
    ):
        setattr(by_unit[row["unit_id"]], f"warnings_{row['level']}", row["n"])
    for row in qs["returns"].values("milestone__task__lead_unit_id").annotate(n=Count("pk")):
        by_unit[row["milestone__task__lead_unit_id"]].returned = row["n"]
    for row in (
        qs["cases"].annotate(unit_id=_unit_of_deadline()).values("unit_id").annotate(n=Count("pk"))
    ):
        by_unit[row["unit_id"]].cases = row["n"]
    result.rows = list(by_unit.values())
    return result


@dataclass
class DetailRow:
    """One row behind a figure: the task (reference, title), the undertaker, dates, level."""

    kind: str
    unit_id: int
    unit: str
    task_id: int
    number: str
    title: str
    what: str = ""  # milestone, warning level, returned report, case subject
    due_date: dt.date | None = None
    date: dt.date | None = None  # assigned, met, raised, returned, opened
    level: int | None = None
    status: str = ""
    note: str = ""  # closed date, reason for return, reason / outcome of the case
    confidential: bool = False  # shown as "机密事项" without reference, title or text

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return clock.local(moment).date() if moment else None


def details(
    person: Any,
    *,
    period: Period,
    figure: str,
    unit_id: int | None = None,
    bureau_id: int | None = None,
    as_of: dt.date | None = None,
) -> list[DetailRow]:
    """The rows behind one figure (see FIGURES) for one undertaker or all of them.

    `as_of` (item figures only, the 清零 trend): open / closed as they stood at the end of that day.
    S-13: rows of confidential tasks `person` is not named on keep their dates, level and status
    (what the figure counts) but lose reference, title and text.
    """
    rows = _details(
        person, period=period, figure=figure, unit_id=unit_id, bureau_id=bureau_id, as_of=as_of
    )
    ids = {r.task_id for r in rows}
    hidden = set(confidential_hidden_from(person).filter(pk__in=ids).values_list("pk", flat=True))
    for row in rows:
        if row.task_id in hidden:
            row.confidential = True
            row.number = ""
            row.title = _("Confidential matter")
            row.what = ""
            row.note = ""
    return rows


def _details(
    person: Any,
    *,
    period: Period,
    figure: str,
    unit_id: int | None = None,
    bureau_id: int | None = None,
    as_of: dt.date | None = None,
) -> list[DetailRow]:
    if figure not in FIGURES:
        raise ValueError(_("Unknown figure."))
    bureau_id = bureau_id or bureau_for(person)
    if bureau_id is None:
        return []
    units = units_for(person, bureau_id)
    if unit_id is not None:
        units = units.filter(pk=unit_id)
    qs = _querysets(person, period, units)
    kind = FIGURES[figure]
    if kind == "items":
        rows = qs["items"].select_related("lead_unit")
        if as_of is not None:
            closed_by = Q(status=TaskStatus.CLOSED, closed_on__lte=as_of)
            rows = rows.filter(assigned_on__lte=as_of)
            if figure == "open":
                rows = rows.exclude(closed_by)
            elif figure == "closed":
                rows = rows.filter(closed_by)
        elif figure == "open":
            rows = rows.filter(status__in=OPEN_STATUSES)
        elif figure == "closed":
            rows = rows.filter(status=TaskStatus.CLOSED)
        return [
            DetailRow(kind=kind, unit_id=t.lead_unit_id, unit=t.lead_unit.name, task_id=t.pk,
                      number=t.number, title=t.title, what=_("Item"), date=t.assigned_on,
                      status=str(t.get_status_display()),
                      note=t.closed_on.isoformat() if t.closed_on else "")
            for t in rows.order_by("lead_unit__sort_order", "lead_unit__name", "assigned_on", "pk")
        ]  # fmt: skip
    if kind == "milestones":
        ms = qs["milestones"].select_related("task__lead_unit", "deadline")
        if figure == "on_time":
            ms = ms.filter(deadline__met_on__lte=F("deadline__due_date"))
        elif figure == "late":
            ms = ms.exclude(deadline__met_on__lte=F("deadline__due_date"))
        out = []
        for m in ms.order_by("task__lead_unit__sort_order", "task__lead_unit__name",
                             "deadline__due_date", "pk"):  # fmt: skip
            on_time = m.deadline.met_on_time
            out.append(
                DetailRow(kind=kind, unit_id=m.task.lead_unit_id, unit=m.task.lead_unit.name,
                          task_id=m.task_id, number=m.task.number, title=m.task.title,
                          what=m.display_label(), due_date=m.deadline.due_date,
                          date=m.deadline.met_on,
                          status=_("On time") if on_time else _("Late or not met"))
            )  # fmt: skip
        return out
    if kind == "warnings":
        ws = qs["warnings"].select_related("deadline")
        if figure.startswith("warnings_"):
            ws = ws.filter(level=int(figure.rsplit("_", 1)[1]))
        ws = list(ws.order_by("raised_on", "pk"))
        by_deadline = _milestones_by_deadline({w.deadline_id for w in ws})
        out = []
        for w in ws:
            m = by_deadline[w.deadline_id]
            out.append(
                DetailRow(kind=kind, unit_id=m.task.lead_unit_id, unit=m.task.lead_unit.name,
                          task_id=m.task_id, number=m.task.number, title=m.task.title,
                          what=m.display_label(), due_date=w.deadline.due_date, date=w.raised_on,
                          level=w.level)
            )  # fmt: skip
        return _by_unit(out)
    if kind == "returns":
        fb = qs["returns"].select_related("milestone__task__lead_unit", "milestone__deadline")
        return [
            DetailRow(kind=kind, unit_id=f.milestone.task.lead_unit_id,
                      unit=f.milestone.task.lead_unit.name, task_id=f.milestone.task_id,
                      number=f.milestone.task.number, title=f.milestone.task.title,
                      what=f"{f.milestone.display_label()} v{f.version}",
                      due_date=f.milestone.deadline.due_date if f.milestone.deadline else None,
                      date=_local_day(f.reviewed_at), note=f.return_reason)
            for f in fb.order_by("milestone__task__lead_unit__sort_order",
                                 "milestone__task__lead_unit__name", "reviewed_at", "pk")
        ]  # fmt: skip
    cases = list(qs["cases"].select_related("deadline").order_by("opened_at", "pk"))
    by_deadline = _milestones_by_deadline({c.deadline_id for c in cases})
    out = []
    for c in cases:
        m = by_deadline[c.deadline_id]
        out.append(
            DetailRow(kind="cases", unit_id=m.task.lead_unit_id, unit=m.task.lead_unit.name,
                      task_id=m.task_id, number=m.task.number, title=m.task.title,
                      what=c.subject, due_date=c.deadline.due_date, date=_local_day(c.opened_at),
                      status=str(c.get_status_display()),
                      note=clauses(c.reason, c.outcome))
        )  # fmt: skip
    return _by_unit(out)


def _milestones_by_deadline(deadline_ids: set[int]) -> dict[int, Milestone]:
    return {
        m.deadline_id: m
        for m in Milestone.objects.filter(deadline_id__in=deadline_ids).select_related(
            "task__lead_unit"
        )
    }


def _by_unit(rows: list[DetailRow]) -> list[DetailRow]:
    order = {
        u.pk: i
        for i, u in enumerate(
            OrgUnit.objects.filter(pk__in={r.unit_id for r in rows}).order_by("sort_order", "name")
        )
    }
    return sorted(rows, key=lambda r: order[r.unit_id])


def zeroing_trend(
    person: Any, *, period: Period, bureau_id: int | None = None, weeks: int = 12
) -> list[tuple[dt.date, int, int]]:
    """清零 trend: for each of the last `weeks` weeks of the period (up to today), the period's
    items closed by the week's end and those still open at its end — one aggregate query."""
    bureau_id = bureau_id or bureau_for(person)
    if bureau_id is None:
        return []
    last = min(period.end, clock.today())
    last_sunday = last + dt.timedelta(days=6 - last.weekday())
    ends = [last_sunday - dt.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    ends = [e for e in ends if e >= period.start] or [last_sunday]
    tasks = assessed_tasks(units_for(person, bureau_id)).filter(
        assigned_on__gte=period.start, assigned_on__lte=period.end
    )
    aggregates = {}
    for i, end in enumerate(ends):
        assigned = Q(assigned_on__lte=end)
        closed = Q(status=TaskStatus.CLOSED, closed_on__lte=end)
        aggregates[f"closed_{i}"] = Count("pk", filter=assigned & closed)
        aggregates[f"open_{i}"] = Count("pk", filter=assigned & ~closed)
    totals = tasks.aggregate(**aggregates)
    return [(end, totals[f"closed_{i}"], totals[f"open_{i}"]) for i, end in enumerate(ends)]


def key_items_of(person: Any, *, bureau_id: int | None = None) -> list[Any]:
    """The open key supervision list (S-8) of the undertakers this person sees (S-13 applied by
    `counted_tasks`)."""
    from zhengwu.warnings.models import KeySupervisionItem
    from zhengwu.workdays.owners import describe_owner, owner_url

    bureau_id = bureau_id or bureau_for(person)
    if bureau_id is None:
        return []
    deadlines = Milestone.objects.filter(
        task__in=counted_tasks(person, units_for(person, bureau_id))
    ).values("deadline_id")
    items = list(
        KeySupervisionItem.objects.filter(deadline_id__in=deadlines, status=KeyItemStatus.OPEN)
        .select_related("deadline")
        .order_by("-opened_at", "pk")
    )
    for item in items:
        item.what, item.link = describe_owner(item.deadline), owner_url(item.deadline)
    return items


def warnings_by_month(
    person: Any, *, period: Period, bureau_id: int | None = None
) -> list[tuple[str, dict[int, int]]]:
    """Warnings by level per month of the period ("m01"…), over the undertakers this person sees."""
    bureau_id = bureau_id or bureau_for(person)
    months = list(range(period.start.month, period.end.month + 1))
    counts: dict[int, dict[int, int]] = {m: {} for m in months}
    if bureau_id is not None:
        qs = _querysets(person, period, units_for(person, bureau_id))["warnings"]
        for day, level in qs.values_list("raised_on", "level"):
            counts[day.month][level] = counts[day.month].get(level, 0) + 1
    return [(f"m{m:02d}", counts[m]) for m in months]


@dataclass
class LedgerCase:
    case: AccountabilityCase
    milestone: Milestone

    @property
    def task(self) -> Task:
        return self.milestone.task


def ledger_cases(person: Any, *, task_id: int | None = None) -> list[LedgerCase]:
    """S-14: accountability cases on ledger milestones of the tasks this person counts (S-13)."""
    bureau_id = bureau_for(person)
    if bureau_id is None:
        return []
    tasks = counted_tasks(person, units_for(person, bureau_id))
    if task_id is not None:
        tasks = tasks.filter(pk=task_id)
    milestones = {
        m.deadline_id: m
        for m in Milestone.objects.filter(task__in=tasks, deadline__isnull=False).select_related(
            "task__lead_unit", "deadline"
        )
    }
    cases = AccountabilityCase.objects.filter(deadline_id__in=list(milestones)).select_related(
        "opened_by"
    )
    return [LedgerCase(case=c, milestone=milestones[c.deadline_id]) for c in cases]


# --- D-12: the disclosure assessment ------------------------------------------------------------
#
# Per section and period, for the bureau's performance evaluation (考核评议):
#
# - *Items published on time / late* (D-7): proactive items with a publication clock (their latest
#   one not cancelled) that were published in the period — on time when published on or before the
#   clock's due date — and those still unpublished whose due date fell in the period and has
#   passed (late). The item's section is its publisher, else the section of its author.
# - *Applications answered on time / late* (R-3): applications answered in the period — on time when
#   answered on or before the answer clock's due date (extensions included) — and those still
#   unanswered whose running clock's due date fell in the period and has passed (late). The
#   section is the handler's.
# - *Answers corrected* (D-14): review and litigation cases concluded in the period with the
#   outcome "corrected", under the section of the application's handler.
# - *Clarifications* (D-9): recorded in the period (date found), under the clarification's section.
# - *Accountability cases* (D-12, S-14): cases the supervision office opened in the period on an
#   item's publication clock or an application's answer clock.
#
# Confidential items count for everyone (the figures do not depend on who reads them); people not
# named on them see their rows as "机密事项" without index number, title or text (D-11).

DISCLOSURE_FIGURES = {
    "published": "publication",
    "published_on_time": "publication",
    "published_late": "publication",
    "answered": "answers",
    "answered_on_time": "answers",
    "answered_late": "answers",
    "corrected": "corrected",
    "clarifications": "clarifications",
    "disclosure_cases": "disclosure_cases",
}
ITEM_OWNER = "disclosure.informationitem"
APPLICATION_OWNER = "applications.application"


def disclosure_bureau(person: Any, bureau_id: Any = None) -> int | None:
    """The bureau whose disclosure work `person` reads: `bureau_id` if they work for it
    (`org.selectors.bureaus_for`), else the first of theirs; None when they work for none."""
    from zhengwu.org.selectors import bureaus_for

    bureaus = bureaus_for(person)
    if bureau_id not in (None, ""):
        try:
            wanted = int(bureau_id)
        except (TypeError, ValueError):
            return None
        return wanted if wanted in bureaus else None
    return min(bureaus) if bureaus else None


_COUNTED = (
    "published_on_time",
    "published_late",
    "answered_on_time",
    "answered_late",
    "corrected",
    "clarifications",
    "disclosure_cases",
)


@dataclass
class SectionFigures:
    unit: OrgUnit | None
    published_on_time: int = 0
    published_late: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    corrected: int = 0
    clarifications: int = 0
    disclosure_cases: int = 0

    @property
    def published(self) -> int:
        return self.published_on_time + self.published_late

    @property
    def answered(self) -> int:
        return self.answered_on_time + self.answered_late

    @property
    def name(self) -> str:
        return self.unit.name if self.unit is not None else _("No section recorded")

    @property
    def key(self) -> int:
        return self.unit.pk if self.unit is not None else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit.pk if self.unit is not None else None,
            "unit": self.name,
            **{name: getattr(self, name) for name in DISCLOSURE_FIGURES},
        }


@dataclass
class DisclosureFigures:
    period: Period
    bureau_id: int | None
    rows: list[SectionFigures] = field(default_factory=list)

    @property
    def total(self) -> SectionFigures:
        total = SectionFigures(unit=OrgUnit(name=_("All sections")))
        for row in self.rows:
            for name in _COUNTED:
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total


@dataclass
class DisclosureRow:
    """One row behind a disclosure figure; `record_id` is the item, application or case."""

    kind: str
    unit_id: int  # 0: no section recorded
    unit: str
    record_id: int
    reference: str  # index number, tracking number
    title: str
    due_date: dt.date | None = None
    date: dt.date | None = None  # published, answered, concluded, found, opened
    on_time: bool | None = None
    note: str = ""
    link: str = ""
    confidential: bool = False
    owner: str = ""  # ITEM_OWNER or APPLICATION_OWNER: the record the row is about
    owner_id: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "owner"}


def _latest_clocks(bureau_id: int, owner_type: str, rule_id: str) -> dict[int, Any]:
    """The latest clock not cancelled of each owner (a change restarts the clock, D-7)."""
    from zhengwu.workdays.models import Deadline, DeadlineStatus

    clocks: dict[int, Any] = {}
    for deadline in (
        Deadline.objects.filter(bureau_id=bureau_id, owner_type=owner_type, rule_id=rule_id)
        .exclude(status=DeadlineStatus.CANCELLED)
        .order_by("pk")
    ):
        clocks[int(deadline.owner_id)] = deadline  # later pk wins
    return clocks


def _timeliness(
    done: dt.date | None,
    deadline: Any,
    period: Period,
    today: dt.date,
    *,
    unfinished_if_open_only: bool,
) -> bool | None:
    """On time (True) or late (False) in the period, or None when it does not count there: done
    in the period → against its due date; not done, due in the period and already past → late
    (for answers only while the clock is still open: an application closed without an answer is
    not an overdue answer)."""
    from zhengwu.workdays.models import DeadlineStatus

    if done is not None:
        return done <= deadline.due_date if period.start <= done <= period.end else None
    if unfinished_if_open_only and deadline.status != DeadlineStatus.OPEN:
        return None
    if period.start <= deadline.due_date <= period.end and deadline.due_date < today:
        return False
    return None


def _publication_rows(bureau_id: int, period: Period) -> list[DisclosureRow]:
    from zhengwu.disclosure.models import InformationItem
    from zhengwu.disclosure.policy import PUBLICATION_RULE

    today = clock.today()
    clocks = _latest_clocks(bureau_id, ITEM_OWNER, PUBLICATION_RULE)
    rows = []
    items = InformationItem.objects.filter(pk__in=list(clocks)).values(
        "pk", "index_number", "title", "published_on", "publisher_unit_id", "author__unit_id"
    )
    for item in items:
        deadline = clocks[item["pk"]]
        published = item["published_on"]
        on_time = _timeliness(published, deadline, period, today, unfinished_if_open_only=False)
        if on_time is None:
            continue
        rows.append(
            DisclosureRow(kind="publication",
                          unit_id=item["publisher_unit_id"] or item["author__unit_id"] or 0,
                          unit="", record_id=item["pk"], reference=item["index_number"],
                          title=item["title"], due_date=deadline.due_date, date=published,
                          on_time=on_time, owner=ITEM_OWNER, owner_id=item["pk"])
        )  # fmt: skip
    return rows


def _answer_rows(bureau_id: int, period: Period) -> list[DisclosureRow]:
    from zhengwu.applications.models import Application
    from zhengwu.applications.policy import ANSWER_RULE

    today = clock.today()
    clocks = _latest_clocks(bureau_id, APPLICATION_OWNER, ANSWER_RULE)
    rows = []
    applications = Application.objects.filter(pk__in=list(clocks)).values(
        "pk", "tracking_number", "info_title", "description", "answered_on", "handler__unit_id"
    )
    for application in applications:
        deadline = clocks[application["pk"]]
        answered = application["answered_on"]
        on_time = _timeliness(answered, deadline, period, today, unfinished_if_open_only=True)
        if on_time is None:
            continue
        rows.append(
            DisclosureRow(kind="answers", unit_id=application["handler__unit_id"] or 0, unit="",
                          record_id=application["pk"], reference=application["tracking_number"],
                          title=application["info_title"] or application["description"][:60],
                          due_date=deadline.due_date, date=answered, on_time=on_time,
                          owner=APPLICATION_OWNER, owner_id=application["pk"])
        )  # fmt: skip
    return rows


def _corrected_rows(bureau_id: int, period: Period) -> list[DisclosureRow]:
    from zhengwu.applications.models import CaseOutcome, RemedyCase

    cases = RemedyCase.objects.filter(
        bureau_id=bureau_id,
        outcome=CaseOutcome.CORRECTED,
        concluded_on__gte=period.start,
        concluded_on__lte=period.end,
    ).select_related("application__handler")
    return [
        DisclosureRow(kind="corrected",
                      unit_id=(c.application.handler.unit_id if c.application.handler else 0) or 0,
                      unit="", record_id=c.application_id,
                      reference=c.application.tracking_number,
                      title=c.application.info_title or c.application.description[:60],
                      date=c.concluded_on, owner=APPLICATION_OWNER, owner_id=c.application_id,
                      note="；".join(x for x in (str(c.get_kind_display()), c.body, c.case_number)
                                    if x))
        for c in cases
    ]  # fmt: skip


def _clarification_rows(bureau_id: int, period: Period) -> list[DisclosureRow]:
    from zhengwu.disclosure.models import Clarification

    found = Clarification.objects.filter(
        bureau_id=bureau_id, found_on__gte=period.start, found_on__lte=period.end
    ).select_related("clarification__author")
    return [
        DisclosureRow(kind="clarifications",
                      unit_id=c.clarification.publisher_unit_id
                      or c.clarification.author.unit_id or 0,
                      unit="", record_id=c.clarification_id,
                      reference=c.clarification.index_number, title=c.clarification.title,
                      date=c.found_on, note=c.found_where, owner=ITEM_OWNER,
                      owner_id=c.clarification_id)
        for c in found
    ]  # fmt: skip


def _disclosure_case_rows(bureau_id: int, period: Period) -> list[DisclosureRow]:
    """Accountability cases (kept by the warnings app) opened on a publication or answer clock."""
    from zhengwu.applications.models import Application
    from zhengwu.disclosure.models import InformationItem

    since, until = period.moments
    cases = list(
        AccountabilityCase.objects.filter(
            bureau_id=bureau_id,
            deadline__owner_type__in=(ITEM_OWNER, APPLICATION_OWNER),
            opened_at__gte=since,
            opened_at__lt=until,
        ).select_related("deadline")
    )
    item_ids = [int(c.deadline.owner_id) for c in cases if c.deadline.owner_type == ITEM_OWNER]
    app_ids = [int(c.deadline.owner_id) for c in cases if c.deadline.owner_type != ITEM_OWNER]
    items = InformationItem.objects.select_related("author").in_bulk(item_ids)
    applications = Application.objects.select_related("handler").in_bulk(app_ids)
    rows = []
    for c in cases:
        owner_id = int(c.deadline.owner_id)
        if c.deadline.owner_type == ITEM_OWNER:
            item = items[owner_id]
            unit_id = item.publisher_unit_id or item.author.unit_id or 0
            reference, title = item.index_number, item.title
        else:
            application = applications[owner_id]
            unit_id = (application.handler.unit_id if application.handler else 0) or 0
            reference = application.tracking_number
            title = application.info_title or application.description[:60]
        rows.append(
            DisclosureRow(kind="disclosure_cases", unit_id=unit_id, unit="", record_id=c.pk,
                          reference=reference, title=title, due_date=c.deadline.due_date,
                          date=_local_day(c.opened_at), note="；".join(
                              x for x in (c.subject, c.reason, c.outcome) if x),
                          owner=c.deadline.owner_type, owner_id=owner_id)
        )  # fmt: skip
    return rows


_DISCLOSURE_ROWS = {
    "publication": _publication_rows,
    "answers": _answer_rows,
    "corrected": _corrected_rows,
    "clarifications": _clarification_rows,
    "disclosure_cases": _disclosure_case_rows,
}


def _sections(bureau_id: int) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(bureau_id=bureau_id).order_by("sort_order", "name", "pk"))


def disclosure_figures(person: Any, *, period: Period, bureau_id: Any = None) -> DisclosureFigures:
    """D-12: per section of the bureau, the period's publication and answer timeliness, answers
    corrected by review or litigation, clarifications and accountability cases — a fixed number
    of queries whatever the number of sections or records."""
    bureau = disclosure_bureau(person, bureau_id)
    result = DisclosureFigures(period=period, bureau_id=bureau)
    if bureau is None:
        return result
    by_unit: dict[int, SectionFigures] = {u.pk: SectionFigures(unit=u) for u in _sections(bureau)}
    for kind, collect in _DISCLOSURE_ROWS.items():
        for row in collect(bureau, period):
            target = by_unit.get(row.unit_id)
            if target is None:  # no section recorded (or one of another bureau)
                target = by_unit.setdefault(0, SectionFigures(unit=None))
                row.unit_id = 0
            if kind == "publication":
                name = "published_on_time" if row.on_time else "published_late"
            elif kind == "answers":
                name = "answered_on_time" if row.on_time else "answered_late"
            else:
                name = kind
            setattr(target, name, getattr(target, name) + 1)
    result.rows = [r for k, r in by_unit.items() if k != 0] + ([by_unit[0]] if 0 in by_unit else [])
    return result


def disclosure_details(
    person: Any, *, period: Period, figure: str, unit_id: int | None = None, bureau_id: Any = None
) -> list[DisclosureRow]:
    """The rows behind one disclosure figure (see DISCLOSURE_FIGURES), for one section (0: none
    recorded) or all. D-11: rows of confidential items `person` is not named on keep their dates
    and timeliness but lose index number, title and text."""
    from zhengwu.disclosure.selectors import confidential_hidden_from

    if figure not in DISCLOSURE_FIGURES:
        raise ValueError(_("Unknown figure."))
    bureau = disclosure_bureau(person, bureau_id)
    if bureau is None:
        return []
    sections = _sections(bureau)
    order = {u.pk: i for i, u in enumerate(sections)}
    names = {u.pk: u.name for u in sections}
    kind = DISCLOSURE_FIGURES[figure]
    rows = _DISCLOSURE_ROWS[kind](bureau, period)
    if figure.endswith("_on_time"):
        rows = [r for r in rows if r.on_time]
    elif figure.endswith("_late"):
        rows = [r for r in rows if not r.on_time]
    for row in rows:
        if row.unit_id not in names:
            row.unit_id = 0
        row.unit = names.get(row.unit_id) or _("No section recorded")
    if unit_id is not None:
        rows = [r for r in rows if r.unit_id == unit_id]
    hidden_items = set(
        confidential_hidden_from(person).filter(bureau_id=bureau).values_list("pk", flat=True)
    )
    for row in rows:
        if row.owner == ITEM_OWNER and row.owner_id in hidden_items:
            row.confidential = True
            row.reference = ""
            row.title = _("Confidential matter")
            row.note = ""
        row.link = _disclosure_link(row)
    return sorted(rows, key=lambda r: (order.get(r.unit_id, len(order)), r.date or r.due_date
                                       or dt.date.min, r.record_id))  # fmt: skip


def _disclosure_link(row: DisclosureRow) -> str:
    """Where the row's item or application is worked on (none for a hidden confidential item)."""
    from django.urls import reverse

    if row.confidential or not row.owner_id:
        return ""
    name = "disclosure:item" if row.owner == ITEM_OWNER else "applications:detail"
    return reverse(name, args=[row.owner_id])
