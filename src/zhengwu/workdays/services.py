"""State changes of deadlines and the calendar. Each is atomic and writes its audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from zhengwu.audit import services as audit
from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.workdays.models import CalendarVersion, Deadline, DeadlineStatus, TimeLimit
from zhengwu.workdays.selectors import compute, current_calendar, forget_calendar


class Actions:
    DEADLINE_OPENED = "workdays.deadline_opened"
    DEADLINE_MET = "workdays.deadline_met"
    DEADLINE_CANCELLED = "workdays.deadline_cancelled"
    DEADLINE_PAUSED = "workdays.deadline_paused"
    DEADLINE_RESUMED = "workdays.deadline_resumed"
    DEADLINE_EXTENDED = "workdays.deadline_extended"
    DEADLINE_RECOMPUTED = "workdays.deadline_recomputed"
    TIME_LIMIT_CHANGED = "workdays.time_limit_changed"
    CALENDAR_CHANGED = "workdays.calendar_changed"


def _owner_key(owner: models.Model | tuple[str, Any]) -> tuple[str, str]:
    if isinstance(owner, tuple):
        return owner[0], str(owner[1])
    return owner._meta.label_lower, str(owner.pk)


def _snapshot(deadline: Deadline) -> dict[str, Any]:
    return audit.snapshot(
        deadline,
        ["due_date", "status", "met_on", "paused_workdays", "paused_since", "extension_workdays",
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
    deadline.paused_workdays += max(0, cal.workdays_between(deadline.paused_since, on))
    deadline.paused_since = None
    deadline.status = DeadlineStatus.OPEN
    _apply(deadline)
    return _save(deadline, by, Actions.DEADLINE_RESUMED, before)


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
        # A date fixed by a decision moves only by pauses/extensions, not by a recount.
        cal = current_calendar()
        base = deadline.due_date
        deadline.calendar_years = sorted(cal.years_touched(deadline.start_date, base))
        deadline.unconfirmed_years = sorted(cal.unconfirmed_years(deadline.start_date, base))
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

    Returns the deadlines that moved, with their previous due date; each move is an audit event.
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
