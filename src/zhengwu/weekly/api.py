"""/api/v1/weekly — the same selectors and services as the pages (S-10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from zhengwu.api.types import ErrorOut, Id, PlausibleDate, column, words
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.org.models import Bureau
from zhengwu.supervision.selectors import bureau_of
from zhengwu.weekly import exports, selectors, services
from zhengwu.weekly.models import WeeklyReport

router = Router(tags=["weekly"])


class WeeklyItemOut(Schema):
    number: str
    title: str
    lead_unit: str
    due: str
    progress: str
    warning_level: int
    new: bool
    in_progress: bool
    closed: bool
    overdue: bool
    due_next_week: bool
    key: bool


class ReportOut(Schema):
    id: int
    title: str
    week: dt.date
    report_day: dt.date
    kind: str
    status: str
    addressed_to: str
    copied_to: str | None
    preparing_unit: str
    preparer: str | None
    summary: str
    problems: str
    next_steps: str
    figures_at: dt.datetime
    counts: dict[str, int]
    items: list[WeeklyItemOut]
    issued_at: dt.datetime | None
    archived_at: dt.datetime | None


class ReportFilterIn(Schema):
    week: PlausibleDate | None = None
    kind: words(20) = ""
    status: words(20) = ""


class DraftIn(Schema):
    date: PlausibleDate


class DraftOut(Schema):
    date: dt.date
    report_day: dt.date | None
    created: list[int]
    existing: list[int]


class NarrativeIn(Schema):
    summary: column(WeeklyReport, "summary") = ""
    problems: column(WeeklyReport, "problems") = ""
    next_steps: column(WeeklyReport, "next_steps") = ""


def _out(report: WeeklyReport, person: Any) -> dict[str, Any]:
    return {
        "id": report.pk,
        "title": services.title_of(report),
        "week": report.week,
        "report_day": report.report_day,
        "kind": report.kind,
        "status": report.status,
        "addressed_to": report.leader.full_name,
        "copied_to": report.copy_to.name if report.copy_to_id else None,
        "preparing_unit": report.preparing_unit.name,
        "preparer": report.preparer.full_name if report.preparer_id else None,
        "summary": report.summary,
        "problems": report.problems,
        "next_steps": report.next_steps,
        "figures_at": report.figures_at,
        "counts": selectors.counts_for(report, person),
        "items": selectors.items_for(report, person),
        "issued_at": report.issued_at,
        "archived_at": report.archived_at,
    }


def _report(request: HttpRequest, report_id: Id) -> WeeklyReport:
    report = selectors.visible_reports(request.auth).filter(pk=report_id).first()
    if report is None or not request.auth.has_perm("weekly.view_report", report):
        raise Http404
    return report


@router.get("/reports", response={200: list[ReportOut], 403: ErrorOut})
def list_reports(request: HttpRequest, filters: Query[ReportFilterIn]) -> list[dict[str, Any]]:
    person = request.auth
    if not person.has_perm("weekly.view_reports"):
        raise PermissionDenied()
    rows = selectors.report_list(person, selectors.ReportFilter(**filters.dict()))[:200]
    return [_out(r, person) for r in rows]


@router.get("/reports/{report_id}", response={200: ReportOut, 404: ErrorOut})
def get_report(request: HttpRequest, report_id: Id) -> dict[str, Any]:
    return _out(_report(request, report_id), request.auth)


@router.post("/draft", response={200: DraftOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def draft(request: HttpRequest, payload: DraftIn) -> dict[str, Any]:
    """Draft the week's reports for a day (the office; the job does this on the report day)."""
    person = request.auth
    if not person.has_perm("weekly.draft_reports"):
        raise PermissionDenied()
    bureau = Bureau.objects.filter(pk=bureau_of(person)).first()
    if bureau is None:
        raise PermissionDenied()
    result = services.draft_week(bureau=bureau, day=payload.date, by=person)
    if result.report_day != payload.date:
        raise DomainError(
            services.not_report_day_message(payload.date, result.report_day), code="not_report_day"
        )
    return {
        "date": result.day,
        "report_day": result.report_day,
        "created": [r.pk for r in result.created],
        "existing": [r.pk for r in result.existing],
    }


@router.patch(
    "/reports/{report_id}", response={200: ReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
)
def edit(request: HttpRequest, report_id: Id, payload: NarrativeIn) -> dict[str, Any]:
    report = services.edit_report(by=request.auth, report=_report(request, report_id),
                                  **payload.dict())  # fmt: skip
    return _out(report, request.auth)


@router.post(
    "/reports/{report_id}/refresh",
    response={200: ReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def refresh(request: HttpRequest, report_id: Id) -> dict[str, Any]:
    report = services.refresh_figures(by=request.auth, report=_report(request, report_id))
    return _out(report, request.auth)


@router.post(
    "/reports/{report_id}/issue",
    response={200: ReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def issue(request: HttpRequest, report_id: Id) -> dict[str, Any]:
    report = services.issue_report(by=request.auth, report=_report(request, report_id))
    return _out(report, request.auth)


class ReportRemarkIn(Schema):
    kind: str = Field(max_length=12)
    text: str = Field(default="", max_length=10000)


class ReportRemarkOut(Schema):
    id: int
    report_id: Id
    kind: str
    text: str
    leader_id: Id
    created_at: dt.datetime


@router.post(
    "/reports/{report_id}/remarks",
    response={200: ReportRemarkOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def remark(request: HttpRequest, report_id: Id, payload: ReportRemarkIn) -> Any:
    """S-10: the addressee (or the director) writes 批示 / 阅示 on an issued report."""
    return services.record_remark(
        by=request.auth, report=_report(request, report_id), kind=payload.kind, text=payload.text
    )


@router.post(
    "/reports/{report_id}/archive",
    response={200: ReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def archive(request: HttpRequest, report_id: Id) -> dict[str, Any]:
    report = services.archive_report(by=request.auth, report=_report(request, report_id))
    return _out(report, request.auth)


@router.get("/reports/{report_id}/docx", response={200: None, 403: ErrorOut, 404: ErrorOut})
def download(request: HttpRequest, report_id: Id) -> HttpResponse:
    report = _report(request, report_id)
    if not request.auth.has_perm("weekly.download_report", report):
        raise PermissionDenied()
    response = HttpResponse(
        exports.report_docx(report, reader=request.auth),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report)}"'
    return response
