"""Staff pages of the annual report (D-13, R-10): the years, a report with tables 2–4, its
checks, narratives (with every saved version) and workflow, and the entry of a year kept
outside the system. Pages call the same services and selectors as the API."""

from __future__ import annotations

import difflib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.org.models import Bureau
from zhengwu.org.selectors import bureaus_for
from zhengwu.reports import policy, selectors, services
from zhengwu.reports.models import AnnualReport, ImportedYear, ReportStatus, Section


def _require(request: HttpRequest, perm: str, obj: object = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    report = selectors.visible_reports(request.user).filter(pk=pk).first()
    if report is None or not request.user.has_perm("reports.view_report", report):
        raise Http404  # another bureau's report and a missing one look the same
    return report


def _bureaus(request: HttpRequest, perm: str) -> list[Bureau]:
    return [
        b
        for b in Bureau.objects.filter(pk__in=bureaus_for(request.user)).order_by("name")
        if request.user.has_perm(perm, b)
    ]


def _year(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise DomainError(_("The year is four digits, e.g. 2025.")) from error


@login_required
@require_http_methods(["GET", "POST"])
def annual_list(request: HttpRequest) -> HttpResponse:
    _require(request, "reports.view_reports")
    drafting = _bureaus(request, "reports.draft_report")
    error = ""
    if request.method == "POST":
        try:
            bureau = next((b for b in drafting if str(b.pk) == request.POST.get("bureau")), None)
            if bureau is None:
                raise DomainError(_("Choose a bureau you draft reports for."))
            report, created = services.draft_report(
                by=request.user, bureau=bureau, year=_year(request.POST.get("year", ""))
            )
            if created:
                messages.success(request, _("The draft of the report was created."))
            return redirect("reports:annual-report", pk=report.pk)
        except DomainError as exc:
            error = exc.message
    rows = selectors.visible_reports(request.user).order_by("-year", "bureau__name")
    imported = ImportedYear.objects.filter(bureau_id__in=bureaus_for(request.user)).select_related(
        "bureau"
    )
    return render(
        request,
        "reports/annual_list.html",
        {
            "rows": [
                {"report": r, "deadline": services.deadline_of(r)}
                for r in rows
                if request.user.has_perm("reports.view_report", r)
            ],
            "imported": imported,
            "drafting": drafting,
            "last_year": clock.today().year - 1,
            "can_import": bool(_bureaus(request, "reports.import_year")),
            "error": error,
        },
    )


def tables_context(figures: dict[str, Any]) -> dict[str, Any]:
    """Tables 2–4 of a stored snapshot, as the templates draw them."""
    from zhengwu.applications.models import ApplicantCategory

    return {
        "table2": selectors.table2_rows(figures.get("table2", {}), figures.get("sources", {})),
        "table3": selectors.table3_rows(figures.get("table3", {})),
        "table4": selectors.table4_groups(figures.get("table4", {})),
        "columns3": [ApplicantCategory(c).label for c in policy.CATEGORY_COLUMNS],
        "fees": figures.get("fees", {}),
    }


ACTIONS = {
    "refresh": (services.refresh_figures, "reports.edit_report"),
    "submit": (services.submit, "reports.edit_report"),
    "approve": (services.approve, "reports.decide_report"),
    "return": (services.return_to_draft, "reports.decide_report"),
    "publish": (services.publish, "reports.publish_report"),
}
DONE = {
    "refresh": gettext_lazy("The figures were recomputed from the records."),
    "submit": gettext_lazy("The report was submitted for approval."),
    "approve": gettext_lazy("The report was approved."),
    "return": gettext_lazy("The report was returned to the disclosure office."),
    "publish": gettext_lazy("The report was published on the portal."),
}


@login_required
@require_http_methods(["GET", "POST"])
def annual_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    user = request.user
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "narrative":
                _require(request, "reports.edit_report", report)
                services.save_narrative(
                    by=user,
                    report=report,
                    section=request.POST.get("section", ""),
                    text=request.POST.get("text", ""),
                )
                messages.success(request, _("The section was saved."))
            elif action == "figure":
                _require(request, "reports.draft_report", report.bureau)
                services.enter_figure(
                    by=user,
                    bureau=report.bureau,
                    year=report.year,
                    key=request.POST.get("key", ""),
                    value=request.POST.get("value", ""),
                    source=request.POST.get("source", ""),
                )
                messages.success(request, _("The figure was entered."))
            elif action in ACTIONS:
                service, perm = ACTIONS[action]
                _require(request, perm, report)
                service(by=user, report=report)
                messages.success(request, str(DONE[action]))
            else:
                raise DomainError(_("Unknown action."))
            return redirect("reports:annual-report", pk=report.pk)
        except DomainError as exc:
            error = exc.message
            report = _report(request, pk)
    blockers = None
    links: list[dict[str, Any]] = []
    if not report.is_published:
        _figures, blockers = selectors.blockers(report.bureau, report.year)
        links = selectors.violation_links(report.bureau, blockers.violations)
    editable = report.status == ReportStatus.DRAFT and user.has_perm("reports.edit_report", report)
    labels = policy.table2_labels()
    entered = selectors.yearly_figures(report.bureau, report.year)
    return render(
        request,
        "reports/annual_report.html",
        {
            "report": report,
            "error": error,
            "deadline": services.deadline_of(report),
            "blockers": blockers,
            "violations": links,
            "missing": [
                labels[k.split(".")[0]] + " · " + labels[k.split(".")[1]]
                for k in (blockers.missing if blockers else [])
            ],
            "editable": editable,
            "sections": [
                {
                    "key": key,
                    "label": label,
                    "text": report.narrative(key),
                    "versions": report.versions.filter(section=key).count(),
                }
                for key, label in Section.choices
            ],
            "figure_keys": [
                {
                    "key": k,
                    "label": labels[k.split(".")[0]] + " · " + labels[k.split(".")[1]],
                    "value": entered[k].value if k in entered else "",
                    "source": entered[k].source if k in entered else "",
                }
                for k in policy.ENTERED_KEYS
            ],
            "can_submit": editable,
            "can_decide": report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
            and user.has_perm("reports.decide_report", report),
            "can_approve": report.status == ReportStatus.SUBMITTED
            and user.has_perm("reports.decide_report", report),
            "can_publish": report.status == ReportStatus.APPROVED
            and user.has_perm("reports.publish_report", report),
            **tables_context(report.figures),
        },
    )


@login_required
def versions(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """Every saved version of a section: who saved it, when, and what changed from the one
    before (line by line)."""
    report = _report(request, pk)
    if section not in Section.values:
        raise Http404
    rows = list(report.versions.filter(section=section).select_related("saved_by"))
    shown = []
    for i, version in enumerate(rows):
        previous = rows[i + 1].text if i + 1 < len(rows) else ""
        diff = [
            line
            for line in difflib.ndiff(previous.splitlines(), version.text.splitlines())
            if line[:2] in ("+ ", "- ")
        ]
        shown.append({"version": version, "diff": diff})
    return render(
        request,
        "reports/versions.html",
        {"report": report, "section": Section(section).label, "rows": shown},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_year(request: HttpRequest) -> HttpResponse:
    """Starting mid-life: the published tables 3 and 4 of a year kept outside the system,
    entered cell by cell, so the first computed year carries over correctly."""
    bureaus = _bureaus(request, "reports.import_year")
    if not bureaus:
        raise PermissionDenied
    from zhengwu.applications.models import ApplicantCategory, CaseKind

    error = ""
    values: dict[str, str] = {}
    if request.method == "POST":
        values = {k: v for k, v in request.POST.items() if k.startswith(("t3.", "t4."))}
        try:
            bureau = next((b for b in bureaus if str(b.pk) == request.POST.get("bureau")), None)
            if bureau is None:
                raise DomainError(_("Choose a bureau you import reports for."))

            def number(name: str) -> int:
                raw = request.POST.get(name, "").strip() or "0"
                if not raw.isdigit():
                    raise DomainError(
                        _("%(cell)s: enter a whole number.") % {"cell": name[3:]}, code="cell"
                    )
                return int(raw)

            table3 = {r: {c: number(f"t3.{r}.{c}") for c in policy.COLUMNS} for r in policy.ROWS}
            table4 = {k: number(f"t4.{k}") for k in policy.TABLE4_KEYS}
            services.import_year(
                by=request.user,
                bureau=bureau,
                year=_year(request.POST.get("year", "")),
                table3=table3,
                table4=table4,
                note=request.POST.get("note", "")[:300],
            )
            messages.success(request, _("The tables of that year were imported."))
            return redirect("reports:annual-list")
        except DomainError as exc:
            error = exc.message
    rows = [
        {
            "label": row["label"],
            "depth": row["depth"],
            "cells": [
                (f"t3.{row['key']}.{c}", values.get(f"t3.{row['key']}.{c}", ""))
                for c in policy.COLUMNS
            ],
        }
        for row in selectors.table3_rows({})
    ]
    groups = [
        {
            "label": CaseKind(g).label,
            "cells": [(f"t4.{g}.{c}", values.get(f"t4.{g}.{c}", "")) for c in policy.CASE_COLUMNS],
        }
        for g in policy.CASE_GROUPS
    ]
    return render(
        request,
        "reports/import.html",
        {
            "bureaus": bureaus,
            "rows": rows,
            "groups": groups,
            "columns3": [ApplicantCategory(c).label for c in policy.CATEGORY_COLUMNS],
            "error": error,
            "year": request.POST.get("year", clock.today().year - 1),
            "note": request.POST.get("note", ""),
        },
    )
