"""/api/v1/reports — the annual report (D-13, R-10): the same selectors and services as the
staff pages. Another bureau's report answers 404, as a missing one."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from pydantic import Field

from zhengwu.api.types import ErrorOut, Id, column, words
from zhengwu.core.errors import PermissionDenied
from zhengwu.org.models import Bureau
from zhengwu.org.selectors import bureaus_for
from zhengwu.reports import policy, selectors, services
from zhengwu.reports.models import AnnualReport, ImportedYear, NarrativeVersion, YearlyFigure

router = Router(tags=["reports"])

Year = Annotated[int, Field(ge=policy.FIRST_YEAR, le=2100)]
Cell = Annotated[int, Field(ge=0, le=services.MAX_CELL)]


class AnnualViolationOut(Schema):
    table: str
    rule: str
    where: str
    left: int
    right: int
    applications: list[str]
    cases: list[int]


class AnnualReportOut(Schema):
    id: int
    bureau: str
    bureau_code: str
    year: int
    status: str
    overview: str
    problems: str
    other: str
    figures: dict[str, Any]
    figures_at: dt.datetime
    violations: list[AnnualViolationOut]
    missing_table2: list[str]
    due_date: dt.date | None
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    published_at: dt.datetime | None


class AnnualDraftIn(Schema):
    bureau_id: Id
    year: Year


class AnnualNarrativeIn(Schema):
    section: words(10)
    text: column(NarrativeVersion, "text")


class AnnualFigureIn(Schema):
    key: words(40)
    value: words(30)
    source: column(YearlyFigure, "source", min_length=1)


class AnnualImportIn(Schema):
    bureau_id: Id
    year: Year
    table3: dict[words(8), dict[words(20), Cell]]
    table4: dict[words(40), Cell]
    note: column(ImportedYear, "note") = ""


class AnnualImportOut(Schema):
    id: int
    bureau_id: int
    year: int


def _out(report: AnnualReport) -> dict[str, Any]:
    found = None if report.is_published else selectors.blockers(report.bureau, report.year)[1]
    deadline = services.deadline_of(report)
    return {
        "id": report.pk,
        "bureau": report.bureau.name,
        "bureau_code": report.bureau.code,
        "year": report.year,
        "status": report.status,
        "overview": report.overview,
        "problems": report.problems,
        "other": report.other,
        "figures": report.figures,
        "figures_at": report.figures_at,
        "violations": [
            {**v.__dict__, "applications": list(v.applications), "cases": list(v.cases)}
            for v in (found.violations if found else [])
        ],
        "missing_table2": found.missing if found else [],
        "due_date": deadline.due_date if deadline else None,
        "submitted_at": report.submitted_at,
        "approved_at": report.approved_at,
        "published_at": report.published_at,
    }


def _report(request: HttpRequest, report_id: int) -> AnnualReport:
    report = selectors.visible_reports(request.auth).filter(pk=report_id).first()
    if report is None or not request.auth.has_perm("reports.view_report", report):
        raise Http404
    return report


def _bureau(request: HttpRequest, bureau_id: int) -> Bureau:
    bureau = Bureau.objects.filter(pk=bureau_id, pk__in=bureaus_for(request.auth)).first()
    if bureau is None:
        raise Http404
    return bureau


@router.get("/annual", response={200: list[AnnualReportOut], 403: ErrorOut})
def list_reports(request: HttpRequest) -> list[dict[str, Any]]:
    person = request.auth
    if not person.has_perm("reports.view_reports"):
        raise PermissionDenied()
    rows = selectors.visible_reports(person).order_by("-year", "bureau__name")[:200]
    return [_out(r) for r in rows if person.has_perm("reports.view_report", r)]


@router.get("/annual/{report_id}", response={200: AnnualReportOut, 404: ErrorOut})
def get_report(request: HttpRequest, report_id: Id) -> dict[str, Any]:
    return _out(_report(request, report_id))


@router.post("/annual", response={200: AnnualReportOut, 400: ErrorOut, 403: ErrorOut})
def draft(request: HttpRequest, payload: AnnualDraftIn) -> dict[str, Any]:
    """The year's report as a draft (or the existing one), with its R-10 deadline."""
    report, _created = services.draft_report(
        by=request.auth, bureau=_bureau(request, payload.bureau_id), year=payload.year
    )
    return _out(report)


@router.post(
    "/annual/{report_id}/narrative",
    response={200: AnnualReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def save_narrative(
    request: HttpRequest, report_id: Id, payload: AnnualNarrativeIn
) -> dict[str, Any]:
    report = services.save_narrative(
        by=request.auth,
        report=_report(request, report_id),
        section=payload.section,
        text=payload.text,
    )
    return _out(report)


@router.post(
    "/annual/{report_id}/figures",
    response={200: AnnualReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def enter_figure(request: HttpRequest, report_id: Id, payload: AnnualFigureIn) -> dict[str, Any]:
    """A table 2 figure the register does not hold, with its source."""
    report = _report(request, report_id)
    services.enter_figure(
        by=request.auth,
        bureau=report.bureau,
        year=report.year,
        key=payload.key,
        value=payload.value,
        source=payload.source,
    )
    return _out(_report(request, report_id))


def _transition(name: str, doc: str) -> None:
    service = {
        "refresh": services.refresh_figures,
        "submit": services.submit,
        "approve": services.approve,
        "return": services.return_to_draft,
        "publish": services.publish,
    }[name]

    def endpoint(request: HttpRequest, report_id: Id) -> dict[str, Any]:
        return _out(service(by=request.auth, report=_report(request, report_id)))

    endpoint.__name__ = f"{name}_report"
    endpoint.__doc__ = doc
    router.post(
        f"/annual/{{report_id}}/{name}",
        response={200: AnnualReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    )(endpoint)


_transition("refresh", "Recompute the draft's figures from the records.")
_transition("submit", "The disclosure office submits the draft to the director.")
_transition("approve", "The director approves (not a drafter; refused while a check fails).")
_transition("return", "The director returns a submitted or approved report to the draft.")
_transition("publish", "Publish the approved report on the portal (its figures frozen).")


@router.post(
    "/imported", response={200: AnnualImportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
)
def import_year(request: HttpRequest, payload: AnnualImportIn) -> dict[str, Any]:
    """Tables 3 and 4 of a year kept outside the system, as published."""
    bureau = _bureau(request, payload.bureau_id)
    imported = services.import_year(
        by=request.auth,
        bureau=bureau,
        year=payload.year,
        table3=payload.table3,
        table4=payload.table4,
        note=payload.note,
    )
    return {"id": imported.pk, "bureau_id": bureau.pk, "year": imported.year}
