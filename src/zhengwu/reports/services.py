"""State changes of the annual report (D-13)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengwu.audit import services as audit
from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.notifications.services import notify
from zhengwu.org.models import Bureau, Role
from zhengwu.org.selectors import holders
from zhengwu.reports import policy, selectors
from zhengwu.reports.models import (
    AnnualReport,
    ImportedYear,
    NarrativeVersion,
    ReportStatus,
    Section,
    YearlyFigure,
)
from zhengwu.workdays import services as workdays
from zhengwu.workdays.selectors import current_calendar

IMPORTED = "reports.year_imported"
MAX_CELL = 10_000_000


def _numbers(data: Any, keys: list[tuple[str, ...]], what: str) -> None:
    for path in keys:
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if type(value) is not int or not 0 <= value <= MAX_CELL:
            raise DomainError(
                _("%(table)s: %(cell)s must be a whole number from 0 to %(max)d.")
                % {"table": what, "cell": "/".join(path), "max": MAX_CELL},
                code="cell",
            )


@transaction.atomic
def import_year(
    *,
    by: Any,
    bureau: Bureau,
    year: int,
    table3: dict[str, dict[str, int]],
    table4: dict[str, int],
    note: str = "",
) -> ImportedYear:
    """Tables 3 and 4 of a year the system did not record, as published, checked by the format's
    invariants. From then on they are that year's figures, and the next year's carry-over (二) is
    checked against their 四."""
    if by is not None and not by.has_perm("reports.import_year", bureau):
        raise PermissionDenied()
    if ImportedYear.objects.filter(bureau=bureau, year=year).exists():
        raise DomainError(_("The report of this year is already imported."), code="once")
    _numbers(table3, [(r, c) for r in policy.ROWS for c in policy.COLUMNS], _("Table 3"))
    _numbers(table4, [(k,) for k in policy.TABLE4_KEYS], _("Table 4"))
    table3 = {r: {c: table3[r][c] for c in policy.COLUMNS} for r in policy.ROWS}
    table4 = {k: table4[k] for k in policy.TABLE4_KEYS}
    broken = selectors.check_counts(table3, table4)
    if broken:
        raise DomainError(
            _("The tables do not add up: %(list)s")
            % {"list": "; ".join(v.describe() for v in broken)},
            code="invariant",
        )
    imported = ImportedYear.objects.create(
        bureau=bureau,
        year=year,
        table3=table3,
        table4=table4,
        note=note.strip()[:300],
        imported_by=by,
        imported_at=clock.now(),
    )
    audit.record(
        actor=by, action=IMPORTED, obj=imported, after={"year": year, "note": imported.note}
    )
    return imported


# --- the annual report's workflow (D-13, R-10) ---------------------------------------------------


class Actions:
    DRAFTED = "reports.report_drafted"
    REFRESHED = "reports.figures_refreshed"
    NARRATIVE_SAVED = "reports.narrative_saved"
    FIGURE_ENTERED = "reports.figure_entered"
    SUBMITTED = "reports.report_submitted"
    RETURNED = "reports.report_returned"
    APPROVED = "reports.report_approved"
    PUBLISHED = "reports.report_published"


DEADLINE_OWNER = "reports.annualreport"
DEADLINE_RULE = "R-10"
NARRATIVE_MAX_CHARS = 20_000
SOURCE_MAX_CHARS = 200


def _require(by: Any, perm: str, obj: Any = None) -> None:
    if by is None or not by.has_perm(perm, obj):
        raise PermissionDenied()


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("bureau").get(pk=report.pk)


def _record(by: Any, action: str, report: AnnualReport, **after: Any) -> None:
    audit.record(
        actor=by,
        action=action,
        obj=report,
        bureau_id=report.bureau_id,
        after={"year": report.year, "status": report.status, **after},
    )


def _guard(report: AnnualReport, *allowed: str) -> None:
    if report.status not in allowed:
        raise DomainError(
            _("This cannot be done while the report is %(status)s.")
            % {"status": report.get_status_display()},
            code="state",
        )


def _refresh(report: AnnualReport) -> selectors.Blockers:
    figures, found = selectors.blockers(report.bureau, report.year)
    report.figures = selectors.snapshot(figures)
    report.figures["violations"] = [v.describe() for v in found.violations]
    report.figures_at = clock.now()
    return found


def check_year(year: int) -> None:
    if not policy.FIRST_YEAR <= year <= clock.today().year:
        raise DomainError(
            _("The year must be from %(first)d to this year.") % {"first": policy.FIRST_YEAR},
            code="year",
        )


def due_date_of(year: int) -> dt.date:
    """R-10: published by 31 January of the next year; when that is a day off, the last working
    day before it (the portal is the office's work, done on a working day)."""
    calendar = current_calendar()
    day = dt.date(year + 1, policy.DUE_MONTH, policy.DUE_DAY)
    while not calendar.is_workday(day):
        day -= dt.timedelta(days=1)
    return day


def _open_deadline(report: AnnualReport, by: Any) -> None:
    from zhengwu.workdays.models import Deadline, LimitUnit, TimeLimit

    if Deadline.objects.filter(owner_type=DEADLINE_OWNER, owner_id=str(report.pk)).exists():
        return
    TimeLimit.objects.get_or_create(  # the seeded row (migration), should it have been removed
        rule_id=DEADLINE_RULE,
        version=1,
        defaults={"amount": 0, "unit": LimitUnit.CALENDAR_DAYS, "label": "年度报告发布期限",
                  "legal_basis": "条例第四十九条", "effective_from": clock.now()},
    )  # fmt: skip
    workdays.open_fixed_deadline(
        by=by,
        owner=(DEADLINE_OWNER, report.pk),
        rule_id=DEADLINE_RULE,
        start=dt.date(report.year + 1, 1, 1),
        due_date=due_date_of(report.year),
        bureau_id=report.bureau_id,
    )


def deadline_of(report: AnnualReport) -> Any:
    from zhengwu.workdays.models import Deadline

    return Deadline.objects.filter(owner_type=DEADLINE_OWNER, owner_id=str(report.pk)).first()


@transaction.atomic
def draft_report(*, by: Any, bureau: Bureau, year: int) -> tuple[AnnualReport, bool]:
    """The year's report as a draft with its figures, and its R-10 deadline; idempotent (the
    unique (bureau, year) constraint). `by` is None for the scheduled job."""
    if by is not None:
        _require(by, "reports.draft_report", bureau)
    check_year(year)
    existing = AnnualReport.objects.filter(bureau=bureau, year=year).first()
    if existing is not None:
        _open_deadline(existing, by)
        return existing, False
    now = clock.now()
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                bureau=bureau, year=year, figures_at=now, created_at=now, created_by=by
            )
    except IntegrityError:  # a second worker drafted it in the meantime
        return AnnualReport.objects.get(bureau=bureau, year=year), False
    _refresh(report)
    report.save(update_fields=["figures", "figures_at"])
    _open_deadline(report, by)
    _record(by, Actions.DRAFTED, report)
    return report, True


