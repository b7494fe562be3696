"""Read side of the weekly reports (S-10): whose items a report covers, the figures and items it
holds, and who sees which report.

"The director's items" are the tasks whose instructing leader is the director; "a leader's items"
are the tasks whose instructing leader is that leader in charge (`Task.instructing_leader` decides
the reporting chain). A leader's report is prepared by the head of the section in charge: of the
units that leader is in charge of, the one leading most of the leader's items this week.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet

from zhengwu.core import clock
from zhengwu.org.models import OrgUnit, Person, Role
from zhengwu.org.selectors import active_assignments, head_of, holders, office_of, units_in_charge
from zhengwu.supervision.models import (
    OPEN_STATUSES,
    Feedback,
    FeedbackStatus,
    Milestone,
    MilestoneStatus,
    Task,
    TaskStatus,
)
from zhengwu.supervision.selectors import visible_tasks
from zhengwu.weekly import policy
from zhengwu.weekly.models import ReportKind, ReportStatus, WeeklyReport

COUNT_KEYS = ("new", "in_progress", "closed", "overdue", "due_next_week", "key")


# --- who reports to whom -------------------------------------------------------------------


def director_of(bureau_id: int, *, on: dt.date) -> Person | None:
    return holders(Role.DIRECTOR, bureau_id=bureau_id, on=on).first()


def leaders_in_charge(bureau_id: int, *, on: dt.date) -> list[Person]:
    return list(holders(Role.LEADER_IN_CHARGE, bureau_id=bureau_id, on=on))


def office_preparer(bureau_id: int, *, on: dt.date) -> tuple[OrgUnit | None, Person | None]:
    """The office prepares the director's and the consolidated report: its head, else its staff."""
    office = office_of(bureau_id)
    person = head_of(office, on=on) if office else None
    if person is None:
        person = holders(Role.OFFICE_STAFF, bureau_id=bureau_id, on=on).first()
    return office, person


def section_in_charge(
    leader: Person, *, bureau_id: int, week: dt.date, on: dt.date
) -> OrgUnit | None:
    """S-10: of the units `leader` is in charge of, the one leading most of the leader's items."""
    units = list(
        OrgUnit.objects.filter(pk__in=units_in_charge(leader, on=on), is_active=True).order_by(
            "sort_order", "name", "pk"
        )
    )
    if not units:
        return None
    leads = Counter(
        scope_tasks(bureau_id=bureau_id, leader_ids=[leader.pk], week=week)
        .filter(lead_unit__in=units)
        .values_list("lead_unit_id", flat=True)
    )
    return max(units, key=lambda u: (leads.get(u.pk, 0), -units.index(u)))


# --- what a report holds -------------------------------------------------------------------


def scope_tasks(*, bureau_id: int, leader_ids: list[int], week: dt.date) -> QuerySet[Task]:
    """The leaders' items that belong in the week's report: open ones and those closed this week."""
    week_end = week + dt.timedelta(days=6)
    return Task.objects.filter(bureau_id=bureau_id, instructing_leader_id__in=leader_ids).filter(
        Q(status__in=OPEN_STATUSES)
        | Q(status=TaskStatus.CLOSED, closed_on__gte=week, closed_on__lte=week_end)
    )


def known_to_both(tasks: QuerySet[Task], preparer: Any, recipient: Any) -> QuerySet[Task]:
    """S-13: a confidential task is in a report only when both the preparer and the recipient are
    named on it (the ledger's visibility selector says so); otherwise it is left out of the items
    and of every count."""
    return tasks.filter(
        Q(confidential=False)
        | (
            Q(pk__in=visible_tasks(preparer).values("pk"))
            & Q(pk__in=visible_tasks(recipient).values("pk"))
        )
    )


