"""State changes of deadlines and the calendar. Each is atomic and writes its audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from zhengwu.audit import services as audit
from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.workdays.models import (
    CalendarDay,
    CalendarVersion,
    CalendarYear,
    DaySource,
    Deadline,
    DeadlineStatus,
    TimeLimit,
    YearStatus,
)
from zhengwu.workdays.owners import announce_moved
from zhengwu.workdays.selectors import (
    NoticePlan,
    compute,
    current_calendar,
    forget_calendar,
    plan_notice_import,
)


class Actions:
    DEADLINE_OPENED = "workdays.deadline_opened"
    DEADLINE_MET = "workdays.deadline_met"
    DEADLINE_CANCELLED = "workdays.deadline_cancelled"
    DEADLINE_PAUSED = "workdays.deadline_paused"
    DEADLINE_RESUMED = "workdays.deadline_resumed"
    DEADLINE_EXTENDED = "workdays.deadline_extended"
    DEADLINE_RESTARTED = "workdays.deadline_restarted"
    DEADLINE_RECOMPUTED = "workdays.deadline_recomputed"
    TIME_LIMIT_CHANGED = "workdays.time_limit_changed"
    CALENDAR_CHANGED = "workdays.calendar_changed"
    CALENDAR_DAY_CHANGED = "workdays.calendar_day_changed"
    CALENDAR_DAY_REMOVED = "workdays.calendar_day_removed"
    CALENDAR_YEAR_CHANGED = "workdays.calendar_year_changed"
    NOTICE_IMPORTED = "workdays.notice_imported"


def _owner_key(owner: models.Model | tuple[str, Any]) -> tuple[str, str]:
    if isinstance(owner, tuple):
        return owner[0], str(owner[1])
    return owner._meta.label_lower, str(owner.pk)


def _snapshot(deadline: Deadline) -> dict[str, Any]:
    return audit.snapshot(
        deadline,
        ["start_date", "due_date", "status", "met_on", "paused_workdays", "paused_since",
         "extension_workdays",
         "unconfirmed_years"],
    )  # fmt: skip


@transaction.atomic
def open_deadline(
    *,
    by: Any,
    owner: models.Model | tuple[str, Any],
    rule_id: str,
    start: dt.date,
    bureau_id: int | None = None,
) -> Deadline:
    """Start a legal clock for `owner` under `rule_id`, from an event on `start`."""
    owner_type, owner_id = _owner_key(owner)
    if bureau_id is None and not isinstance(owner, tuple):
        bureau_id = getattr(owner, "bureau_id", None)
    result = compute(rule_id, start)
    now = clock.now()
    deadline = Deadline.objects.create(
        bureau_id=bureau_id,
        owner_type=owner_type,
        owner_id=owner_id,
        rule_id=rule_id,
        time_limit=result.time_limit,
        start_date=start,
        due_date=result.due_date,
        calendar_years=result.calendar_years,
        unconfirmed_years=result.unconfirmed_years,
        created_at=now,
        updated_at=now,
    )
    audit.record(
        actor=by,
        action=Actions.DEADLINE_OPENED,
        obj=deadline,
        after={**_snapshot(deadline), "explanation": result.explain()},
        bureau_id=bureau_id,
    )
    return deadline


@transaction.atomic
def open_fixed_deadline(
    *,
    by: Any,
    owner: models.Model | tuple[str, Any],
    rule_id: str,
    start: dt.date,
    due_date: dt.date,
    bureau_id: int | None = None,
) -> Deadline:
    """A clock whose end an approved decision fixed (S-4: the nodes of an approved plan).

    The date is not computed from a time limit but it still must be a working day, and the
    deadline records the rule (and its policy version) under which it was set.
    """
    from zhengwu.workdays.policy import current_limit

    cal = current_calendar()
    if due_date < start:
        raise DomainError(_("A deadline cannot end before it starts."))
    if not cal.is_workday(due_date):
        raise DomainError(
            _("%(day)s is not a working day; the next is %(next)s.")
            % {"day": due_date.isoformat(), "next": cal.next_workday(due_date).isoformat()}
        )
    owner_type, owner_id = _owner_key(owner)
    if bureau_id is None and not isinstance(owner, tuple):
        bureau_id = getattr(owner, "bureau_id", None)
    now = clock.now()
    deadline = Deadline.objects.create(
        bureau_id=bureau_id,
        owner_type=owner_type,
        owner_id=owner_id,
        rule_id=rule_id,
        time_limit=current_limit(rule_id),
        start_date=start,
        due_date=due_date,
        fixed=True,
        calendar_years=sorted(cal.years_touched(start, due_date)),
        unconfirmed_years=sorted(cal.unconfirmed_years(start, due_date)),
        created_at=now,
        updated_at=now,
    )
    audit.record(
        actor=by, action=Actions.DEADLINE_OPENED, obj=deadline, after=_snapshot(deadline),
        bureau_id=bureau_id,
    )  # fmt: skip
    return deadline


def _locked(deadline: Deadline) -> Deadline:
    return Deadline.objects.select_for_update().select_related("time_limit").get(pk=deadline.pk)


def _save(deadline: Deadline, by: Any, action: str, before: dict[str, Any]) -> Deadline:
    deadline.updated_at = clock.now()
    deadline.save()
    audit.record(actor=by, action=action, obj=deadline, before=before, after=_snapshot(deadline))
    return deadline


@transaction.atomic
def meet_deadline(*, by: Any, deadline: Deadline, on: dt.date | None = None) -> Deadline:
    """The awaited act happened on `on`: the clock stops; on time if on or before the due date."""
    deadline = _locked(deadline)
    if not deadline.is_open:
        raise DomainError(_("This deadline is no longer open."))
    before = _snapshot(deadline)
    deadline.status = DeadlineStatus.MET
    deadline.met_on = on or clock.today()
    return _save(deadline, by, Actions.DEADLINE_MET, before)


@transaction.atomic
def cancel_deadline(*, by: Any, deadline: Deadline) -> Deadline:
    deadline = _locked(deadline)
    if not deadline.is_open:
        raise DomainError(_("This deadline is no longer open."))
    before = _snapshot(deadline)
    deadline.status = DeadlineStatus.CANCELLED
    return _save(deadline, by, Actions.DEADLINE_CANCELLED, before)


@transaction.atomic
def pause_deadline(*, by: Any, deadline: Deadline, on: dt.date) -> Deadline:
    """R-5: time spent on a consultation does not count; the clock stops from `on`."""
    deadline = _locked(deadline)
    if deadline.status != DeadlineStatus.OPEN:
        raise DomainError(_("Only a running deadline can be paused."))
    before = _snapshot(deadline)
    deadline.status = DeadlineStatus.PAUSED
    deadline.paused_since = on
    return _save(deadline, by, Actions.DEADLINE_PAUSED, before)


@transaction.atomic
def resume_deadline(*, by: Any, deadline: Deadline, on: dt.date) -> Deadline:
    """R-5: the clock runs again from `on`; the working days of the pause move the due date."""
    deadline = _locked(deadline)
    if deadline.status != DeadlineStatus.PAUSED or deadline.paused_since is None:
        raise DomainError(_("This deadline is not paused."))
    if on < deadline.paused_since:
        raise DomainError(_("A pause cannot end before it starts."))
    before = _snapshot(deadline)
    cal = current_calendar()
    deadline.paused_workdays += cal.paused_workdays(
        counting_from=cal.workday_on_or_after(deadline.start_date),
        due=deadline.due_date,
        begin=deadline.paused_since,
        end=on,
    )
    deadline.paused_since = None
    deadline.status = DeadlineStatus.OPEN
    _apply(deadline)
    return _save(deadline, by, Actions.DEADLINE_RESUMED, before)


@transaction.atomic
def restart_deadline(*, by: Any, deadline: Deadline, start: dt.date) -> Deadline:
    """R-4: the period starts again from `start` (the day a supplement arrives).

    The whole time limit runs anew from that day: earlier pauses and any extension are dropped.
    """
    deadline = _locked(deadline)
    if not deadline.is_open:
        raise DomainError(_("This deadline is no longer open."))
    if start < deadline.start_date:
        raise DomainError(_("A deadline cannot restart before it started."))
    before = _snapshot(deadline)
    deadline.start_date = start
    deadline.paused_workdays = 0
    deadline.paused_since = None
    deadline.extension_workdays = 0
    deadline.status = DeadlineStatus.OPEN
    _apply(deadline)
    return _save(deadline, by, Actions.DEADLINE_RESTARTED, before)


@transaction.atomic
def extend_deadline(*, by: Any, deadline: Deadline, workdays: int) -> Deadline:
    """R-3: one extension, at most the policy's limit (20 working days by default)."""
    from zhengwu.workdays.policy import current_limit

    deadline = _locked(deadline)
    if not deadline.is_open:
        raise DomainError(_("This deadline is no longer open."))
    if deadline.extension_workdays:
        raise DomainError(_("The deadline has already been extended once."))
    maximum = current_limit(f"{deadline.rule_id}.ext").amount
    if not 1 <= workdays <= maximum:
        raise DomainError(
            _("An extension is 1 to %(max)d working days.") % {"max": maximum}, code="extension"
        )
    before = _snapshot(deadline)
    deadline.extension_workdays = workdays
    _apply(deadline)
    return _save(deadline, by, Actions.DEADLINE_EXTENDED, before)


