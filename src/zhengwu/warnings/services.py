"""State changes of the warning engine: the sweep (S-8), follow-ups, calls, key items, reminders.

The sweep is set-based: per level one INSERT … SELECT over the open deadlines (the database's unique
constraint drops duplicates) and one UPDATE of the deadlines' level, committed level by level. The
follow-ups are an outbox: warnings with `processed_at IS NULL` are claimed in batches, so a worker
killed at any point leaves work that the next run finishes, and nothing twice.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from zhengwu.audit import services as audit
from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.notifications.services import notify
from zhengwu.warnings import policy
from zhengwu.warnings.models import (
    AccountabilityCase,
    CaseStatus,
    EntryKind,
    KeyItemEntry,
    KeyItemStatus,
    KeySupervisionItem,
    OverdueWarning,
    PhoneCall,
    PhoneReminder,
    PhoneReminderStatus,
    Reminder,
    ReminderStatus,
)
from zhengwu.workdays.models import Deadline, DeadlineStatus
from zhengwu.workdays.owners import (
    Subject,
    describe_owner,
    owner_of,
    owner_url,
    recipients_of,
    subject_of,
)
from zhengwu.workdays.selectors import current_calendar

# Only for the crash test: pause this long after the given level is committed.
PAUSE_ENV = "ZHENGWU_SWEEP_PAUSE_AFTER_LEVEL"


class Actions:
    WARNING_RAISED = "warnings.warning_raised"
    PHONE_REMINDER_OPENED = "warnings.phone_reminder_opened"
    PHONE_REMINDER_LISTED = "warnings.phone_reminder_listed"
    PHONE_REMINDER_RESOLVED = "warnings.phone_reminder_resolved"
    PHONE_CALL_RECORDED = "warnings.phone_call_recorded"
    KEY_ITEM_OPENED = "warnings.key_item_opened"
    KEY_ITEM_LISTED = "warnings.key_item_listed"
    KEY_ITEM_ENTRY = "warnings.key_item_entry"
    KEY_ITEM_CLOSED = "warnings.key_item_closed"
    REMINDER_SENT = "warnings.reminder_sent"
    CALENDAR_WARNED = "warnings.calendar_unconfirmed"
    CASE_OPENED = "warnings.accountability_case_opened"
    CASE_CONCLUDED = "warnings.accountability_case_concluded"


@dataclass
class SweepResult:
    today: dt.date
    raised: dict[int, int] = field(default_factory=dict)  # level → warnings created

    @property
    def total(self) -> int:
        return sum(self.raised.values())


def sweep_preview(*, at: dt.datetime | None = None) -> SweepResult:
    """What `sweep` would raise as of `at`, per level; nothing is written (a dry run)."""
    moment = at or clock.now()
    today = clock.local(moment).date()
    cal = current_calendar()
    result = SweepResult(today=today)
    for threshold in policy.thresholds():
        due_before = policy.cutoff(cal, today, threshold.more_than_workdays)
        result.raised[threshold.level] = (
            Deadline.objects.filter(
                status=DeadlineStatus.OPEN,
                due_date__lt=due_before,
                warning_level__lt=threshold.level,
            )
            .exclude(warnings__level=threshold.level)
            .count()
        )
    return result


def sweep(*, at: dt.datetime | None = None) -> SweepResult:
    """S-8: raise every warning level the policy prescribes, as of `at` (default: now).

    Set-based, in one transaction: per level one INSERT … SELECT … ON CONFLICT DO NOTHING of the
    new warnings (the unique constraint drops what exists or what another worker just wrote), then
    one UPDATE of `Deadline.warning_level` for all levels. A worker killed half-way leaves nothing
    half-done; the next run does it all. Paused deadlines (R-5) do not run, so do not warn.
    """
    moment = at or clock.now()
    today = clock.local(moment).date()
    cal = current_calendar()
    result = SweepResult(today=today)
    warning_table = connection.ops.quote_name(OverdueWarning._meta.db_table)
    deadline_table = connection.ops.quote_name(Deadline._meta.db_table)
    levels = [
        (t.level, policy.cutoff(cal, today, t.more_than_workdays)) for t in policy.thresholds()
    ]
    if not levels:
        return result
    with transaction.atomic(), connection.cursor() as cursor:
        for level, due_before in levels:
            cursor.execute(
                f"INSERT INTO {warning_table} (deadline_id, level, raised_on, raised_at) "  # noqa: S608
                f"SELECT d.id, %s, %s, %s FROM {deadline_table} d "
                "WHERE d.status = %s AND d.due_date < %s AND d.warning_level < %s "
                "ON CONFLICT DO NOTHING",
                [level, today, moment, DeadlineStatus.OPEN.value, due_before, level],
            )
            result.raised[level] = max(cursor.rowcount, 0)
            _pause_for_crash_test(level)
        # The warnings and the levels commit together, so no new warning means every deadline
        # already carries its level: a rerun ends here.
        if result.total:
            # The highest level whose cutoff the due date is before (levels from the top down).
            case = "CASE " + " ".join("WHEN due_date < %s THEN %s" for _ in levels) + " ELSE 0 END"
            case_params: list[object] = []
            for level, due_before in sorted(levels, reverse=True):
                case_params += [due_before, level]
            cursor.execute(
                f"UPDATE {deadline_table} SET warning_level = {case} "  # noqa: S608
                f"WHERE status = %s AND due_date < %s AND warning_level < {case}",
                [*case_params, DeadlineStatus.OPEN.value, max(c for _, c in levels), *case_params],
            )
    return result


def _pause_for_crash_test(level: int) -> None:
    wanted = os.environ.get(PAUSE_ENV, "")
    if wanted and wanted == str(level):
        sys.stdout.write(f"paused after level {level} (not committed)\n")
        sys.stdout.flush()
        time.sleep(60)


def _record_on_owner(
    *, by: Any, action: str, deadline: Deadline, after: dict[str, Any], before: dict | None = None
) -> None:
    """Audit event filed under the deadline's owner, so the owner's timeline shows it (S-8)."""
    audit.record(
        actor=by,
        action=action,
        before=before,
        after={"deadline_id": deadline.pk, "rule_id": deadline.rule_id, **after},
        bureau_id=deadline.bureau_id,
        object_type=deadline.owner_type,
        object_id=deadline.owner_id,
        object_repr=describe_owner(deadline)[:300],
    )


def process_new_warnings(*, limit: int = 200) -> int:
    """Follow-ups of warnings not yet processed: audit, notices, phone reminder, key supervision.

    Claims a batch under row locks (SKIP LOCKED on PostgreSQL; SQLite serialises writers), so two
    workers never process the same warning. Returns how many were processed.
    """
    with transaction.atomic():
        batch = list(
            OverdueWarning.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(processed_at__isnull=True)
            .select_related("deadline__time_limit")
            .order_by("pk")[:limit]
        )
        cal = current_calendar()
        now = clock.now()
        for warning in batch:
            _follow_up(warning, cal=cal, now=now)
        OverdueWarning.objects.filter(pk__in=[w.pk for w in batch]).update(processed_at=now)
    return len(batch)


def process_all_new_warnings(*, batch: int = 200) -> int:
    total = 0
    while True:
        done = process_new_warnings(limit=batch)
        total += done
        if done < batch:
            return total


def _follow_up(warning: OverdueWarning, *, cal: Any, now: dt.datetime) -> None:
    deadline = warning.deadline
    overdue = cal.overdue_workdays(deadline.due_date, warning.raised_on)
    what = describe_owner(deadline)
    _record_on_owner(
        by=None,
        action=Actions.WARNING_RAISED,
        deadline=deadline,
        after={"warning_id": warning.pk, "level": warning.level, "overdue_workdays": overdue},
    )
    if not deadline.is_open:
        # Its owner closed (e.g. the task was closed) between the sweep and this follow-up: the
        # warning stays on record, but there is no one left to chase.
        return
    notify(
        recipients=recipients_of(deadline),
        kind="warnings.overdue",
        title=_("Warning %(level)d: %(what)s is %(days)d working days overdue")
        % {"level": warning.level, "what": what, "days": overdue},
        body=_("Due %(due)s. %(explain)s")
        % {"due": deadline.due_date.isoformat(), "explain": deadline.explain()},
        url=owner_url(deadline),
        obj=warning,
    )
    if warning.level == policy.PHONE_REMINDER_LEVEL:
        _open_phone_reminder(warning, now=now)
    if warning.level == policy.KEY_SUPERVISION_LEVEL:
        _open_key_item(warning, now=now)


def _record_on_subject(
    *, by: Any, action: str, subject: Subject, deadline: Deadline, after: dict[str, Any],
    before: dict | None = None,
) -> None:  # fmt: skip
    """Audit event filed under what the office chases (a ledger task), so calls and the key list
    are on the task's timeline (S-7, S-8)."""
    audit.record(
        actor=by,
        action=action,
        before=before,
        after={"deadline_id": deadline.pk, **after},
        bureau_id=deadline.bureau_id,
        object_type=subject.kind,
        object_id=subject.key,
        object_repr=subject.title[:300],
    )