def compute_figures(
    *,
    bureau_id: int,
    leader_ids: list[int],
    preparer: Any,
    recipient: Any,
    week: dt.date,
    report_day: dt.date,
) -> dict[str, Any]:
    """The snapshot a draft holds: counts and the table of items, from the ledger."""
    week_end = week + dt.timedelta(days=6)
    next_start, next_end = policy.next_week(week)
    open_ms = Q(milestones__status=MilestoneStatus.OPEN)
    due_next = Milestone.objects.filter(
        task_id=OuterRef("pk"),
        status=MilestoneStatus.OPEN,
        deadline__due_date__gte=next_start,
        deadline__due_date__lte=next_end,
    )
    key = Milestone.objects.filter(
        task_id=OuterRef("pk"),
        status=MilestoneStatus.OPEN,
        deadline__key_supervision_item__status="open",
    )
    tasks = list(
        known_to_both(
            scope_tasks(bureau_id=bureau_id, leader_ids=leader_ids, week=week), preparer, recipient
        )
        .select_related("lead_unit")
        .annotate(
            next_due=Min("milestones__deadline__due_date", filter=open_ms),
            max_warning=Max("milestones__deadline__warning_level", filter=open_ms),
            due_next_week=Exists(due_next),
            key=Exists(key),
        )
    )
    progress = _latest_progress([t.pk for t in tasks])
    rows = []
    for t in tasks:
        is_open = t.status in OPEN_STATUSES
        overdue = bool(is_open and t.next_due and t.next_due < report_day)
        due = t.next_due if is_open else t.closed_on
        rows.append(
            {
                "task_id": t.pk,
                "number": t.number,
                "title": t.title,
                "lead_unit": t.lead_unit.name,
                "due": due.isoformat() if due else "",
                "status": t.status,
                "progress": progress.get(t.pk, ""),
                "warning_level": (t.max_warning or 0) if is_open else 0,
                "new": bool(t.assigned_on and week <= t.assigned_on <= week_end),
                "in_progress": is_open,
                "closed": t.status == TaskStatus.CLOSED,
                "overdue": overdue,
                "due_next_week": bool(is_open and t.due_next_week),
                "key": bool(is_open and t.key),
                "confidential": t.confidential,
            }
        )
    rows.sort(key=lambda r: (not r["key"], -r["warning_level"], not r["overdue"], r["due"] or "9",
                             r["number"]))  # fmt: skip
    counts = {k: sum(1 for r in rows if r[k]) for k in COUNT_KEYS}
    levels = Counter(r["warning_level"] for r in rows if r["overdue"] and r["warning_level"])
    return {
        "period": [week.isoformat(), week_end.isoformat()],
        "report_day": report_day.isoformat(),
        "counts": counts,
        "overdue_by_level": {str(level): levels[level] for level in sorted(levels)},
        "items": rows,
    }


def _latest_progress(task_ids: list[int]) -> dict[int, str]:
    """The latest accepted report of each task, shortened, as its progress line."""
    out: dict[int, str] = {}
    accepted = (
        Feedback.objects.filter(milestone__task_id__in=task_ids, status=FeedbackStatus.ACCEPTED)
        .filter(reviewed_at__lte=clock.now())  # as known when the figures are computed
        .order_by("milestone__task_id", "-reviewed_at", "-pk")
        .values_list("milestone__task_id", "text")
    )
    for task_id, text in accepted:
        if task_id not in out:
            text = " ".join(text.split())
            limit = policy.PROGRESS_EXCERPT_CHARS
            out[task_id] = text if len(text) <= limit else text[: limit - 1] + "…"
    return out


def leader_parts(report: WeeklyReport) -> list[dict[str, Any]]:
    """What the consolidated report assembles: each leader's report of the same week."""
    parts = []
    others = (
        WeeklyReport.objects.filter(
            bureau_id=report.bureau_id, week=report.week, kind=ReportKind.LEADER
        )
        .select_related("leader", "preparing_unit")
        .order_by("leader__full_name", "pk")
    )
    for other in others:
        parts.append(
            {
                "report_id": other.pk,
                "leader": other.leader.full_name,
                "unit": other.preparing_unit.name,
                "status": other.status,
                "summary": other.summary,
                "problems": other.problems,
                "next_steps": other.next_steps,
                "counts": other.figures.get("counts", {}),
            }
        )
    return parts


def parts_of(report: WeeklyReport) -> list[dict[str, Any]]:
    """The leaders' parts of a consolidated report: live while it is a draft (a leader's report
    written or issued after drafting shows at once), the copy frozen at issue afterwards."""
    if report.kind != ReportKind.CONSOLIDATED:
        return []
    if report.status == ReportStatus.DRAFT:
        return leader_parts(report)
    return report.figures.get("parts", [])


# --- who sees which report -----------------------------------------------------------------