def draft_due_reports(*, today: dt.date | None = None) -> list[AnnualReport]:
    """R-10: in January, every active bureau's report of last year is drafted with its deadline
    (the schedule runs this daily; reruns create nothing)."""
    today = today or clock.today()
    if today.month != policy.DUE_MONTH:
        return []
    created = []
    for bureau in Bureau.objects.filter(is_active=True).order_by("pk"):
        report, made = draft_report(by=None, bureau=bureau, year=today.year - 1)
        if made:
            created.append(report)
    return created


@transaction.atomic
def refresh_figures(*, by: Any, report: AnnualReport) -> AnnualReport:
    _require(by, "reports.edit_report", report)
    report = _locked(report)
    _guard(report, ReportStatus.DRAFT)
    _refresh(report)
    report.save(update_fields=["figures", "figures_at"])
    _record(by, Actions.REFRESHED, report)
    return report


@transaction.atomic
def save_narrative(*, by: Any, report: AnnualReport, section: str, text: str) -> AnnualReport:
    """A narrative section (一, 五, 六) saved as a new version; an unchanged text adds none."""
    _require(by, "reports.edit_report", report)
    if section not in Section.values:
        raise DomainError(_("Unknown section."), code="section")
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > NARRATIVE_MAX_CHARS:
        raise DomainError(
            _("A section may hold at most %(n)d characters.") % {"n": NARRATIVE_MAX_CHARS},
            code="too_long",
        )
    report = _locked(report)
    _guard(report, ReportStatus.DRAFT)
    before = report.narrative(section)
    if text == before:
        return report
    last = report.versions.filter(section=section).order_by("-number").first()
    number = (last.number if last else 0) + 1
    NarrativeVersion.objects.create(
        report=report, section=section, number=number, text=text, saved_by=by,
        saved_at=clock.now(),
    )  # fmt: skip
    setattr(report, section, text)
    report.save(update_fields=[section])
    _record(by, Actions.NARRATIVE_SAVED, report, section=section, version=number,
            chars=len(text))  # fmt: skip
    return report