def _open_row(model: Any, warning: OverdueWarning, defaults: dict[str, Any]) -> tuple[Any, bool]:
    """The open row of the warning's subject and level, created by the first warning.

    S-8: one phone call and one key-list entry per subject (a ledger task) and level, whatever the
    number of its overdue milestones. The partial unique constraint (one open row per subject and
    level) decides a race between two workers: the loser lists its warning on the winner's row.
    """
    subject = subject_of(warning.deadline)
    key = {"subject_type": subject.kind, "subject_id": subject.key, "level": warning.level}
    row = model.objects.filter(status="open", **key).first()
    created = False
    if row is None:
        try:
            with transaction.atomic():
                row = model.objects.create(
                    deadline=warning.deadline, warning=warning,
                    bureau_id=warning.deadline.bureau_id, **key, **defaults,
                )  # fmt: skip
            created = True
        except IntegrityError:
            row = model.objects.get(status="open", **key)
    row.warnings.add(warning)
    return row, created


def _open_phone_reminder(warning: OverdueWarning, *, now: dt.datetime) -> None:
    """S-8: 2nd warning → a to-do in the office's phone worklist, with the liaison's phone; one
    per task, listing each of its milestones at the 2nd warning."""
    if warning.listed_on_phone_reminders.exists():
        return
    deadline = warning.deadline
    owner = owner_of(deadline)
    contacts = owner.contacts(deadline) if owner is not None else []
    name, phone = "", ""
    if contacts:
        person, phone = contacts[0]
        name = getattr(person, "full_name", "") or str(person)
    reminder, created = _open_row(
        PhoneReminder, warning,
        {"contact_name": name, "contact_phone": phone or "", "created_at": now},
    )  # fmt: skip
    subject = subject_of(deadline)
    _record_on_subject(
        by=None,
        action=Actions.PHONE_REMINDER_OPENED if created else Actions.PHONE_REMINDER_LISTED,
        subject=subject,
        deadline=deadline,
        after={"phone_reminder_id": reminder.pk, "contact": reminder.contact_name,
               "item": subject.item},
    )  # fmt: skip