def _apply(deadline: Deadline) -> None:
    """Recompute the due date from the deadline's own inputs and its time-limit version."""
    if deadline.fixed:
        # A date fixed by a decision (S-4 plan node) is never recounted from a time limit; only the
        # calendar years it relies on are refreshed.
        cal = current_calendar()
        due = deadline.due_date
        deadline.calendar_years = sorted(cal.years_touched(deadline.start_date, due))
        deadline.unconfirmed_years = sorted(cal.unconfirmed_years(deadline.start_date, due))
        return
    result = compute(
        deadline.rule_id,
        deadline.start_date,
        paused_workdays=deadline.paused_workdays,
        extension_workdays=deadline.extension_workdays,
        time_limit=deadline.time_limit,
    )
    deadline.due_date = result.due_date
    deadline.calendar_years = result.calendar_years
    deadline.unconfirmed_years = result.unconfirmed_years


def bump_calendar_version() -> None:
    """Tell every process that the calendar changed (call inside the changing transaction)."""
    CalendarVersion.objects.get_or_create(id=1)
    CalendarVersion.objects.filter(id=1).update(version=F("version") + 1)
    transaction.on_commit(forget_calendar)
    forget_calendar()


@transaction.atomic
def recompute_open_deadlines(*, by: Any, years: set[int]) -> list[tuple[Deadline, dt.date]]:
    """After a calendar change: recompute every open deadline relying on `years`.

    Returns the deadlines that moved, with their previous due date; each move is an audit event,
    and after commit every `owners.deadline_moved_listeners` function hears of it once.
    """
    forget_calendar()
    moved: list[tuple[Deadline, dt.date]] = []
    candidates = (
        Deadline.objects.select_for_update()
        .select_related("time_limit")
        .filter(status__in=[DeadlineStatus.OPEN, DeadlineStatus.PAUSED])
    )
    for deadline in candidates.iterator():
        relied = set(deadline.calendar_years) | {deadline.start_date.year, deadline.due_date.year}
        if not relied & years:
            continue
        before = _snapshot(deadline)
        previous = deadline.due_date
        _apply(deadline)
        if deadline.due_date != previous or before["unconfirmed_years"] != list(
            deadline.unconfirmed_years
        ):
            _save(deadline, by, Actions.DEADLINE_RECOMPUTED, before)
            if deadline.due_date != previous:
                moved.append((deadline, previous))
    if moved:
        # Issue 3, point 5: owners are told only once the new due dates are committed.
        transaction.on_commit(lambda: announce_moved(moved))
    return moved