@transaction.atomic
def enter_figure(
    *, by: Any, bureau: Bureau, year: int, key: str, value: Decimal | int | str, source: str
) -> YearlyFigure:
    """A table 2 figure the register does not hold, with its source; the year's draft is
    refreshed. Refused once the year's report is submitted."""
    _require(by, "reports.draft_report", bureau)
    check_year(year)
    if key not in policy.ENTERED_KEYS:
        raise DomainError(_("This figure of table 2 is not entered by hand."), code="key")
    try:
        number = Decimal(str(value).strip())
    except (ArithmeticError, ValueError) as error:
        raise DomainError(_("The figure must be a number."), code="value") from error
    places = 4 if key in policy.AMOUNT_KEYS else 0
    if (
        not number.is_finite()
        or not 0 <= number <= policy.MAX_FIGURE
        or number != number.quantize(Decimal(1).scaleb(-places))
    ):
        raise DomainError(
            _("The figure must be from 0 to %(max)d, %(what)s.")
            % {
                "max": policy.MAX_FIGURE,
                "what": _("with at most 4 decimals") if places else _("a whole number"),
            },
            code="value",
        )
    source = (source or "").strip()
    if not source or len(source) > SOURCE_MAX_CHARS:
        raise DomainError(
            _("Say where the figure comes from (at most %(n)d characters).")
            % {"n": SOURCE_MAX_CHARS},
            code="source",
        )
    report = AnnualReport.objects.select_for_update().filter(bureau=bureau, year=year).first()
    if report is not None:
        _guard(report, ReportStatus.DRAFT)
    figure = YearlyFigure.objects.filter(bureau=bureau, year=year, key=key).first()
    before = {"value": str(figure.value), "source": figure.source} if figure else None
    if figure is None:
        figure = YearlyFigure(bureau=bureau, year=year, key=key)
    figure.value, figure.source = number, source
    figure.entered_by, figure.entered_at = by, clock.now()
    figure.save()
    audit.record(
        actor=by, action=Actions.FIGURE_ENTERED, obj=figure, bureau_id=bureau.pk, before=before,
        after={"year": year, "key": key, "value": str(number), "source": source},
    )  # fmt: skip
    if report is not None:
        _refresh(report)
        report.save(update_fields=["figures", "figures_at"])
    return figure


def drafters(report: AnnualReport) -> set[int]:
    """Who worked on the report's content: the authors of its narrative versions, who entered
    its year's table 2 figures, who submitted it. None of them may approve it."""
    ids = set(report.versions.exclude(saved_by=None).values_list("saved_by_id", flat=True))
    ids |= set(
        YearlyFigure.objects.filter(bureau_id=report.bureau_id, year=report.year)
        .exclude(entered_by=None)
        .values_list("entered_by_id", flat=True)
    )
    if report.submitted_by_id:
        ids.add(report.submitted_by_id)
    return ids