def _open_key_item(warning: OverdueWarning, *, now: dt.datetime) -> None:
    """S-8: 3rd warning → the item joins the key supervision list (督查重点事项); one entry per
    task, listing each of its milestones at the 3rd warning."""
    if warning.listed_on_key_items.exists():
        return
    item, created = _open_row(KeySupervisionItem, warning, {"opened_at": now})
    subject = subject_of(warning.deadline)
    _record_on_subject(
        by=None,
        action=Actions.KEY_ITEM_OPENED if created else Actions.KEY_ITEM_LISTED,
        subject=subject,
        deadline=warning.deadline,
        after={"key_item_id": item.pk, "item": subject.item},
    )


@transaction.atomic
def resolve_subject(*, by: Any, subject_type: str, subject_id: str, outcome: str) -> int:
    """S-5/S-8: the subject (a ledger task) was closed: its open phone reminders and key-list
    entries end with that outcome. Called by the owner's closing service, which checked the
    permission. Returns how many rows were resolved."""
    outcome = outcome.strip()
    if not outcome:
        raise DomainError(_("State the outcome before concluding."), code="outcome")
    now = clock.now()
    done = 0
    reminders = PhoneReminder.objects.select_for_update().select_related("deadline")
    for reminder in reminders.filter(
        subject_type=subject_type, subject_id=subject_id, status=PhoneReminderStatus.OPEN
    ):
        reminder.status = PhoneReminderStatus.RESOLVED
        reminder.outcome, reminder.resolved_at = outcome, now
        reminder.save(update_fields=["status", "outcome", "resolved_at"])
        _record_on_subject(
            by=by, action=Actions.PHONE_REMINDER_RESOLVED, subject=subject_of(reminder.deadline),
            deadline=reminder.deadline, before={"status": PhoneReminderStatus.OPEN},
            after={"phone_reminder_id": reminder.pk, "status": reminder.status,
                   "outcome": outcome},
        )  # fmt: skip
        done += 1
    items = KeySupervisionItem.objects.select_for_update().select_related("deadline")
    for item in items.filter(
        subject_type=subject_type, subject_id=subject_id, status=KeyItemStatus.OPEN
    ):
        item.status, item.outcome, item.closed_at, item.closed_by = (
            KeyItemStatus.CLOSED, outcome, now, by,
        )  # fmt: skip
        item.save(update_fields=["status", "outcome", "closed_at", "closed_by"])
        _record_on_subject(
            by=by, action=Actions.KEY_ITEM_CLOSED, subject=subject_of(item.deadline),
            deadline=item.deadline, before={"status": KeyItemStatus.OPEN},
            after={"key_item_id": item.pk, "status": item.status, "outcome": outcome},
        )  # fmt: skip
        done += 1
    return done