def visible_reports(person: Any) -> QuerySet[WeeklyReport]:
    """The office sees all its bureau's reports; a leader those addressed to them; a section head
    those their section prepares."""
    if person is None or not getattr(person, "is_authenticated", False) or not person.is_active:
        return WeeklyReport.objects.none()
    assignments = active_assignments(person)
    office = {a.bureau_id for a in assignments if a.role == Role.OFFICE_STAFF}
    headed = {a.unit_id for a in assignments if a.role == Role.SECTION_HEAD and a.unit_id}
    return WeeklyReport.objects.filter(
        Q(bureau_id__in=office)
        | Q(leader_id=person.pk)
        | Q(preparing_unit_id__in=headed)
        | Q(preparer_id=person.pk)
    )


@dataclass
class ReportFilter:
    week: dt.date | None = None
    kind: str = ""
    status: str = ""


def report_list(person: Any, flt: ReportFilter | None = None) -> QuerySet[WeeklyReport]:
    flt = flt or ReportFilter()
    qs = visible_reports(person).select_related("leader", "preparer", "preparing_unit")
    if flt.week:
        qs = qs.filter(week=policy.week_of(flt.week))
    if flt.kind:
        qs = qs.filter(kind=flt.kind)
    if flt.status:
        qs = qs.filter(status=flt.status)
    return qs.order_by("-week", "kind", "leader__full_name", "pk")


def to_prepare(person: Any, *, day: dt.date) -> list[WeeklyReport]:
    """This week's drafts the person may edit (the staff home panel)."""
    drafts = report_list(person, ReportFilter(week=day, status=ReportStatus.DRAFT))
    return [r for r in drafts if person.has_perm("weekly.edit_report", r)]


def received_this_week(person: Any, *, day: dt.date) -> list[WeeklyReport]:
    return list(
        report_list(person, ReportFilter(week=day))
        .filter(leader_id=person.pk)
        .exclude(status=ReportStatus.DRAFT)
    )


def items_for(report: WeeklyReport, person: Any) -> list[dict[str, Any]]:
    """The report's items as `person` may read them: a confidential row only for people named on
    the task (a copy reader who is not named does not see it)."""
    rows = report.figures.get("items", [])
    secret = [r["task_id"] for r in rows if r.get("confidential")]
    if not secret:
        return rows
    named = set(
        Task.named_readers.through.objects.filter(
            task_id__in=secret, person_id=getattr(person, "pk", None)
        ).values_list("task_id", flat=True)
    )
    return [r for r in rows if not r.get("confidential") or r["task_id"] in named]


def counts_for(report: WeeklyReport, person: Any) -> dict[str, int]:
    """The report's counts over the rows `person` may read, so a hidden row is in no count."""
    rows = items_for(report, person)
    return {k: sum(1 for r in rows if r.get(k)) for k in COUNT_KEYS}


def overdue_by_level_for(report: WeeklyReport, person: Any) -> dict[int, int]:
    levels = Counter(r["warning_level"] for r in items_for(report, person) if r.get("overdue"))
    return {level: levels[level] for level in sorted(levels) if level}


def awaiting_remark(person: Any) -> QuerySet[WeeklyReport]:
    """S-10: issued reports addressed to `person` that they have not yet read or instructed on."""
    from zhengwu.weekly.models import ReportRemark, ReportStatus

    if not getattr(person, "is_authenticated", False):
        return WeeklyReport.objects.none()
    remarked = ReportRemark.objects.filter(report_id=OuterRef("pk"), leader_id=person.pk)
    return (
        WeeklyReport.objects.filter(leader_id=person.pk, status=ReportStatus.ISSUED)
        .exclude(Exists(remarked))
        .order_by("-week", "pk")
    )


def waiting_for(person: Any) -> list[Any]:
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from zhengwu.core.registry import Waiting
    from zhengwu.weekly.services import title_of

    qs = awaiting_remark(person)
    count = qs.count()
    if not count:
        return []
    entries = [(title_of(r), reverse("weekly:report", args=[r.pk])) for r in qs[:10]]
    return [
        Waiting(
            kind="weekly.remark",
            label=_("Weekly reports awaiting your instruction"),
            count=count,
            url=entries[0][1] if count == 1 else reverse("weekly:list"),
            entries=entries,
        )
    ]
