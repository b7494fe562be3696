"""State changes of the weekly reports (S-10). Each is keyword-only, atomic, permission-checked,
guarded by the current state and audited in the same transaction."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengwu.audit import services as audit
from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.notifications.services import notify
from zhengwu.org.models import Bureau, Person, Role
from zhengwu.org.selectors import head_of, holders
from zhengwu.weekly import policy, selectors
from zhengwu.weekly.models import ReportKind, ReportStatus, WeeklyReport

log = logging.getLogger(__name__)

NARRATIVE_MAX_CHARS = 20_000


class Actions:
    DRAFTED = "weekly.report_drafted"
    EDITED = "weekly.report_edited"
    REFRESHED = "weekly.figures_refreshed"
    ISSUED = "weekly.report_issued"
    ARCHIVED = "weekly.report_archived"
    REMARKED = "weekly.leader_remark"


def _require(by: Any, perm: str, obj: Any = None) -> None:
    if by is None or not by.has_perm(perm, obj):
        raise PermissionDenied()


def _record(by: Any, action: str, report: WeeklyReport, **after: Any) -> None:
    audit.record(
        actor=by,
        action=action,
        obj=report,
        bureau_id=report.bureau_id,
        after={"kind": report.kind, "week": report.week.isoformat(), **after},
    )


def _locked(report: WeeklyReport) -> WeeklyReport:
    return WeeklyReport.objects.select_for_update().get(pk=report.pk)


# --- drafting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """One report the week calls for: its kind, whom it is about and to, and who prepares it."""

    kind: str
    leader: Person
    preparing_unit: Any
    preparer: Person | None
    copy_to: Any
    leader_ids: list[int]


def plans_for(bureau: Bureau, *, day: dt.date) -> list[Plan]:
    """S-10: the director's report and the consolidated one (office → director), and one report per
    leader in charge (head of the section in charge → that leader, copied to the office). Leaders'
    reports come first so the consolidated report can assemble them."""
    week = policy.week_of(day)
    office, office_person = selectors.office_preparer(bureau.pk, on=day)
    if office is None:
        raise DomainError(_("The bureau has no office to prepare the weekly reports."))
    director = selectors.director_of(bureau.pk, on=day)
    leaders = [p for p in selectors.leaders_in_charge(bureau.pk, on=day) if p != director]
    plans: list[Plan] = []
    for leader in leaders:
        unit = selectors.section_in_charge(leader, bureau_id=bureau.pk, week=week, on=day)
        head = head_of(unit, on=day) if unit is not None else None
        if unit is None or head is None:
            unit, head = office, office_person  # no section in charge: the office prepares it
        plans.append(Plan(ReportKind.LEADER, leader, unit, head, office, [leader.pk]))
    if director is not None:
        plans.append(
            Plan(ReportKind.DIRECTOR, director, office, office_person, None, [director.pk])
        )
        plans.append(
            Plan(ReportKind.CONSOLIDATED, director, office, office_person, None,
                 [p.pk for p in leaders])
        )  # fmt: skip
    return plans


def _figures(report: WeeklyReport, leader_ids: list[int] | None = None) -> dict[str, Any]:
    if leader_ids is None:
        leader_ids = _leader_ids(report)
    figures = selectors.compute_figures(
        bureau_id=report.bureau_id,
        leader_ids=leader_ids,
        preparer=report.preparer,
        recipient=report.leader,
        week=report.week,
        report_day=report.report_day,
    )
    if report.kind == ReportKind.CONSOLIDATED:
        figures["parts"] = selectors.leader_parts(report)
    return figures


def _leader_ids(report: WeeklyReport) -> list[int]:
    if report.kind == ReportKind.CONSOLIDATED:
        return [p.pk for p in selectors.leaders_in_charge(report.bureau_id, on=report.report_day)
                if p.pk != report.leader_id]  # fmt: skip
    return [report.leader_id]


@dataclass
class DraftResult:
    day: dt.date
    report_day: dt.date | None
    created: list[WeeklyReport]
    existing: list[WeeklyReport]


def draft_week(*, bureau: Bureau, day: dt.date, by: Any = None) -> DraftResult:
    """S-10: on the report day, draft the week's reports that do not exist yet.

    Idempotent: each report is created in its own transaction under the unique constraint on
    (bureau, week, kind, leader), so a rerun, a second worker or a worker killed mid-way never
    duplicates nor loses a report — the next run creates what is missing and leaves the rest.
    `by` is None for the scheduled job; a person drafting by hand needs `weekly.draft_reports`.
    """
    if by is not None:
        _require(by, "weekly.draft_reports", bureau)
    report_day = policy.report_day(day)
    result = DraftResult(day=day, report_day=report_day, created=[], existing=[])
    if report_day != day:
        return result
    week = policy.week_of(day)
    for plan in plans_for(bureau, day=day):
        report, created = _draft_one(bureau=bureau, week=week, day=day, plan=plan, by=by)
        (result.created if created else result.existing).append(report)
    return result


def _draft_one(
    *, bureau: Bureau, week: dt.date, day: dt.date, plan: Plan, by: Any
) -> tuple[WeeklyReport, bool]:
    key = {"bureau": bureau, "week": week, "kind": plan.kind, "leader": plan.leader}
    existing = WeeklyReport.objects.filter(**key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            now = clock.now()
            report = WeeklyReport(
                **key,
                report_day=day,
                preparing_unit=plan.preparing_unit,
                preparer=plan.preparer,
                copy_to=plan.copy_to,
                figures={},
                figures_at=now,
                created_at=now,
                updated_at=now,
            )
            report.figures = _figures(report, plan.leader_ids)
            report.save()
            _record(by, Actions.DRAFTED, report, leader=plan.leader.pk,
                    preparer=plan.preparer.pk if plan.preparer else None)  # fmt: skip
            notify(
                recipients=[plan.preparer] if plan.preparer else [],
                kind="weekly.report_drafted",
                title=_("Weekly report to prepare: %(title)s") % {"title": title_of(report)},
                url=report_url(report),
                obj=report,
            )
    except IntegrityError:
        # Another worker drafted it between our look and our insert: theirs stands.
        return WeeklyReport.objects.get(**key), False
    return report, True


def draft_all_bureaus(*, day: dt.date) -> list[DraftResult]:
    """The scheduled job: every bureau with a director or leaders drafts its week."""
    bureau_ids = holders(Role.DIRECTOR, on=day).values_list("bureau_id", flat=True).distinct()
    results = []
    for bureau in Bureau.objects.filter(pk__in=list(bureau_ids)).order_by("pk"):
        try:
            results.append(draft_week(bureau=bureau, day=day))
        except DomainError as exc:
            # One bureau's missing office must not keep the others' reports from being drafted.
            log.warning("weekly reports of %s on %s: %s", bureau, day, exc.message)
    return results


# --- the draft's life ----------------------------------------------------------------------


def _text(value: str, label: str) -> str:
    value = (value or "").replace("\x00", "").strip()
    if len(value) > NARRATIVE_MAX_CHARS:
        raise DomainError(
            _("%(field)s is too long (at most %(n)d characters).")
            % {"field": label, "n": NARRATIVE_MAX_CHARS}
        )
    return value


def _require_draft(report: WeeklyReport) -> None:
    if report.status != ReportStatus.DRAFT:
        raise DomainError(
            _("This report has been issued; issued reports are frozen and cannot be changed.")
        )


@transaction.atomic
def edit_report(
    *, by: Any, report: WeeklyReport, summary: str, problems: str, next_steps: str
) -> WeeklyReport:
    _require(by, "weekly.edit_report", report)
    data = {
        "summary": _text(summary, _("Summary of the week")),
        "problems": _text(problems, _("Problems")),
        "next_steps": _text(next_steps, _("Next steps")),
    }
    report = _locked(report)
    _require_draft(report)
    for name, value in data.items():
        setattr(report, name, value)
    report.updated_at = clock.now()
    report.updated_by = by
    report.save()
    _record(by, Actions.EDITED, report, **data)
    return report


@transaction.atomic
def refresh_figures(*, by: Any, report: WeeklyReport) -> WeeklyReport:
    """Recompute the draft's snapshot from the ledger as it is now."""
    _require(by, "weekly.edit_report", report)
    report = _locked(report)
    _require_draft(report)
    before = report.figures.get("counts", {})
    report.figures = _figures(report)
    report.figures_at = clock.now()
    report.updated_at = report.figures_at
    report.updated_by = by
    report.save()
    _record(by, Actions.REFRESHED, report, before=before, counts=report.figures["counts"])
    return report


