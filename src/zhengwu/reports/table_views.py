"""Staff pages of the annual report's tables (D-13, R-10): downloads of a bureau's computed tables
(.xlsx) and report (.docx), and the import of a year kept outside the system from the workbook
the system writes (upload, preview with the format's checks, confirm).

The preview stores nothing: the tables read from the file travel to the confirmation signed, so
that what is confirmed is what was shown, and `services.import_year` checks them again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhengwu.core import inputs
from zhengwu.core.errors import DomainError
from zhengwu.core.errors import PermissionDenied as DomainPermissionDenied
from zhengwu.org.models import Bureau
from zhengwu.org.selectors import bureaus_for
from zhengwu.reports import documents, policy, selectors, services, workbook
from zhengwu.reports.models import ImportedYear

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SIGNING_SALT = "zhengwu.reports.import"
PREVIEW_MAX_AGE = 60 * 60  # seconds a preview may be confirmed after


def _visible_bureau(request: HttpRequest, code: str, year: int) -> Bureau:
    """The bureau with `code` among those the person works for (else 404), if they may read its
    report; the year within the plausible range (else 404)."""
    bureau = Bureau.objects.filter(code=code, pk__in=bureaus_for(request.user)).first()
    if bureau is None or inputs.year_error(year):
        raise Http404
    if not request.user.has_perm("reports.view_annual", bureau):
        raise PermissionDenied
    return bureau


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def tables_xlsx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    bureau = _visible_bureau(request, code, year)
    figures = selectors.annual_figures(bureau=bureau, year=year)
    content = documents.annual_report_xlsx(
        bureau_name=bureau.name, year=year, figures=figures.as_dict()
    )
    return _download(content, XLSX, documents.filename(bureau.code, year, "xlsx"))


@login_required
def report_docx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    bureau = _visible_bureau(request, code, year)
    from zhengwu.reports.models import AnnualReport

    figures = selectors.annual_figures(bureau=bureau, year=year)
    # The narratives written so far for that year (empty when no report is drafted yet).
    report = AnnualReport.objects.filter(bureau=bureau, year=year).first()
    content = documents.annual_report_docx(
        bureau_name=bureau.name,
        year=year,
        figures=figures.as_dict(),
        narratives=documents.narratives_of(report) if report is not None else {},
        published_on=None,
    )
    return _download(content, DOCX, documents.filename(bureau.code, year, "docx"))


# --- import of a year kept outside the system -----------------------------------------------------


def _importable(request: HttpRequest) -> list[Bureau]:
    bureaus = Bureau.objects.filter(pk__in=bureaus_for(request.user)).order_by("name")
    return [b for b in bureaus if request.user.has_perm("reports.import_year", b)]


class ImportForm(forms.Form):
    bureau = forms.ChoiceField(label=gettext_lazy("Bureau"))
    year = forms.IntegerField(label=gettext_lazy("Year of the report"))
    file = forms.FileField(label=gettext_lazy("Tables of the report (.xlsx)"))
    note = forms.CharField(
        label=gettext_lazy("Source"),
        required=False,
        max_length=300,
        validators=[inputs.validate_text],
        help_text=gettext_lazy("Where the report was published, e.g. the address on the portal."),
    )

    def __init__(self, *args: Any, bureaus: list[Bureau], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bureaus = {b.code: b for b in bureaus}
        self.fields["bureau"].choices = [(b.code, b.name) for b in bureaus]

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        message = inputs.year_error(year)
        if message:
            raise forms.ValidationError(message)
        return year

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > workbook.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.")
                % {"limit": workbook.MAX_FILE_BYTES // 1024 // 1024}
            )
        return upload


def _rows3(table3: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    return [
        {
            "key": row,
            "label": documents.ROW_LABELS[row],
            "sub": row.count(".") == 2,
            "values": [table3[row][c] for c in policy.COLUMNS],
        }
        for row in policy.ROWS
    ]


@login_required
def import_year(request: HttpRequest) -> HttpResponse:
    """Upload → preview (the tables as read, the sums that fail); nothing is stored here."""
    bureaus = _importable(request)
    if not bureaus:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, bureaus=bureaus)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        bureau = form.bureaus[form.cleaned_data["bureau"]]
        year = form.cleaned_data["year"]
        try:
            tables = workbook.read_tables(form.cleaned_data["file"].read(), year=year)
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            violations = selectors.check_counts(tables.table3, tables.table4)
            already = ImportedYear.objects.filter(bureau=bureau, year=year).exists()
            payload = {
                "bureau": bureau.code,
                "year": year,
                "note": form.cleaned_data["note"],
                "table3": tables.table3,
                "table4": tables.table4,
            }
            context.update(
                preview=True,
                bureau=bureau,
                year=year,
                note=form.cleaned_data["note"],
                rows3=_rows3(tables.table3),
                columns3=[documents.COLUMN_LABELS[c] for c in policy.COLUMNS],
                groups4=[
                    {
                        "label": label,
                        "values": [tables.table4[f"{g}.{c}"] for c in policy.CASE_COLUMNS],
                    }
                    for g, label in zip(
                        policy.CASE_GROUPS,
                        ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"),
                        strict=True,
                    )
                ],
                columns4=[documents.CASE_LABELS[c] for c in policy.CASE_COLUMNS],
                violations=[v.describe() for v in violations],
                already=already,
                signed=signing.dumps(payload, salt=SIGNING_SALT, compress=True),
            )
    return render(request, "reports/import_year.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Store the tables shown in the preview (checked again by `services.import_year`)."""
    try:
        payload = signing.loads(
            request.POST.get("signed", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE
        )
    except signing.BadSignature:
        messages.error(
            request,
            _("The preview has expired or was altered; upload the file again."),
        )
        return redirect("reports:import")
    bureau = Bureau.objects.filter(
        code=payload.get("bureau"), pk__in=bureaus_for(request.user)
    ).first()
    if bureau is None:
        raise PermissionDenied
    try:
        services.import_year(
            by=request.user,
            bureau=bureau,
            year=int(payload["year"]),
            table3=payload["table3"],
            table4=payload["table4"],
            note=str(payload.get("note") or ""),
        )
    except DomainPermissionDenied as error:
        raise PermissionDenied from error
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reports:import")
    messages.success(
        request,
        _("The tables of %(year)d are imported for %(bureau)s.")
        % {"year": int(payload["year"]), "bureau": bureau.name},
    )
    return redirect("reports:import")
