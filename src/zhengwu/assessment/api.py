"""/api/v1/assessment — the same selectors (and export service) as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from zhengwu.api.types import Id, PlausibleDate, Year, column
from zhengwu.assessment import selectors, services
from zhengwu.core.errors import DomainError, NotFound, PermissionDenied
from zhengwu.supervision.models import Milestone
from zhengwu.supervision.selectors import visible_tasks
from zhengwu.warnings import services as warning_services
from zhengwu.warnings.models import AccountabilityCase

router = Router(tags=["assessment"])

PeriodKey = Literal["", "h1", "h2", "q1", "q2", "q3", "q4"]
Figure = Literal[
    "items", "open", "closed", "due", "on_time", "late", "warnings",
    "warnings_1", "warnings_2", "warnings_3", "returned", "cases",
]  # fmt: skip


class UnitFiguresOut(Schema):
    unit_id: Id | None
    unit: str
    items: int
    open: int
    closed: int
    due: int
    on_time: int
    late: int
    on_time_rate: float | None
    warnings_1: int
    warnings_2: int
    warnings_3: int
    returned: int
    cases: int


class FiguresOut(Schema):
    year: int
    period: str
    definition_on_time_rate: str
    undertakers: list[UnitFiguresOut]
    total: UnitFiguresOut


class DetailOut(Schema):
    kind: str
    unit_id: Id
    unit: str
    task_id: Id
    number: str
    title: str
    what: str
    due_date: dt.date | None
    date: dt.date | None
    level: int | None
    status: str
    note: str


def _period(year: int | None, period: str) -> selectors.Period:
    try:
        return selectors.parse_period(year, period)
    except ValueError as exc:
        raise DomainError(str(exc)) from None


def _figures_out(person, period: selectors.Period) -> dict:  # type: ignore[no-untyped-def]
    result = selectors.figures(person, period=period)
    return {
        "year": period.year,
        "period": period.key,
        "definition_on_time_rate": selectors.ON_TIME_RATE_DEFINITION,
        "undertakers": [r.as_dict() for r in result.rows],
        "total": result.total.as_dict(),
    }


@router.get("/figures", response=FiguresOut)
def figures(request: HttpRequest, year: Year | None = None, period: PeriodKey = "") -> dict:
    """Issue 5, point 7: the dashboard figures per undertaker the caller may see."""
    person = request.auth
    if not person.has_perm("assessment.view_dashboard"):
        raise PermissionDenied()
    return _figures_out(person, _period(year, period))


@router.get("/annual/{year}", response=FiguresOut)
def annual(request: HttpRequest, year: Year, period: PeriodKey = "") -> dict:
    """S-14: HR's annual assessment figures for one year."""
    person = request.auth
    if not person.has_perm("assessment.view_assessment"):
        raise PermissionDenied()
    return _figures_out(person, _period(year, period))


@router.get("/items", response=list[DetailOut])
def items(
    request: HttpRequest,
    figure: Figure,
    year: Year | None = None,
    period: PeriodKey = "",
    unit: Id | None = None,
    as_of: PlausibleDate | None = None,
) -> list[dict]:
    """The rows behind one figure."""
    person = request.auth
    if not person.has_perm("assessment.view_figure_items"):
        raise PermissionDenied()
    rows = selectors.details(
        person, period=_period(year, period), figure=figure, unit_id=unit, as_of=as_of
    )
    return [r.as_dict() for r in rows]


@router.get("/annual/{year}/export", response={200: None})
def export(request: HttpRequest, year: Year, period: PeriodKey = "") -> HttpResponse:
    """S-14: the .xlsx (summary and detail sheets); an audit event records who and which year."""
    content = services.export_assessment(by=request.auth, period=_period(year, period))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="assessment-{year}.xlsx"'
    return response


class CaseOut(Schema):
    id: int
    task_id: Id
    task_number: str
    milestone_id: Id
    milestone: str
    due_date: dt.date
    subject: str
    reason: str
    status: str
    outcome: str
    opened_at: dt.datetime
    concluded_at: dt.datetime | None


class CaseIn(Schema):
    milestone_id: Id
    subject: column(AccountabilityCase, "subject", min_length=1)
    reason: column(AccountabilityCase, "reason")


class OutcomeIn(Schema):
    outcome: column(AccountabilityCase, "outcome")


def _case_out(row: selectors.LedgerCase) -> dict:
    case, milestone = row.case, row.milestone
    return {
        "id": case.pk,
        "task_id": milestone.task_id,
        "task_number": milestone.task.number,
        "milestone_id": milestone.pk,
        "milestone": milestone.display_label(),
        "due_date": milestone.deadline.due_date,
        "subject": case.subject,
        "reason": case.reason,
        "status": case.status,
        "outcome": case.outcome,
        "opened_at": case.opened_at,
        "concluded_at": case.concluded_at,
    }


@router.get("/cases", response=list[CaseOut])
def cases(request: HttpRequest, task_id: Id | None = None) -> list[dict]:
    """S-14: accountability cases on ledger tasks the caller counts."""
    person = request.auth
    if not person.has_perm("assessment.view_cases"):
        raise PermissionDenied()
    return [_case_out(r) for r in selectors.ledger_cases(person, task_id=task_id)]


@router.post("/cases", response={201: CaseOut})
def open_case(request: HttpRequest, payload: CaseIn) -> Status:
    """S-14: the supervision office opens a case on a task's missed milestone."""
    person = request.auth
    milestone = (
        Milestone.objects.filter(
            pk=payload.milestone_id, task__in=visible_tasks(person), deadline__isnull=False
        )
        .select_related("task", "deadline")
        .first()
    )
    if milestone is None:
        raise NotFound(_("No such milestone."))
    case = warning_services.open_accountability_case(
        by=person, on=milestone, subject=payload.subject, reason=payload.reason
    )
    return Status(201, _case_out(selectors.LedgerCase(case=case, milestone=milestone)))


@router.post("/cases/{case_id}/conclude", response=CaseOut)
def conclude_case(request: HttpRequest, case_id: Id, payload: OutcomeIn) -> dict:
    """S-14: the case ends with its outcome."""
    person = request.auth
    if not person.has_perm("warnings.open_accountability_case"):
        raise PermissionDenied()
    row = next((r for r in selectors.ledger_cases(person) if r.case.pk == case_id), None)
    if row is None:
        raise NotFound(_("No such accountability case."))
    row.case = warning_services.conclude_accountability_case(
        by=person, case=row.case, outcome=payload.outcome
    )
    return _case_out(row)