@transaction.atomic
def record_call(
    *,
    by: Any,
    reminder: PhoneReminder,
    callee: str,
    callee_phone: str,
    called_at: dt.datetime,
    summary: str,
    promised_date: dt.date | None = None,
) -> PhoneCall:
    """S-8: the office records the reminder call (who called whom, when, what was said)."""
    if not by.has_perm("warnings.record_call", reminder):
        raise PermissionDenied()
    reminder = (
        PhoneReminder.objects.select_for_update().select_related("deadline").get(pk=reminder.pk)
    )
    if reminder.status == PhoneReminderStatus.RESOLVED:
        raise DomainError(_("This phone reminder is already resolved."), code="resolved")
    callee, callee_phone, summary = callee.strip(), callee_phone.strip(), summary.strip()
    if not callee or not callee_phone:
        raise DomainError(_("Say whom you called and on which number."), code="callee")
    if not summary:
        raise DomainError(_("Record what was said on the call."), code="summary")
    if called_at > clock.now():
        raise DomainError(_("A call cannot be recorded in the future."), code="called_at")
    if promised_date is not None and promised_date < clock.local(called_at).date():
        raise DomainError(_("The promised date cannot be before the call."), code="promised")
    call = PhoneCall.objects.create(
        reminder=reminder,
        caller=by,
        callee=callee,
        callee_phone=callee_phone,
        called_at=called_at,
        summary=summary,
        promised_date=promised_date,
        recorded_at=clock.now(),
    )
    before = {"status": reminder.status}
    reminder.status = PhoneReminderStatus.CALLED
    reminder.save(update_fields=["status"])
    # S-8: the call is recorded against the task it chases, with the milestones it was about.
    _record_on_subject(
        by=by,
        action=Actions.PHONE_CALL_RECORDED,
        subject=subject_of(reminder.deadline),
        deadline=reminder.deadline,
        before=before,
        after={
            "phone_reminder_id": reminder.pk,
            "call_id": call.pk,
            "caller": by.full_name,
            "callee": callee,
            "called_at": called_at.isoformat(),
            "summary": summary,
            "promised_date": promised_date.isoformat() if promised_date else None,
            "status": reminder.status,
            "items": [
                subject_of(w.deadline).item
                for w in reminder.warnings.select_related("deadline").order_by("deadline__due_date")
            ],
        },
    )
    return call


@transaction.atomic
def add_key_item_entry(*, by: Any, item: KeySupervisionItem, kind: str, text: str) -> KeyItemEntry:
    """The supervision office records an action or a note on a key supervision item."""
    if not by.has_perm("warnings.work_key_item", item):
        raise PermissionDenied()
    item = KeySupervisionItem.objects.select_for_update().select_related("deadline").get(pk=item.pk)
    if item.status != KeyItemStatus.OPEN:
        raise DomainError(_("This key supervision item is already concluded."), code="closed")
    if kind not in EntryKind.values:
        raise DomainError(_("Choose an action or a note."), code="kind")
    text = text.strip()
    if not text:
        raise DomainError(_("Write what was done or noted."), code="text")
    entry = KeyItemEntry.objects.create(item=item, kind=kind, text=text, by=by, at=clock.now())
    _record_on_subject(
        by=by,
        action=Actions.KEY_ITEM_ENTRY,
        subject=subject_of(item.deadline),
        deadline=item.deadline,
        after={"key_item_id": item.pk, "entry_id": entry.pk, "kind": kind, "text": text},
    )
    return entry