@transaction.atomic
def submit(*, by: Any, report: AnnualReport) -> AnnualReport:
    """The disclosure office hands the draft to the bureau's leader for approval."""
    _require(by, "reports.edit_report", report)
    report = _locked(report)
    _guard(report, ReportStatus.DRAFT)
    _refresh(report)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at, report.submitted_by = clock.now(), by
    report.save(update_fields=["status", "figures", "figures_at", "submitted_at", "submitted_by"])
    _record(by, Actions.SUBMITTED, report)
    directors = [p for p in holders(Role.DIRECTOR, bureau_id=report.bureau_id) if p != by]
    notify(
        recipients=directors,
        kind="reports.submitted",
        title=_("The annual report of %(year)d awaits your approval") % {"year": report.year},
        url=reverse("reports:annual-report", args=[report.pk]),
        obj=report,
    )
    return report


@transaction.atomic
def return_to_draft(*, by: Any, report: AnnualReport, reason: str = "") -> AnnualReport:
    """The leader sends a submitted or approved report back to the disclosure office."""
    _require(by, "reports.decide_report", report)
    report = _locked(report)
    _guard(report, ReportStatus.SUBMITTED, ReportStatus.APPROVED)
    report.status = ReportStatus.DRAFT
    report.approved_at = report.approved_by = None
    report.save(update_fields=["status", "approved_at", "approved_by"])
    _record(by, Actions.RETURNED, report, reason=(reason or "").strip()[:500])
    return report


@transaction.atomic
def approve(*, by: Any, report: AnnualReport) -> AnnualReport:
    """D-13: the bureau's leader (director) approves; never someone who drafted it, and never
    while an invariant of the national format is broken or a cell of table 2 is empty."""
    _require(by, "reports.decide_report", report)
    report = _locked(report)
    _guard(report, ReportStatus.SUBMITTED)
    if by.pk in drafters(report):
        raise PermissionDenied(
            _("You worked on this report; another leader must approve it."), code="separation"
        )
    found = _refresh(report)
    if found:
        report.save(update_fields=["figures", "figures_at"])
        raise DomainError(blocked_message(found), code="invariant")
    report.status = ReportStatus.APPROVED
    report.approved_at, report.approved_by = clock.now(), by
    report.save(update_fields=["status", "figures", "figures_at", "approved_at", "approved_by"])
    _record(by, Actions.APPROVED, report)
    return report


def blocked_message(found: selectors.Blockers) -> str:
    parts = []
    if found.violations:
        parts.append(
            _("%(n)d check(s) of the national format fail: %(list)s")
            % {
                "n": len(found.violations),
                "list": "; ".join(v.describe() for v in found.violations[:5]),
            }
        )
    if found.missing:
        parts.append(_("table 2 still lacks: %(keys)s") % {"keys": ", ".join(found.missing)})
    return _("The report cannot be approved: %(why)s.") % {"why": "; ".join(parts)}


@transaction.atomic
def publish(*, by: Any, report: AnnualReport) -> AnnualReport:
    """R-10: the approved report goes on the portal with the figures approved (frozen); the
    records are checked once more, and the year's deadline is met."""
    _require(by, "reports.publish_report", report)
    report = _locked(report)
    _guard(report, ReportStatus.APPROVED)
    _figures, found = selectors.blockers(report.bureau, report.year)
    if found:
        raise DomainError(blocked_message(found), code="invariant")
    today = clock.today()
    report.status = ReportStatus.PUBLISHED
    report.published_at, report.published_by = clock.now(), by
    report.save(update_fields=["status", "published_at", "published_by"])
    deadline = deadline_of(report)
    if deadline is not None and deadline.is_open:
        workdays.meet_deadline(by=by, deadline=deadline, on=today)
    _record(by, Actions.PUBLISHED, report)
    return report
