"""Staff pages of the weekly reports (S-10): the list, a report with its edit form, the .docx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from zhengwu.core.errors import DomainError
from zhengwu.supervision.models import TaskStatus
from zhengwu.weekly import exports, selectors, services
from zhengwu.weekly.forms import FilterForm, NarrativeForm
from zhengwu.weekly.models import WeeklyReport


def _require(request: HttpRequest, perm: str, obj: object = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _report(request: HttpRequest, pk: int) -> WeeklyReport:
    report = (
        selectors.visible_reports(request.user)
        .select_related("bureau", "leader", "preparer", "preparing_unit", "copy_to")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404  # someone else's report and a missing one look the same
    _require(request, "weekly.view_report", report)
    return report


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    _require(request, "weekly.view_reports")
    form = FilterForm(request.GET or None)
    flt = selectors.ReportFilter()
    if form.is_valid():
        flt = selectors.ReportFilter(**form.cleaned_data)
    rows = selectors.report_list(request.user, flt)[:200]
    return render(request, "weekly/list.html", {"form": form, "rows": rows})


ACTIONS = {
    "refresh": (
        services.refresh_figures,
        "weekly.edit_report",
        gettext_lazy("The figures were refreshed."),
    ),
    "issue": (services.issue_report, "weekly.issue_report", gettext_lazy("The report was issued.")),
    "archive": (
        services.archive_report,
        "weekly.archive_report",
        gettext_lazy("The report was archived."),
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    user = request.user
    can_edit = report.is_draft and user.has_perm("weekly.edit_report", report)
    initial = {"summary": report.summary, "problems": report.problems,
               "next_steps": report.next_steps}  # fmt: skip
    action = request.POST.get("action", "")
    form = NarrativeForm(request.POST if action in {"save", "issue"} else None, initial=initial)
    error = ""
    if request.method == "POST":
        try:
            if action in {"save", "issue"}:
                _require(request, "weekly.edit_report", report)
                if form.is_valid():
                    report = services.edit_report(by=user, report=report, **form.cleaned_data)
                    if action == "save":
                        messages.success(request, _("The report was saved."))
                        return redirect("weekly:report", pk=report.pk)
                else:
                    raise DomainError(_("Check the fields marked below."))
            if action == "remark":
                _require(request, "weekly.remark_report", report)
                services.record_remark(
                    by=user, report=report, kind=request.POST.get("kind", ""),
                    text=request.POST.get("text", ""),
                )  # fmt: skip
                messages.success(request, _("Your remark was recorded and sent."))
                return redirect("weekly:report", pk=report.pk)
            if action in ACTIONS:
                service, perm, done = ACTIONS[action]
                _require(request, perm, report)
                service(by=user, report=report)
                messages.success(request, str(done))
                return redirect("weekly:report", pk=report.pk)
            if action not in {"save", "issue", "remark", *ACTIONS}:
                raise DomainError(_("Unknown action."))
        except DomainError as exc:
            error = exc.message
    return render(
        request,
        "weekly/report.html",
        {
            "report": report,
            "error": error,
            "title": services.title_of(report),
            "form": form,
            "can_edit": can_edit,
            "can_issue": report.is_draft and user.has_perm("weekly.issue_report", report),
            "can_archive": report.status == "issued"
            and user.has_perm("weekly.archive_report", report),
            "counts": selectors.counts_for(report, user),
            "levels": selectors.overdue_by_level_for(report, user),
            "items": [
                dict(row, status_label=TaskStatus(row["status"]).label)
                for row in selectors.items_for(report, user)
            ],
            "parts": selectors.parts_of(report),
            "remarks": report.remarks.select_related("leader"),
            "can_remark": not report.is_draft and user.has_perm("weekly.remark_report", report),
        },
    )


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    _require(request, "weekly.download_report", report)
    response = HttpResponse(
        exports.report_docx(report, reader=request.user),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report)}"'
    return response