@transaction.atomic
def issue_report(*, by: Any, report: WeeklyReport) -> WeeklyReport:
    """S-10: the report goes to its recipient, copied to the office; from now on it is frozen."""
    _require(by, "weekly.issue_report", report)
    report = _locked(report)
    _require_draft(report)
    if not report.summary.strip():
        raise DomainError(_("Write the summary before issuing the report."))
    if report.kind == ReportKind.CONSOLIDATED:
        # Freeze the leaders' parts as they stand now: what the director received stays so.
        report.figures = {**report.figures, "parts": selectors.leader_parts(report)}
    report.status = ReportStatus.ISSUED
    report.issued_at = clock.now()
    report.issued_by = by
    report.updated_at = report.issued_at
    report.save()
    copies = list(holders(Role.OFFICE_STAFF, bureau_id=report.bureau_id, on=clock.today()))
    _record(by, Actions.ISSUED, report, to=report.leader_id, copies=[p.pk for p in copies])
    notify(
        recipients=[report.leader, *copies],
        kind="weekly.report_issued",
        title=_("Weekly report issued: %(title)s") % {"title": title_of(report)},
        body=report.summary[:500],
        url=report_url(report),
        obj=report,
    )
    return report


@transaction.atomic
def archive_report(*, by: Any, report: WeeklyReport) -> WeeklyReport:
    """S-13: the office files the issued report in the ledger's archive."""
    _require(by, "weekly.archive_report", report)
    report = _locked(report)
    if report.status != ReportStatus.ISSUED:
        raise DomainError(_("Only an issued report can be archived."))
    report.status = ReportStatus.ARCHIVED
    report.archived_at = clock.now()
    report.archived_by = by
    report.updated_at = report.archived_at
    report.save()
    _record(by, Actions.ARCHIVED, report)
    return report