@transaction.atomic
def set_time_limit(*, by: Any, rule_id: str, amount: int, unit: str, note: str = "") -> TimeLimit:
    """A new version of a rule's time limit; deadlines already computed keep theirs."""
    from zhengwu.workdays.policy import current_limit

    if amount < 1:
        raise DomainError(_("A time limit must be at least 1."))
    previous = current_limit(rule_id)
    limit = TimeLimit.objects.create(
        rule_id=rule_id,
        version=previous.version + 1,
        amount=amount,
        unit=unit,
        label=previous.label,
        legal_basis=previous.legal_basis,
        effective_from=clock.now(),
        created_by_id=getattr(by, "pk", None),
        note=note,
    )
    audit.record(
        actor=by,
        action=Actions.TIME_LIMIT_CHANGED,
        obj=limit,
        before=audit.snapshot(previous, ["version", "amount", "unit"]),
        after=audit.snapshot(limit, ["version", "amount", "unit"]),
    )
    return limit


def _lock_calendar() -> None:
    """Serialise calendar writers: one import or edit at a time recomputes deadlines."""
    CalendarVersion.objects.get_or_create(id=1)
    CalendarVersion.objects.select_for_update().get(id=1)


def _day_snapshot(row: CalendarDay | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return audit.snapshot(row, ["day", "is_workday", "name", "source", "notice_title"])


@dataclass(frozen=True)
class ImportResult:
    plan: NoticePlan
    moved: list[tuple[Deadline, dt.date]]


MAX_REASON_CHARS = 500


@transaction.atomic
def import_notice(
    *, by: Any, texts: list[str], confirm_implausible: bool = False, reason: str = ""
) -> ImportResult:
    """Store State Council notices: their days, their years confirmed (issue 3, point 2).

    Every text is read before anything is stored; one unreadable line refuses the whole import
    (DomainError naming the line). Within the import a later notice wins for a date it fixes
    again (the 2020 extension after the 2020 notice). A day of a notice's year that no notice
    fixes any more reverts to the weekend rule (its package or manual row is removed), unless a
    notice of that year stored earlier fixes it. Then the calendar version is bumped and every
    open deadline relying on the years concerned is recomputed.

    Only calendar and system administrators load notices (`by` None: the command line, run by
    whoever administers the server). A notice that does not look like a real one
    (`NoticePlan.implausible`) is applied only with `confirm_implausible` and a reason, both in
    the audit events.
    """
    if by is not None and not by.has_perm("workdays.import_notice"):
        raise PermissionDenied()
    reason = " ".join((reason or "").replace("\x00", "").split())
    if len(reason) > MAX_REASON_CHARS:
        raise DomainError(
            _("The reason has at most %(n)d characters.") % {"n": MAX_REASON_CHARS}, code="reason"
        )
    _lock_calendar()
    plan = plan_notice_import(texts)
    implausible = plan.implausible()
    if implausible and not (confirm_implausible and reason):
        raise DomainError(
            _("This notice does not look like a real one; confirm it and give a reason to apply "
              "it: %(why)s") % {"why": " ".join(implausible)},
            code="implausible",
        )  # fmt: skip
    now = clock.now()
    for day, (entry, title) in plan.entries.items():
        CalendarDay.objects.update_or_create(
            day=day,
            defaults={
                "is_workday": entry.kind == "workday",
                "name": entry.name[:50],
                "source": DaySource.NOTICE,
                "notice_title": title[:200],
            },
        )
    CalendarDay.objects.filter(day__in=plan.removed_days).delete()
    for year in plan.years:
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        before = audit.snapshot(row, ["status", "source", "notice_title"]) if row else None
        # Only the yearly arrangement confirms a year; a supplement alone keeps its status.
        arranged = any(not n.supplement for n in plan.notices if n.year == year)
        confirmed = arranged or (row is not None and row.status == YearStatus.CONFIRMED)
        row, _created = CalendarYear.objects.update_or_create(
            year=year,
            defaults={
                "status": YearStatus.CONFIRMED if confirmed else YearStatus.UNCONFIRMED,
                "source": DaySource.NOTICE,
                "notice_title": plan.titles[year][-1][:200],
                "updated_at": now,
            },
        )
        changes = [c for c in plan.changes if c.notice_year == year]
        audit.record(
            actor=by,
            action=Actions.NOTICE_IMPORTED,
            obj=row,
            before=before,
            after={
                **audit.snapshot(row, ["status", "source", "notice_title"]),
                "notices": plan.titles[year],
                "added": [c.as_text() for c in changes if c.change == "added"],
                "changed": [c.as_text() for c in changes if c.change == "changed"],
                "removed": [c.as_text() for c in changes if c.change == "removed"],
                "renamed": [c.as_text() for c in changes if c.change == "renamed"],
                **({"implausible": implausible, "reason": reason} if implausible else {}),
            },
        )
    bump_calendar_version()
    moved = recompute_open_deadlines(by=by, years=set(plan.affected_years))
    return ImportResult(plan=plan, moved=moved)


@transaction.atomic
def set_calendar_day(
    *, by: Any, day: dt.date, is_workday: bool | None, name: str = ""
) -> CalendarDay | None:
    """A manual correction of one day (source = manual edit); None reverts it to the weekend rule.

    The calendar version is bumped and open deadlines relying on the day's year are recomputed.
    """
    name = (name or "").strip()
    if len(name) > 50:
        raise DomainError(_("A holiday name has at most 50 characters."))
    _lock_calendar()
    row = CalendarDay.objects.select_for_update().filter(day=day).first()
    before = _day_snapshot(row)
    if is_workday is None:
        if row is None:
            raise DomainError(_("%(day)s already follows the weekend rule.") % {"day": day})
        row.delete()
        audit.record(
            actor=by,
            action=Actions.CALENDAR_DAY_REMOVED,
            object_type="workdays.calendarday",
            object_id=day.isoformat(),
            object_repr=str(day),
            before=before,
        )
        result = None
    else:
        if row is not None and (row.is_workday, row.name, row.source) == (
            is_workday,
            name,
            DaySource.MANUAL,
        ):
            return row  # nothing changes: no event, no recomputation
        row, _created = CalendarDay.objects.update_or_create(
            day=day,
            defaults={
                "is_workday": is_workday,
                "name": name,
                "source": DaySource.MANUAL,
                "notice_title": "",
            },
        )
        audit.record(
            actor=by,
            action=Actions.CALENDAR_DAY_CHANGED,
            obj=row,
            before=before,
            after=_day_snapshot(row),
        )
        result = row
    bump_calendar_version()
    recompute_open_deadlines(by=by, years={day.year})
    return result


@transaction.atomic
def set_year_status(*, by: Any, year: int, status: str) -> CalendarYear:
    """Mark a year's calendar confirmed or unconfirmed (issue 3, point 4), recomputing deadlines."""
    if status not in YearStatus.values:
        raise DomainError(_("Unknown calendar status."))
    if not 1900 <= year <= 2200:
        raise DomainError(_("The year must be between 1900 and 2200."))
    _lock_calendar()
    row = CalendarYear.objects.select_for_update().filter(year=year).first()
    before = audit.snapshot(row, ["status", "source"]) if row else None
    if row is not None and row.status == status:
        return row
    row, _created = CalendarYear.objects.update_or_create(
        year=year,
        defaults={
            "status": status,
            "source": row.source if row else DaySource.MANUAL,
            "updated_at": clock.now(),
        },
    )
    audit.record(
        actor=by,
        action=Actions.CALENDAR_YEAR_CHANGED,
        obj=row,
        before=before,
        after=audit.snapshot(row, ["status", "source"]),
    )
    bump_calendar_version()
    recompute_open_deadlines(by=by, years={year})
    return row
