"""/api/v1/workdays — the working-day arithmetic and deadline computation for scripts (issue 3)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from zhengwu.api.types import PlausibleDate, words
from zhengwu.core.errors import DomainError, NotFound, PermissionDenied
from zhengwu.workdays import selectors, services
from zhengwu.workdays.forms import MAX_NOTICE_BYTES
from zhengwu.workdays.policy import UnknownRule

router = Router(tags=["workdays"])


class DayOut(Schema):
    date: dt.date
    is_workday: bool
    unconfirmed_years: list[int]


class AddOut(Schema):
    start: dt.date
    n: int
    date: dt.date
    unconfirmed_years: list[int]


class ComputationOut(Schema):
    rule_id: str
    policy_version: int
    start_date: dt.date
    due_date: dt.date
    calendar_years: list[int]
    unconfirmed_years: list[int]
    explanation: str


def _require(request: HttpRequest) -> None:
    if not request.auth.has_perm("workdays.compute_deadline"):  # type: ignore[attr-defined]
        raise PermissionDenied()


@router.get("/day", response=DayOut)
def day(request: HttpRequest, date: PlausibleDate) -> dict[str, object]:
    _require(request)
    cal = selectors.current_calendar()
    return {
        "date": date,
        "is_workday": cal.is_workday(date),
        "unconfirmed_years": sorted(cal.unconfirmed_years(date, date)),
    }


@router.get("/add", response=AddOut)
def add(
    request: HttpRequest, date: PlausibleDate, n: int = Query(..., ge=0, le=1000)
) -> dict[str, object]:
    """The n-th working day after `date` (the date itself never counts)."""
    _require(request)
    cal = selectors.current_calendar()
    try:
        result = cal.add_workdays(date, n)
    except OverflowError as error:  # near 9999-12-31 there is no n-th working day to give
        raise DomainError(_("The date is out of range."), code="out_of_range") from error
    return {
        "start": date,
        "n": n,
        "date": result,
        "unconfirmed_years": sorted(cal.unconfirmed_years(date, result)),
    }


@router.get("/compute", response=ComputationOut)
def compute(request: HttpRequest, rule: words(20), start: PlausibleDate) -> dict[str, object]:
    """A rule's deadline for an event on `start`, with its one-line explanation."""
    _require(request)
    try:
        result = selectors.compute(rule, start)
    except UnknownRule as error:
        raise NotFound(str(error), code="unknown_rule") from error
    except OverflowError as error:  # near 9999-12-31 there is no due date to give
        raise DomainError(_("The date is out of range."), code="out_of_range") from error
    return {
        "rule_id": result.rule_id,
        "policy_version": result.time_limit.version,
        "start_date": result.start_date,
        "due_date": result.due_date,
        "calendar_years": result.calendar_years,
        "unconfirmed_years": result.unconfirmed_years,
        "explanation": result.explain(),
    }


# -- holiday notices (calendar and system administrators only) -------------------------------

NoticeText = Annotated[str, Field(min_length=1, max_length=MAX_NOTICE_BYTES)]


class NoticeIn(Schema):
    texts: list[NoticeText] = Field(..., min_length=1, max_length=10)
    # A notice that does not look like a real one is applied only with both (audited).
    confirm_implausible: bool = False
    reason: str = Field("", max_length=services.MAX_REASON_CHARS)


class NoticePlanOut(Schema):
    years: list[int]
    titles: list[str]
    summary: list[str]
    changes: list[str]
    implausible: list[str]


class NoticeImportOut(NoticePlanOut):
    deadlines_moved: int


def _require_import(request: HttpRequest) -> None:
    if not request.auth.has_perm("workdays.import_notice"):  # type: ignore[attr-defined]
        raise PermissionDenied()


def _plan_out(plan: selectors.NoticePlan) -> dict[str, object]:
    return {
        "years": plan.years,
        "titles": [t for year in plan.years for t in plan.titles[year]],
        "summary": plan.summary_lines(),
        "changes": [f"{c.change}: {c.as_text()}" for c in plan.changes if c.change != "unchanged"],
        "implausible": plan.implausible(),
    }


@router.post("/notices/preview", response=NoticePlanOut)
def preview_notice(request: HttpRequest, payload: NoticeIn) -> dict[str, object]:
    """What loading these notices would change, and why one may not look real; stores nothing."""
    _require_import(request)
    return _plan_out(selectors.plan_notice_import(payload.texts))


@router.post("/notices", response={201: NoticeImportOut})
def import_notice(request: HttpRequest, payload: NoticeIn) -> Status:
    """Load notices into the calendar (a flagged one needs confirm_implausible and a reason)."""
    _require_import(request)
    result = services.import_notice(
        by=request.auth,
        texts=payload.texts,
        confirm_implausible=payload.confirm_implausible,
        reason=payload.reason,
    )
    return Status(201, {**_plan_out(result.plan), "deadlines_moved": len(result.moved)})