def title_of(report: WeeklyReport) -> str:
    """××局重点工作落实情况周报（2026年第48周）, with whose items it covers."""
    base = _("%(bureau)s key work implementation weekly report (%(year)d week %(week)d)") % {
        "bureau": report.bureau.name,
        "year": report.iso_year,
        "week": report.iso_week,
    }
    if report.kind == ReportKind.LEADER:
        return base + _(" — items of %(leader)s") % {"leader": report.leader.full_name}
    if report.kind == ReportKind.CONSOLIDATED:
        return base + _(" — consolidated")
    return base


def report_url(report: WeeklyReport) -> str:
    return reverse("weekly:report", args=[report.pk])


def not_report_day_message(day: dt.date, report_day: dt.date | None) -> str:
    if report_day is None:
        return _("%(day)s: that week has no working day, so no weekly report.") % {"day": day}
    return _("%(day)s is not the report day; that week's report day is %(report_day)s.") % {
        "day": day,
        "report_day": report_day,
    }


@transaction.atomic
def record_remark(*, by: Any, report: WeeklyReport, kind: str, text: str) -> Any:
    """S-10: the leader the report is addressed to (or the director) writes 批示 / 阅示 on an issued
    report; recorded on the report and sent to its preparer, the preparing unit's head and the
    office."""
    from zhengwu.supervision.services import remark_text
    from zhengwu.weekly.models import ReportRemark

    _require(by, "weekly.remark_report", report)
    text = remark_text(kind, text)
    report = _locked(report)
    if report.status == ReportStatus.DRAFT:
        raise DomainError(_("Only an issued report can receive an instruction."), code="status")
    remark = ReportRemark.objects.create(
        report=report, leader=by, kind=kind, text=text, created_at=clock.now()
    )
    _record(by, Actions.REMARKED, report, remark=remark.pk, remark_kind=kind, text=text)
    office = list(holders(Role.OFFICE_STAFF, bureau_id=report.bureau_id, on=clock.today()))
    people = [report.preparer, head_of(report.preparing_unit), *office]
    notify(
        recipients=[p for p in people if p is not None and p.pk != by.pk],
        kind="weekly.leader_remark",
        title=_("%(leader)s wrote on the weekly report: %(title)s")
        % {"leader": by, "title": title_of(report)},
        body=text,
        url=report_url(report),
        obj=report,
    )
    return remark