@transaction.atomic
def close_key_item(*, by: Any, item: KeySupervisionItem, outcome: str) -> KeySupervisionItem:
    """The supervision office concludes a key supervision item with its outcome."""
    if not by.has_perm("warnings.work_key_item", item):
        raise PermissionDenied()
    item = KeySupervisionItem.objects.select_for_update().select_related("deadline").get(pk=item.pk)
    if item.status != KeyItemStatus.OPEN:
        raise DomainError(_("This key supervision item is already concluded."), code="closed")
    outcome = outcome.strip()
    if not outcome:
        raise DomainError(_("State the outcome before concluding."), code="outcome")
    item.status = KeyItemStatus.CLOSED
    item.outcome = outcome
    item.closed_at = clock.now()
    item.closed_by = by
    item.save(update_fields=["status", "outcome", "closed_at", "closed_by"])
    _record_on_subject(
        by=by,
        action=Actions.KEY_ITEM_CLOSED,
        subject=subject_of(item.deadline),
        deadline=item.deadline,
        before={"status": KeyItemStatus.OPEN},
        after={"key_item_id": item.pk, "status": item.status, "outcome": outcome},
    )
    return item


def send_due_reminders(*, at: dt.datetime | None = None) -> int:
    """Reminders before the deadline to the owner's recipients, as the reminder rules say.

    Never in quiet hours or on days off: a reminder whose time falls there waits for the next
    allowed moment. Unique per deadline and kind, so reruns and parallel workers send once. When a
    later reminder is already due (the worker was down), the earlier one is marked superseded.
    """
    moment = at or clock.now()
    cal = current_calendar()
    hours = policy.quiet_hours()
    if policy.next_allowed(cal, moment, hours) != moment:
        return 0  # quiet hours or a day off: the next run at an allowed moment sends
    today = clock.local(moment).date()
    rules = policy.reminder_rules()
    if not rules:
        return 0
    horizon = cal.add_workdays(today, max(r.workdays_before for r in rules) + 1)
    candidates = (
        Deadline.objects.filter(
            status=DeadlineStatus.OPEN, due_date__gte=today, due_date__lte=horizon
        )
        .select_related("time_limit")
        .order_by("due_date", "pk")
    )
    sent = 0
    for deadline in candidates.iterator():
        due_kinds = []
        for rule in rules:
            day = policy.workday_before(cal, deadline.due_date, rule.workdays_before)
            planned = clock.at_local(day, rule.send_at.hour, rule.send_at.minute)
            scheduled = policy.next_allowed(cal, planned, hours)
            if scheduled <= moment:
                due_kinds.append((scheduled, rule))
        if not due_kinds:
            continue
        due_kinds.sort(key=lambda pair: pair[0])
        latest = due_kinds[-1]
        for scheduled, rule in due_kinds:
            if _remind(
                deadline, rule=rule, scheduled=scheduled, now=moment, send=rule is latest[1]
            ):
                sent += 1
    return sent


@transaction.atomic
def _remind(
    deadline: Deadline, *, rule: Any, scheduled: dt.datetime, now: dt.datetime, send: bool
) -> bool:
    reminder, created = Reminder.objects.get_or_create(
        deadline=deadline,
        kind=rule.kind,
        defaults={
            "status": ReminderStatus.SENT if send else ReminderStatus.SKIPPED,
            "scheduled_for": scheduled,
            "sent_at": now,
        },
    )
    if not created or not send:
        return False
    what = describe_owner(deadline)
    notify(
        recipients=recipients_of(deadline),
        kind="warnings.reminder",
        title=_("Reminder: %(what)s is due on %(due)s")
        % {"what": what, "due": deadline.due_date.isoformat()},
        body=deadline.explain(),
        url=owner_url(deadline),
        obj=reminder,
    )
    _record_on_owner(
        by=None,
        action=Actions.REMINDER_SENT,
        deadline=deadline,
        after={"reminder_id": reminder.pk, "kind": rule.kind},
    )
    return True


