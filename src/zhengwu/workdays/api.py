"""/api/v1/workdays — the working-day arithmetic and deadline computation for scripts (issue 3)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from zhengwu.core.errors import DomainError, NotFound, PermissionDenied
from zhengwu.workdays import selectors
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
def day(request: HttpRequest, date: dt.date) -> dict[str, object]:
    _require(request)
    cal = selectors.current_calendar()
    return {
        "date": date,
        "is_workday": cal.is_workday(date),
        "unconfirmed_years": sorted(cal.unconfirmed_years(date, date)),
    }


@router.get("/add", response=AddOut)
def add(
    request: HttpRequest, date: dt.date, n: int = Query(..., ge=0, le=1000)
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
def compute(request: HttpRequest, rule: str, start: dt.date) -> dict[str, object]:
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