def warn_unconfirmed_calendar(*, at: dt.datetime | None = None) -> int:
    """From the policy's month on, tell the administrators when next year's calendar is missing.

    Deadlines reaching into an unconfirmed year count weekends only until the State Council notice
    is loaded ("Working days"). Sent once per year and person.
    """
    from zhengwu.notifications.models import Notification
    from zhengwu.org.models import Role
    from zhengwu.org.selectors import holders
    from zhengwu.workdays.models import CalendarYear, YearStatus

    moment = at or clock.now()
    today = clock.local(moment).date()
    if today.month < policy.quiet_hours().calendar_check_month:
        return 0
    year = today.year + 1
    if CalendarYear.objects.filter(year=year, status=YearStatus.CONFIRMED).exists():
        return 0
    already = set(
        Notification.objects.filter(
            kind="warnings.calendar_unconfirmed", object_id=str(year)
        ).values_list("recipient_id", flat=True)
    )
    people = [p for p in holders(Role.SYSTEM_ADMIN, on=today) if p.pk not in already]
    if not people:
        return 0
    with transaction.atomic():
        created = notify(
            recipients=people,
            kind="warnings.calendar_unconfirmed",
            title=_("The working-day calendar of %(year)d is not yet loaded") % {"year": year},
            body=_(
                "Load the State Council holiday notice for %(year)d; until then deadlines in "
                "%(year)d count weekends only."
            )
            % {"year": year},
            url="/admin/",
        )
        for note in created:
            note.object_type = "workdays.calendaryear"
            note.object_id = str(year)
        Notification.objects.bulk_update(created, ["object_type", "object_id"])
        audit.record(
            actor=None,
            action=Actions.CALENDAR_WARNED,
            object_type="workdays.calendaryear",
            object_id=str(year),
            after={"year": year, "recipients": [p.pk for p in people]},
        )
    return len(created)


@transaction.atomic
def open_accountability_case(*, by: Any, on: Any, subject: str, reason: str) -> AccountabilityCase:
    """S-14: the supervision office opens an accountability case for a missed deadline.

    `on` is what failed: a key supervision item, or any owner row holding the missed `deadline`
    (a ledger milestone, when the office opens the case directly from a task).
    """
    if not by.has_perm("warnings.open_accountability_case", on):
        raise PermissionDenied()
    deadline = getattr(on, "deadline", None)
    if deadline is None:
        raise DomainError(_("Choose the deadline that was missed."), code="deadline")
    subject, reason = subject.strip(), reason.strip()
    if not subject or not reason:
        raise DomainError(_("Name who is held accountable and why."), code="case")
    case = AccountabilityCase.objects.create(
        deadline=deadline, bureau_id=deadline.bureau_id, subject=subject, reason=reason,
        opened_at=clock.now(), opened_by=by,
    )  # fmt: skip
    _record_on_owner(
        by=by,
        action=Actions.CASE_OPENED,
        deadline=deadline,
        after={"case_id": case.pk, "subject": subject, "reason": reason},
    )
    return case


@transaction.atomic
def conclude_accountability_case(
    *, by: Any, case: AccountabilityCase, outcome: str
) -> AccountabilityCase:
    """S-14: the case ends with its outcome (e.g. 诫勉谈话, 通报批评)."""
    if not by.has_perm("warnings.open_accountability_case", case):
        raise PermissionDenied()
    case = AccountabilityCase.objects.select_for_update().select_related("deadline").get(pk=case.pk)
    if case.status != CaseStatus.OPEN:
        raise DomainError(_("This accountability case is already concluded."), code="closed")
    outcome = outcome.strip()
    if not outcome:
        raise DomainError(_("State the outcome before concluding."), code="outcome")
    case.status, case.outcome, case.concluded_at = CaseStatus.CONCLUDED, outcome, clock.now()
    case.save(update_fields=["status", "outcome", "concluded_at"])
    _record_on_owner(
        by=by,
        action=Actions.CASE_CONCLUDED,
        deadline=case.deadline,
        before={"status": CaseStatus.OPEN},
        after={"case_id": case.pk, "status": case.status, "outcome": outcome},
    )
    return case


def notify_deadline_moved(deadline: Deadline, previous_due: dt.date) -> None:
    """A calendar change moved an open deadline: tell its owners (issue 3, recompute).

    Subscribed to `workdays.owners.deadline_moved_listeners`, so it runs after the calendar change
    committed; the message is its own small transaction. Only people the owner lets see the
    deadline are told (confidential items, S-13).
    """
    with transaction.atomic():
        notify(
            recipients=recipients_of(deadline),
            kind="workdays.deadline_moved",
            title=_("Deadline moved: %(what)s") % {"what": describe_owner(deadline)},
            body=_("The working-day calendar changed: the deadline moved from %(old)s to %(new)s.")
            % {"old": previous_due.isoformat(), "new": deadline.due_date.isoformat()},
            url=owner_url(deadline),
            obj=deadline,
        )
