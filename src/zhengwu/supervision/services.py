"""State changes of the ledger. Each is keyword-only, atomic, permission-checked, guarded by the
current state, audited in the same transaction, and notifies people who may know (S-13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengwu.audit import services as audit
from zhengwu.core import clock, inputs
from zhengwu.core.errors import Conflict, DomainError, PermissionDenied
from zhengwu.notifications.services import notify
from zhengwu.org.models import Bureau, OrgUnit, Person, Role, RoleAssignment
from zhengwu.org.selectors import has_role, head_of, holders, liaison_of, units_in_charge
from zhengwu.supervision import policy
from zhengwu.supervision.models import (
    OPEN_STATUSES,
    Attachment,
    Feedback,
    FeedbackStatus,
    Instruction,
    IssueKind,
    Meeting,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Plan,
    PlanNode,
    PlanStatus,
    SourceKind,
    Task,
    TaskStatus,
)
from zhengwu.supervision.selectors import audience
from zhengwu.workdays import services as deadlines
from zhengwu.workdays.policy import check_date
from zhengwu.workdays.selectors import current_calendar


class Actions:
    MEETING_RECORDED = "supervision.meeting_recorded"
    INSTRUCTION_RECORDED = "supervision.instruction_recorded"
    TASK_CREATED = "supervision.task_created"
    TASK_ASSIGNED = "supervision.task_assigned"
    FEEDBACK_DRAFTED = "supervision.feedback_drafted"
    FEEDBACK_SIGNED_OFF = "supervision.feedback_signed_off"
    FEEDBACK_HEAD_RETURNED = "supervision.feedback_head_returned"
    FEEDBACK_CHECKED = "supervision.feedback_checked"
    FEEDBACK_CHECK_RETURNED = "supervision.feedback_check_returned"
    FEEDBACK_ACCEPTED = "supervision.feedback_accepted"
    FEEDBACK_RETURNED = "supervision.feedback_returned"
    MILESTONE_MET = "supervision.milestone_met"
    PLAN_SUBMITTED = "supervision.plan_submitted"
    PLAN_FORWARDED = "supervision.plan_forwarded"
    PLAN_APPROVAL = "supervision.plan_approval"
    PLAN_APPROVED = "supervision.plan_approved"
    PLAN_RETURNED = "supervision.plan_returned"
    TASK_CLOSED = "supervision.task_closed"
    TASK_REOPENED = "supervision.task_reopened"
    TASK_EDITED = "supervision.task_edited"
    ATTACHMENT_ADDED = "supervision.attachment_added"
    LEDGER_IMPORTED = "supervision.ledger_imported"
    LEADER_REMARK = "supervision.leader_remark"


# S-9: which accepted reports are passed on to the director and the leader in charge.
REPORTED_TO_LEADERS = ("S-2", "S-3", "S-4")


def _require(by: Any, perm: str, obj: Any = None) -> None:
    if by is None or not by.has_perm(perm, obj):
        from zhengwu.supervision.rules import refusal_message

        # S-13: say so when the refusal is the separation of duties.
        reason = refusal_message(by, perm, obj) if by is not None else None
        raise PermissionDenied(reason or "", code="forbidden")


def _task_url(task: Task) -> str:
    return reverse("supervision:task", args=[task.pk])


def _record(by: Any, action: str, task: Task, **data: Any) -> None:
    """Every event of a task is recorded on the task, so its timeline is one query (S-7)."""
    audit.record(actor=by, action=action, obj=task, after=data or None)


def _locked(task: Task) -> Task:
    return Task.objects.select_for_update().get(pk=task.pk)


def _refuse_if_closed(task: Task) -> None:
    # S-5: a closed task is read-only unless reopened with a reason.
    if task.status == TaskStatus.CLOSED:
        raise DomainError(_("This task is closed; reopen it with a reason first."), code="closed")


def _text_required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, code="required")
    return value


# --- people the rules name ----------------------------------------------------------------------


def undertaker_people(task: Task) -> list[Person]:
    """S-6/S-9: the head (first responsible person) and liaison of every undertaker."""
    people: list[Person] = []
    for unit in [task.lead_unit, *task.co_units.all()]:
        people.extend(p for p in (head_of(unit), liaison_of(unit)) if p is not None)
    return people


def office_people(bureau_id: int) -> list[Person]:
    return list(holders(Role.OFFICE_STAFF, bureau_id=bureau_id))


def director_of(bureau_id: int) -> Person | None:
    return holders(Role.DIRECTOR, bureau_id=bureau_id).first()


def leaders_in_charge_of(unit: OrgUnit) -> list[Person]:
    ids = (
        RoleAssignment.objects.active_on(clock.today())
        .filter(role=Role.LEADER_IN_CHARGE, units_in_charge=unit)
        .values("person_id")
    )
    return list(Person.objects.filter(pk__in=ids, is_active=True))


# --- sources --------------------------------------------------------------------------------------


@transaction.atomic
def record_meeting(
    *, by: Any, bureau: Bureau, meeting_type: str, held_on: dt.date, title: str, minutes: str = ""
) -> Meeting:
    _require(by, "supervision.manage_ledger")
    meeting = Meeting.objects.create(
        bureau=bureau,
        meeting_type=meeting_type,
        held_on=held_on,
        title=_text_required(title, _("A meeting needs a title.")),
        minutes=minutes.strip(),
        created_by=by,
        created_at=clock.now(),
    )
    audit.record(
        actor=by, action=Actions.MEETING_RECORDED, obj=meeting, bureau_id=bureau.pk,
        after=audit.snapshot(meeting, ["meeting_type", "held_on", "title"]),
    )  # fmt: skip
    return meeting


@transaction.atomic
def record_instruction(
    *, by: Any, bureau: Bureau, leader: Person, given_on: dt.date, text: str
) -> Instruction:
    _require(by, "supervision.manage_ledger")
    if not holders(Role.DIRECTOR, bureau_id=bureau.pk).filter(pk=leader.pk).exists() and not (
        holders(Role.LEADER_IN_CHARGE, bureau_id=bureau.pk).filter(pk=leader.pk).exists()
    ):
        raise DomainError(_("Instructions come from the director or a bureau leader."))
    instruction = Instruction.objects.create(
        bureau=bureau,
        leader=leader,
        given_on=given_on,
        text=_text_required(text, _("Write down the instruction.")),
        created_by=by,
        created_at=clock.now(),
    )
    audit.record(
        actor=by, action=Actions.INSTRUCTION_RECORDED, obj=instruction, bureau_id=bureau.pk,
        after=audit.snapshot(instruction, ["leader", "given_on", "text"]),
    )  # fmt: skip
    return instruction


# --- tasks ----------------------------------------------------------------------------------------


@dataclass
class TaskInput:
    """What the office enters for one task (one decision of a meeting, one instruction)."""

    title: str
    lead_unit: OrgUnit
    instructing_leader: Person
    content: str = ""
    co_units: Sequence[OrgUnit] = ()
    issue_kind: str = IssueKind.GENERAL
    urgent: bool = False
    confidential: bool = False
    named_readers: Sequence[Person] = ()
    source_note: str = ""
    assigned_on: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _next_number(bureau: Bureau, year: int) -> str:
    prefix = f"督〔{year}〕"
    taken = Task.objects.filter(bureau=bureau, number__startswith=prefix).values_list(
        "number", flat=True
    )
    highest = 0
    for number in taken:
        digits = number[len(prefix) :].rstrip("号")
        if digits.isdigit():
            highest = max(highest, int(digits))
    return f"{prefix}{highest + 1}号"


def _validate(bureau: Bureau, data: TaskInput) -> None:
    from zhengwu.supervision.selectors import leaders

    _text_required(data.title, _("A task needs a title."))
    if data.lead_unit.bureau_id != bureau.pk or not data.lead_unit.can_undertake:
        raise DomainError(_("The lead undertaker must be a section or affiliated unit."))
    for unit in data.co_units:
        if unit.bureau_id != bureau.pk or not unit.can_undertake:
            raise DomainError(_("Co-undertakers must be sections or affiliated units."))
        if unit.pk == data.lead_unit.pk:
            raise DomainError(_("The lead undertaker cannot also be a co-undertaker."))
    # S-10: the instructing leader decides the reporting chain, so it must be a bureau leader.
    if not leaders(bureau.pk).filter(pk=data.instructing_leader.pk).exists():
        raise DomainError(_("The instructing leader must be the director or a leader in charge."))
    if data.issue_kind not in IssueKind.values:
        raise DomainError(_("Unknown issue kind."))
    if data.confidential and not data.named_readers:
        raise DomainError(_("Name the people who may see a confidential task."))
    if data.assigned_on is not None:
        # Recorded late (as a ledger import does): the clocks run from the day it was assigned,
        # which cannot be in the future nor before the supported calendar.
        if data.assigned_on > clock.today():
            raise DomainError(_("The assignment date is in the future."), code="assigned_on")
        check_date(data.assigned_on)


@transaction.atomic
def create_task(
    *,
    by: Any,
    bureau: Bureau,
    data: TaskInput,
    meeting: Meeting | None = None,
    instruction: Instruction | None = None,
    assign: bool = True,
) -> Task:
    _require(by, "supervision.manage_ledger")
    _validate(bureau, data)
    now = clock.now()
    if meeting is not None:
        source = SourceKind.MEETING
    elif instruction is not None:
        source = SourceKind.INSTRUCTION
    else:
        source = SourceKind.OTHER
    task = Task.objects.create(
        bureau=bureau,
        number=_next_number(bureau, (data.assigned_on or clock.today()).year),
        title=data.title.strip(),
        content=data.content.strip(),
        source_kind=source,
        meeting=meeting,
        instruction=instruction,
        source_note=data.source_note.strip(),
        issue_kind=data.issue_kind,
        urgent=data.urgent,
        instructing_leader=data.instructing_leader,
        lead_unit=data.lead_unit,
        confidential=data.confidential,
        created_by=by,
        created_at=now,
        updated_at=now,
    )
    task.co_units.set(list(data.co_units))
    if data.confidential:
        # S-13: whoever records a confidential task is named on it, or they would lose it at once.
        task.named_readers.set([*data.named_readers, by])
    _record(
        by, Actions.TASK_CREATED, task,
        **audit.snapshot(task, ["number", "title", "issue_kind", "urgent", "lead_unit",
                                "instructing_leader", "confidential"]),
        co_units=[u.pk for u in data.co_units],
    )  # fmt: skip
    if assign:
        task = assign_task(by=by, task=task, on=data.assigned_on)
    return task


@transaction.atomic
def create_tasks(
    *,
    by: Any,
    bureau: Bureau,
    decisions: Iterable[TaskInput],
    meeting: Meeting | None = None,
    instruction: Instruction | None = None,
) -> list[Task]:
    """One form, several decisions: all become tasks, or none does."""
    tasks = [
        create_task(by=by, bureau=bureau, data=d, meeting=meeting, instruction=instruction)
        for d in decisions
    ]
    if not tasks:
        raise DomainError(_("Enter at least one decision."))
    return tasks


def _open_milestone(
    by: Any, task: Task, *, kind: str, rule_id: str, order: int, start: dt.date,
    due_date: dt.date | None = None, label: str = "",
) -> Milestone:  # fmt: skip
    milestone = Milestone.objects.create(
        task=task, kind=kind, rule_id=rule_id, order=order, label=label
    )
    if due_date is None:
        deadline = deadlines.open_deadline(
            by=by, owner=milestone, rule_id=rule_id, start=start, bureau_id=task.bureau_id
        )
    else:
        deadline = deadlines.open_fixed_deadline(
            by=by, owner=milestone, rule_id=rule_id, start=start, due_date=due_date,
            bureau_id=task.bureau_id,
        )  # fmt: skip
    milestone.deadline = deadline
    milestone.save(update_fields=["deadline"])
    return milestone


@transaction.atomic
def assign_task(*, by: Any, task: Task, on: dt.date | None = None) -> Task:
    """S-9: assigning notifies the undertakers at once, with the time limits of S-1…S-4."""
    _require(by, "supervision.assign_task", task)
    task = _locked(task)
    if task.status != TaskStatus.DRAFT:
        raise DomainError(_("Only a draft task can be assigned."))
    day = on or clock.today()
    # S-6: the head of the lead undertaker is the first responsible person; its liaison the contact.
    task.responsible_person = head_of(task.lead_unit)
    task.liaison = liaison_of(task.lead_unit)
    task.status = TaskStatus.ASSIGNED
    task.assigned_on = day
    task.updated_at = clock.now()
    task.save()
    lines = []
    for order, rule in enumerate(policy.milestone_rules_for(task.issue_kind), start=1):
        milestone = _open_milestone(
            by, task, kind=rule.kind, rule_id=rule.rule_id, order=order * 10, start=day
        )
        lines.append(f"{milestone.display_label()}：{milestone.deadline.due_date:%Y-%m-%d}")
    _record(
        by, Actions.TASK_ASSIGNED, task, assigned_on=day,
        responsible_person=task.responsible_person_id, liaison=task.liaison_id, milestones=lines,
    )  # fmt: skip
    urgent = _("[Urgent] ") if task.urgent else ""
    notify(
        recipients=audience(task, undertaker_people(task)),
        kind="supervision.task_assigned",
        title=_("%(urgent)sNew supervised task %(number)s: %(title)s")
        % {"urgent": urgent, "number": task.number, "title": task.title},
        body="\n".join(lines),
        url=_task_url(task),
        obj=task,
    )
    return task


# --- feedback (S-1…S-4 reports, S-11, S-12, S-13) -------------------------------------------------


def _check_milestone_open(milestone: Milestone) -> None:
    _refuse_if_closed(milestone.task)
    if milestone.task.status == TaskStatus.DRAFT:
        raise DomainError(_("The task has not been assigned yet."))
    if milestone.status != MilestoneStatus.OPEN:
        raise DomainError(_("This milestone is no longer open."))


@transaction.atomic
def draft_feedback(
    *, by: Any, milestone: Milestone, text: str, files: Sequence[UploadedFile] = ()
) -> Feedback:
    """The liaison writes (or rewrites) the report; a returned report is redrafted as a new
    version, the returned one stays on record."""
    _require(by, "supervision.draft_feedback", milestone)
    task = _locked(milestone.task)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    _check_milestone_open(milestone)
    text = _text_required(text, _("Write the report before saving it."))
    current = milestone.feedback.order_by("-version").first()
    if current is not None and current.status in policy.SUBMITTED_STATUSES:
        raise DomainError(_("The report is with the office; wait for its review."))
    if current is not None and current.status == FeedbackStatus.DRAFT:
        current.text = text
        current.drafted_at = clock.now()
        current.author = by
        current.save()
        feedback = current
    else:
        feedback = Feedback.objects.create(
            milestone=milestone,
            version=(current.version + 1) if current else 1,
            text=text,
            author=by,
            drafted_at=clock.now(),
        )
    for upload in files:
        add_attachment(by=by, task=task, upload=upload, feedback=feedback)
    _record(
        by, Actions.FEEDBACK_DRAFTED, task, milestone=milestone.pk, feedback=feedback.pk,
        version=feedback.version, kind=milestone.kind, text=text,
    )  # fmt: skip
    heads = audience(task, [head_of(task.lead_unit)])
    notify(
        recipients=[p for p in heads if p.pk != by.pk],
        kind="supervision.feedback_drafted",
        title=_("Report to sign off: %(number)s %(milestone)s")
        % {"number": task.number, "milestone": milestone.display_label()},
        url=_task_url(task),
        obj=task,
    )
    return feedback


def _locked_feedback(feedback: Feedback) -> Feedback:
    return (
        Feedback.objects.select_for_update().select_related("milestone__task").get(pk=feedback.pk)
    )


@transaction.atomic
def sign_off_feedback(*, by: Any, feedback: Feedback) -> Feedback:
    """S-13: the head of the undertaker checks the report before the office sees it."""
    _require(by, "supervision.sign_off_feedback", feedback)
    feedback = _locked_feedback(feedback)
    milestone = feedback.milestone
    task = _locked(milestone.task)
    _check_milestone_open(milestone)
    if feedback.status != FeedbackStatus.DRAFT:
        raise DomainError(_("Only a draft report can be signed off."))
    checkers = []
    if policy.leader_check_required():
        in_charge = leaders_in_charge_of(task.lead_unit)
        if not in_charge:
            raise DomainError(
                _("The lead undertaker has no leader in charge; the administrator must assign one.")
            )
        checkers = audience(task, in_charge)
        if not checkers:
            # S-13: a confidential task's report is checked only by a leader named on it.
            raise DomainError(
                _("Name the leader in charge on this confidential task so that they can check it.")
            )
    today = clock.today()
    feedback.status = FeedbackStatus.SIGNED_OFF
    feedback.signed_off_by = by
    feedback.signed_off_at = clock.now()
    feedback.submitted_on = today
    # S-11: a report handed in before its deadline is recorded as early.
    feedback.early = milestone.deadline is not None and today < milestone.deadline.due_date
    feedback.save()
    if task.status == TaskStatus.ASSIGNED:
        task.status = TaskStatus.IN_PROGRESS
        task.updated_at = clock.now()
        task.save(update_fields=["status", "updated_at"])
    _record(
        by, Actions.FEEDBACK_SIGNED_OFF, task, milestone=milestone.pk, feedback=feedback.pk,
        version=feedback.version, submitted_on=today, early=feedback.early,
    )  # fmt: skip
    if checkers:
        notify(
            recipients=audience(task, checkers),
            kind="supervision.feedback_to_check",
            title=_("Report to check: %(number)s %(milestone)s")
            % {"number": task.number, "milestone": milestone.display_label()},
            body=feedback.text[:500],
            url=_task_url(task),
            obj=task,
        )
    else:
        _notify_office_of_report(task, milestone, feedback)
    return feedback


@transaction.atomic
def return_draft_feedback(*, by: Any, feedback: Feedback, reason: str) -> Feedback:
    """S-13: the head of the undertaker checks (把关) the liaison's draft and may send it back with
    a reason instead of signing it off; the redraft is a new version (S-12)."""
    _require(by, "supervision.sign_off_feedback", feedback)
    reason = _text_required(reason, _("Say why the report is sent back."))
    feedback = _locked_feedback(feedback)
    milestone = feedback.milestone
    task = _locked(milestone.task)
    _check_milestone_open(milestone)
    if feedback.status != FeedbackStatus.DRAFT:
        raise DomainError(_("Only a draft report can be sent back by the head."))
    feedback.status = FeedbackStatus.RETURNED
    feedback.return_reason = reason
    feedback.save(update_fields=["status", "return_reason"])
    _record(
        by, Actions.FEEDBACK_HEAD_RETURNED, task, milestone=milestone.pk, feedback=feedback.pk,
        version=feedback.version, reason=reason,
    )  # fmt: skip
    liaisons = audience(task, [task.liaison or liaison_of(task.lead_unit), feedback.author])
    notify(
        recipients=[p for p in liaisons if p.pk != by.pk],
        kind="supervision.feedback_returned",
        title=_("Report returned for redrafting: %(number)s %(milestone)s")
        % {"number": task.number, "milestone": milestone.display_label()},
        body=reason,
        url=_task_url(task),
        obj=task,
    )
    return feedback


def _notify_office_of_report(task: Task, milestone: Milestone, feedback: Feedback) -> None:
    notify(
        recipients=audience(task, office_people(task.bureau_id)),
        kind="supervision.feedback_submitted",
        title=_("Report submitted: %(number)s %(milestone)s")
        % {"number": task.number, "milestone": milestone.display_label()},
        body=feedback.text[:500],
        url=_task_url(task),
        obj=task,
    )


@transaction.atomic
def check_feedback(*, by: Any, feedback: Feedback) -> Feedback:
    """S-13: the leader in charge of the lead undertaker confirms the head's report; only then
    does it reach the office's review."""
    _require(by, "supervision.check_feedback", feedback)
    feedback = _locked_feedback(feedback)
    milestone = feedback.milestone
    task = _locked(milestone.task)
    _check_milestone_open(milestone)
    if feedback.status != FeedbackStatus.SIGNED_OFF:
        raise DomainError(_("Only a report signed off by the head can be checked."))
    feedback.status = FeedbackStatus.CHECKED
    feedback.checked_by = by
    feedback.checked_at = clock.now()
    feedback.save()
    _record(
        by, Actions.FEEDBACK_CHECKED, task, milestone=milestone.pk, feedback=feedback.pk,
        version=feedback.version,
    )  # fmt: skip
    _notify_office_of_report(task, milestone, feedback)
    return feedback


@transaction.atomic
def return_checked_feedback(*, by: Any, feedback: Feedback, reason: str) -> Feedback:
    """S-13: the leader in charge sends the report back to the undertaker with a reason; the
    redraft is a new version that goes through the head and the leader again (S-12)."""
    _require(by, "supervision.check_feedback", feedback)
    reason = _text_required(reason, _("Say why the report is sent back."))
    feedback = _locked_feedback(feedback)
    milestone = feedback.milestone
    task = _locked(milestone.task)
    _check_milestone_open(milestone)
    if feedback.status != FeedbackStatus.SIGNED_OFF:
        raise DomainError(_("Only a report signed off by the head can be checked."))
    feedback.status = FeedbackStatus.RETURNED
    feedback.checked_by = by
    feedback.checked_at = clock.now()
    feedback.return_reason = reason
    feedback.save()
    _record(
        by, Actions.FEEDBACK_CHECK_RETURNED, task, milestone=milestone.pk, feedback=feedback.pk,
        version=feedback.version, reason=reason,
    )  # fmt: skip
    notify(
        recipients=audience(
            task, [task.liaison or liaison_of(task.lead_unit), head_of(task.lead_unit)]
        ),
        kind="supervision.feedback_returned",
        title=_("Report returned for redrafting: %(number)s %(milestone)s")
        % {"number": task.number, "milestone": milestone.display_label()},
        body=reason,
        url=_task_url(task),
        obj=task,
    )
    return feedback


def _awaiting_review_message() -> str:
    if policy.leader_check_required():
        return _(
            "Only a report signed off by the head and checked by the leader in charge can be "
            "reviewed."
        )
    return _("Only a report signed off by the head can be reviewed.")


@transaction.atomic
def accept_feedback(*, by: Any, feedback: Feedback) -> Feedback:
    """The office accepts the report: the milestone is met on the day it was handed in."""
    _require(by, "supervision.review_feedback", feedback)
    feedback = _locked_feedback(feedback)
    milestone = Milestone.objects.select_for_update().get(pk=feedback.milestone_id)
    task = _locked(milestone.task)
    _check_milestone_open(milestone)
    if feedback.status != policy.office_review_status():
        raise DomainError(_awaiting_review_message())
    feedback.status = FeedbackStatus.ACCEPTED
    feedback.reviewed_by = by
    feedback.reviewed_at = clock.now()
    feedback.save()
    met_on = feedback.submitted_on or clock.today()
    milestone.status = MilestoneStatus.MET
    milestone.met_on = met_on
    milestone.early = feedback.early
    milestone.save(update_fields=["status", "met_on", "early"])
    if milestone.deadline is not None and milestone.deadline.is_open:
        deadlines.meet_deadline(by=by, deadline=milestone.deadline, on=met_on)
    _record(
        by, Actions.FEEDBACK_ACCEPTED, task, milestone=milestone.pk, feedback=feedback.pk,
        version=feedback.version, met_on=met_on, early=feedback.early,
    )  # fmt: skip
    if milestone.rule_id in REPORTED_TO_LEADERS:
        # S-9: the 2-day report, the 3-day and 4-week written reports go to the director and the
        # leader in charge once the office has accepted them.
        notify(
            recipients=audience(
                task, [director_of(task.bureau_id), *leaders_in_charge_of(task.lead_unit)]
            ),
            kind="supervision.report_to_leaders",
            title=_("%(milestone)s: %(number)s %(title)s")
            % {"milestone": milestone.display_label(), "number": task.number, "title": task.title},
            body=feedback.text[:1000],
            url=_task_url(task),
            obj=task,
        )
    notify(
        recipients=audience(task, undertaker_people(task)),
        kind="supervision.feedback_accepted",
        title=_("Report accepted: %(number)s %(milestone)s")
        % {"number": task.number, "milestone": milestone.display_label()},
        url=_task_url(task),
        obj=task,
    )
    return feedback


@transaction.atomic
def return_feedback(*, by: Any, feedback: Feedback, reason: str) -> Feedback:
    """S-12: a report that does not name people, facts, root causes and effects goes back."""
    _require(by, "supervision.review_feedback", feedback)
    reason = _text_required(
        reason,
        _("Say why the report is returned (people, facts, root causes, effects)."),
    )
    feedback = _locked_feedback(feedback)
    milestone = feedback.milestone
    task = _locked(milestone.task)
    _check_milestone_open(milestone)
    if feedback.status != policy.office_review_status():
        raise DomainError(_awaiting_review_message())
    feedback.status = FeedbackStatus.RETURNED
    feedback.reviewed_by = by
    feedback.reviewed_at = clock.now()
    feedback.return_reason = reason
    feedback.save()
    _record(
        by, Actions.FEEDBACK_RETURNED, task, milestone=milestone.pk, feedback=feedback.pk,
        version=feedback.version, reason=reason,
    )  # fmt: skip
    notify(
        recipients=audience(task, [task.liaison or liaison_of(task.lead_unit)]),
        kind="supervision.feedback_returned",
        title=_("Report returned for redrafting: %(number)s %(milestone)s")
        % {"number": task.number, "milestone": milestone.display_label()},
        body=reason,
        url=_task_url(task),
        obj=task,
    )
    return feedback


# --- plans for major issues (S-4) -----------------------------------------------------------------


def parse_nodes(text: str) -> list[tuple[dt.date, str]]:
    """Lines `YYYY-MM-DD description` → nodes; a clear message for the first bad line."""
    nodes: list[tuple[dt.date, str]] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        head, _sep, rest = line.partition(" ")
        try:
            day = dt.date.fromisoformat(head)
        except ValueError:
            raise DomainError(
                _("Line %(n)d: start with a date like 2026-03-31, then the node.") % {"n": number}
            ) from None
        out_of_range = inputs.date_error(day)
        if out_of_range:
            raise DomainError(_("Line %(n)d: %(error)s") % {"n": number, "error": out_of_range})
        if not rest.strip():
            raise DomainError(_("Line %(n)d: describe the node after its date.") % {"n": number})
        nodes.append((day, rest.strip()))
    return nodes


@transaction.atomic
def submit_plan(
    *, by: Any, task: Task, text: str, nodes: Sequence[tuple[dt.date, str]],
    files: Sequence[UploadedFile] = (),
) -> Plan:  # fmt: skip
    _require(by, "supervision.submit_plan", task)
    task = _locked(task)
    _refuse_if_closed(task)
    if task.issue_kind != IssueKind.MAJOR:
        raise DomainError(_("Only a major issue gets a plan with time nodes."))
    if task.status not in (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS):
        raise DomainError(_("A plan is already awaiting approval or approved."))
    text = _text_required(text, _("Describe the plan."))
    if not nodes:
        raise DomainError(_("A plan needs at least one dated node."))
    cal = current_calendar()
    today = clock.today()
    previous = None
    for day, _description in nodes:
        # S-4: a node is a step still ahead when the plan is written down.
        if day <= today:
            raise DomainError(
                _(
                    "The node date %(day)s must be later than the day the plan is submitted "
                    "(%(today)s)."
                )
                % {"day": day.isoformat(), "today": today.isoformat()},
                code="node_date",
            )
        if previous is not None and day < previous:
            raise DomainError(_("List the nodes in date order."))
        if not cal.is_workday(day):
            raise DomainError(
                _("%(day)s is not a working day; the next is %(next)s.")
                % {"day": day.isoformat(), "next": cal.next_workday(day).isoformat()}
            )
        previous = day
    for _day, description in nodes:
        if len(description) > PlanNode._meta.get_field("description").max_length:
            raise DomainError(_("Describe each node in at most 300 characters."))
    plan = Plan.objects.create(task=task, text=text, submitted_by=by, submitted_at=clock.now())
    for order, (day, description) in enumerate(nodes, start=1):
        PlanNode.objects.create(plan=plan, order=order, due_date=day, description=description)
    for upload in files:
        # S-4: the written plan's materials, checked like every material of the ledger (S-13).
        add_attachment(by=by, task=task, upload=upload, plan=plan)
    task.status = TaskStatus.PLAN_PENDING
    task.updated_at = clock.now()
    task.save(update_fields=["status", "updated_at"])
    _record(
        by, Actions.PLAN_SUBMITTED, task, plan=plan.pk, text=text,
        nodes=[f"{d:%Y-%m-%d} {t}" for d, t in nodes],
    )  # fmt: skip
    notify(
        recipients=audience(task, office_people(task.bureau_id)),
        kind="supervision.plan_submitted",
        title=_("Plan submitted: %(number)s") % {"number": task.number},
        url=_task_url(task),
        obj=task,
    )
    return plan


@transaction.atomic
def forward_plan(*, by: Any, plan: Plan) -> Plan:
    """The office forwards the plan to the director and the leader in charge (S-4, S-9)."""
    _require(by, "supervision.forward_plan", plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    task = _locked(plan.task)
    if plan.status != PlanStatus.SUBMITTED:
        raise DomainError(_("Only a submitted plan can be forwarded."))
    plan.status = PlanStatus.FORWARDED
    plan.forwarded_by = by
    plan.save()
    _record(by, Actions.PLAN_FORWARDED, task, plan=plan.pk)
    notify(
        recipients=audience(
            task, [director_of(task.bureau_id), *leaders_in_charge_of(task.lead_unit)]
        ),
        kind="supervision.plan_forwarded",
        title=_("Plan awaiting your approval: %(number)s %(title)s")
        % {"number": task.number, "title": task.title},
        body=plan.text[:500],
        url=_task_url(task),
        obj=task,
    )
    return plan


@transaction.atomic
def approve_plan(*, by: Any, plan: Plan) -> Plan:
    """S-4: the director and the leader in charge both approve; then each node is a milestone."""
    _require(by, "supervision.approve_plan", plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    task = _locked(plan.task)
    if plan.status != PlanStatus.FORWARDED:
        raise DomainError(_("Only a plan forwarded by the office can be approved."))
    now = clock.now()
    roles = []
    if has_role(by, Role.DIRECTOR, bureau_id=task.bureau_id) and not plan.director_approved_by_id:
        plan.director_approved_by, plan.director_approved_at = by, now
        roles.append("director")
    if task.lead_unit_id in units_in_charge(by) and not plan.leader_approved_by_id:
        plan.leader_approved_by, plan.leader_approved_at = by, now
        roles.append("leader_in_charge")
    if not roles:
        raise DomainError(_("You have already approved this plan."))
    if not leaders_in_charge_of(task.lead_unit) and not plan.leader_approved_by_id:
        raise DomainError(
            _("The lead undertaker has no leader in charge; the administrator must assign one.")
        )
    _record(by, Actions.PLAN_APPROVAL, task, plan=plan.pk, roles=roles)
    if plan.director_approved_by_id and plan.leader_approved_by_id:
        plan.status = PlanStatus.APPROVED
        today = clock.today()
        # The 4-week result gives way to the approved nodes.
        for milestone in task.milestones.filter(
            kind=MilestoneKind.RESULT, status=MilestoneStatus.OPEN
        ):
            _cancel_milestone(by, milestone)
        base = task.milestones.count() * 10 + 100
        # S-4: each node's clock runs from the day the plan was submitted to the node's own date,
        # so a node that passed while the plan awaited approval is overdue at once, its lateness
        # counted from its date. A node the calendar has since made a day off moves to the next
        # working day (the rule for every deadline).
        cal = current_calendar()
        submitted_on = min(clock.local(plan.submitted_at).date(), today)
        for node in plan.nodes.all():
            due = (
                node.due_date if cal.is_workday(node.due_date) else cal.next_workday(node.due_date)
            )
            node.milestone = _open_milestone(
                by, task, kind=MilestoneKind.PLAN_NODE, rule_id="S-4", order=base + node.order,
                start=min(submitted_on, due), due_date=due,
                label=_("Plan node %(n)d: %(text)s") % {"n": node.order, "text": node.description},
            )  # fmt: skip
            node.save(update_fields=["milestone"])
        task.status = TaskStatus.PLAN_APPROVED
        task.updated_at = now
        task.save(update_fields=["status", "updated_at"])
        _record(by, Actions.PLAN_APPROVED, task, plan=plan.pk)
        notify(
            recipients=audience(task, [*undertaker_people(task), *office_people(task.bureau_id)]),
            kind="supervision.plan_approved",
            title=_("Plan approved: %(number)s %(title)s")
            % {"number": task.number, "title": task.title},
            url=_task_url(task),
            obj=task,
        )
    plan.save()
    return plan


@transaction.atomic
def return_plan(*, by: Any, plan: Plan, reason: str) -> Plan:
    if not (
        by.has_perm("supervision.approve_plan", plan)
        or by.has_perm("supervision.forward_plan", plan)
    ):
        raise PermissionDenied()
    reason = _text_required(reason, _("Say why the plan is returned."))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    task = _locked(plan.task)
    if plan.status not in (PlanStatus.SUBMITTED, PlanStatus.FORWARDED):
        raise DomainError(_("This plan is no longer awaiting a decision."))
    plan.status = PlanStatus.RETURNED
    plan.return_reason = reason
    plan.save()
    task.status = TaskStatus.IN_PROGRESS
    task.updated_at = clock.now()
    task.save(update_fields=["status", "updated_at"])
    _record(by, Actions.PLAN_RETURNED, task, plan=plan.pk, reason=reason)
    notify(
        recipients=audience(task, undertaker_people(task)),
        kind="supervision.plan_returned",
        title=_("Plan returned: %(number)s") % {"number": task.number},
        body=reason,
        url=_task_url(task),
        obj=task,
    )
    return plan


# --- closing (S-5) --------------------------------------------------------------------------------


def _cancel_milestone(by: Any, milestone: Milestone) -> None:
    milestone.status = MilestoneStatus.CANCELLED
    milestone.save(update_fields=["status"])
    if milestone.deadline is not None and milestone.deadline.is_open:
        deadlines.cancel_deadline(by=by, deadline=milestone.deadline)


@transaction.atomic
def close_task(*, by: Any, task: Task, result: str, reason: str = "") -> Task:
    """S-5: nothing closes without a result. Closing never hides lateness (S-5, S-8, S-14): a
    report still owed is recorded as missed — late in every figure — which needs an explicit
    reason, and the task's open phone reminders and key-list entries end with that outcome."""
    from zhengwu.supervision.owner import TASK_SUBJECT
    from zhengwu.warnings import services as follow_ups

    _require(by, "supervision.close_task", task)
    result = _text_required(result, _("Nothing closes without a result: write the result."))
    task = _locked(task)
    if task.status not in OPEN_STATUSES:
        raise DomainError(_("Only an open task can be closed."))
    if Feedback.objects.filter(milestone__task=task, status__in=policy.SUBMITTED_STATUSES).exists():
        raise DomainError(_("A report is awaiting the office's review; accept or return it first."))
    owed = list(task.milestones.filter(status=MilestoneStatus.OPEN).select_related("deadline"))
    reason = (reason or "").strip()
    if owed and not reason:
        raise DomainError(
            _(
                "%(n)d report(s) are still owed (%(items)s): they will count as missed. "
                "Give the reason for closing the task without them."
            )
            % {"n": len(owed), "items": "、".join(str(m.display_label()) for m in owed)},
            code="reason",
        )
    for milestone in owed:
        milestone.status = MilestoneStatus.MISSED
        milestone.save(update_fields=["status"])
        if milestone.deadline is not None and milestone.deadline.is_open:
            deadlines.cancel_deadline(by=by, deadline=milestone.deadline)  # the clock stops
    before = task.status
    task.status = TaskStatus.CLOSED
    task.result = result
    task.closing_reason = reason if owed else ""
    task.closed_on = clock.today()
    task.updated_at = clock.now()
    task.save()
    _record(
        by, Actions.TASK_CLOSED, task, before=before, result=result, closed_on=task.closed_on,
        **({"reason": reason, "missed": [str(m.display_label()) for m in owed]} if owed else {}),
    )  # fmt: skip
    outcome = _("Task closed: %(result)s") % {"result": result}
    if owed:
        outcome += "\n" + _("Closed with reports missing: %(reason)s") % {"reason": reason}
    follow_ups.resolve_subject(
        by=by, subject_type=TASK_SUBJECT, subject_id=str(task.pk), outcome=outcome
    )
    notify(
        recipients=audience(task, undertaker_people(task)),
        kind="supervision.task_closed",
        title=_("Task closed: %(number)s %(title)s") % {"number": task.number, "title": task.title},
        body=result[:500],
        url=_task_url(task),
        obj=task,
    )
    return task


@transaction.atomic
def reopen_task(*, by: Any, task: Task, reason: str) -> Task:
    _require(by, "supervision.reopen_task", task)
    reason = _text_required(reason, _("Say why the task is reopened."))
    task = _locked(task)
    if task.status != TaskStatus.CLOSED:
        raise DomainError(_("Only a closed task can be reopened."))
    task.status = TaskStatus.IN_PROGRESS
    task.closed_on = None
    previous_result = task.result
    task.result = ""
    task.closing_reason = ""
    task.updated_at = clock.now()
    task.save()
    # S-5: the reopened task owes its reports again, with deadlines counted from today by the
    # working-day engine under the current time limits, so the S-8 sweep watches them again.
    day = clock.today()
    base = (task.milestones.aggregate(top=Max("order"))["top"] or 0) + 10
    lines = []
    for step, rule in enumerate(policy.reopen_milestone_rules(task.issue_kind)):
        milestone = _open_milestone(
            by, task, kind=rule.kind, rule_id=rule.rule_id, order=base + step * 10, start=day
        )
        lines.append(f"{milestone.display_label()}：{milestone.deadline.due_date:%Y-%m-%d}")
    _record(
        by, Actions.TASK_REOPENED, task, reason=reason, previous_result=previous_result,
        milestones=lines,
    )  # fmt: skip
    notify(
        recipients=audience(task, undertaker_people(task)),
        kind="supervision.task_reopened",
        title=_("Task reopened: %(number)s %(title)s")
        % {"number": task.number, "title": task.title},
        body="\n".join([reason, *lines]),
        url=_task_url(task),
        obj=task,
    )
    return task


# --- editing a task -------------------------------------------------------------------------------

EDITED_FIELDS = [
    "title", "content", "issue_kind", "urgent", "instructing_leader", "lead_unit", "confidential",
]  # fmt: skip


def _task_state(task: Task) -> dict[str, Any]:
    return {
        **audit.snapshot(task, EDITED_FIELDS),
        "co_units": sorted(task.co_units.values_list("pk", flat=True)),
        "named_readers": sorted(task.named_readers.values_list("pk", flat=True)),
    }


def _change_issue_kind(by: Any, task: Task, new_kind: str) -> list[str]:
    """Swap the milestones the issue kind decides (S-3's 3-day report ↔ S-4's 4-week result).

    The new milestone counts from the day the task was assigned, as if the task had been of its
    new kind from the start; the deployment and progress milestones do not depend on the kind
    and keep their deadlines. Refused once the replaced report has feedback or a plan exists,
    because that work was done under the old kind.
    """
    if task.status == TaskStatus.DRAFT:
        return []
    if task.status not in (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS) or task.plans.exists():
        raise DomainError(_("The issue kind cannot change once a plan has been submitted."))
    old_rules = {r.rule_id for r in policy.milestone_rules_for(task.issue_kind)}
    new_rules = [r for r in policy.milestone_rules_for(new_kind) if r.rule_id not in old_rules]
    dropped = old_rules - {r.rule_id for r in policy.milestone_rules_for(new_kind)}
    replaced = task.milestones.filter(rule_id__in=dropped, status=MilestoneStatus.OPEN)
    if Feedback.objects.filter(milestone__in=replaced).exists():
        raise DomainError(
            _("The issue kind cannot change: the undertaker has already reported on %(m)s.")
            % {"m": ", ".join(str(m.display_label()) for m in replaced)}
        )
    if task.milestones.filter(rule_id__in=dropped, status=MilestoneStatus.MET).exists():
        raise DomainError(_("The issue kind cannot change: its report has already been accepted."))
    for milestone in replaced:
        _cancel_milestone(by, milestone)
    start = task.assigned_on or clock.today()
    base = (task.milestones.aggregate(top=Max("order"))["top"] or 0) + 10
    lines = []
    for step, rule in enumerate(new_rules):
        milestone = _open_milestone(
            by, task, kind=rule.kind, rule_id=rule.rule_id, order=base + step * 10, start=start
        )
        lines.append(f"{milestone.display_label()}：{milestone.deadline.due_date:%Y-%m-%d}")
    return lines


@transaction.atomic
def edit_task(
    *, by: Any, task: Task, data: TaskInput, expected_revision: int | None = None
) -> Task:
    """The office corrects a task after it was recorded (not after closing: S-5). The audit event
    lists the changed fields only; a new lead undertaker brings its own head and liaison (S-6).

    ``expected_revision`` is the revision the editor started from: when someone else saved the task
    since, the edit is refused (nothing overwritten silently; the row is locked while checking)."""
    _require(by, "supervision.edit_task", task)
    task = _locked(task)
    if expected_revision is not None and expected_revision != task.revision:
        raise Conflict(
            _(
                "This task was changed by someone else since you opened it; reload the page "
                "and edit again."
            )
        )
    _refuse_if_closed(task)
    bureau = Bureau.objects.get(pk=task.bureau_id)
    _validate(bureau, data)
    before = _task_state(task)
    old_people = {p.pk for p in undertaker_people(task)}
    lines: list[str] = []
    if data.issue_kind != task.issue_kind:
        lines = _change_issue_kind(by, task, data.issue_kind)
    task.title = data.title.strip()
    task.content = data.content.strip()
    task.issue_kind = data.issue_kind
    task.urgent = data.urgent
    task.instructing_leader = data.instructing_leader
    task.lead_unit = data.lead_unit
    task.confidential = data.confidential
    if task.status != TaskStatus.DRAFT:
        task.responsible_person = head_of(task.lead_unit)
        task.liaison = liaison_of(task.lead_unit)
    task.co_units.set(list(data.co_units))
    if data.confidential:
        task.named_readers.set([*data.named_readers, by])
    else:
        task.named_readers.clear()
    after = _task_state(task)
    old, new = audit.changed(before, after)
    if not new:
        raise DomainError(_("Nothing was changed."), code="unchanged")
    task.updated_at = clock.now()
    task.revision += 1
    task.save()
    audit.record(
        actor=by, action=Actions.TASK_EDITED, obj=task, before=old,
        after={**new, "fields": sorted(new), **({"milestones": lines} if lines else {})},
    )  # fmt: skip
    if task.status != TaskStatus.DRAFT:
        newcomers = [p for p in undertaker_people(task) if p.pk not in old_people]
        everyone = [p for p in undertaker_people(task) if p.pk in old_people]
        urgent = _("[Urgent] ") if task.urgent else ""
        notify(
            recipients=audience(task, newcomers),
            kind="supervision.task_assigned",
            title=_("%(urgent)sNew supervised task %(number)s: %(title)s")
            % {"urgent": urgent, "number": task.number, "title": task.title},
            body="\n".join(lines),
            url=_task_url(task),
            obj=task,
        )
        notify(
            recipients=audience(task, everyone),
            kind="supervision.task_edited",
            title=_("Task changed: %(number)s %(title)s")
            % {"number": task.number, "title": task.title},
            body="\n".join(lines),
            url=_task_url(task),
            obj=task,
        )
    return task


# --- materials (S-13) -----------------------------------------------------------------------------


@transaction.atomic
def add_attachment(
    *, by: Any, task: Task, upload: UploadedFile, feedback: Feedback | None = None,
    plan: Plan | None = None,
) -> Attachment:  # fmt: skip
    _require(by, "supervision.add_attachment", task)
    _refuse_if_closed(task)
    limit = policy.max_upload_bytes()
    if upload.size is None or upload.size > limit:
        raise DomainError(
            _("%(name)s is larger than %(mb)d MB.")
            % {"name": upload.name, "mb": limit // (1024 * 1024)}
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in policy.ALLOWED_MIME_TYPES:
        raise DomainError(
            _("%(name)s is not a PDF, Word, Excel or image file.") % {"name": upload.name}
        )
    attachment = Attachment(
        task=task,
        feedback=feedback,
        plan=plan,
        original_name=(upload.name or "file")[:200],
        content_type=kind.mime,
        size=upload.size,
        uploaded_by=by,
        uploaded_at=clock.now(),
    )
    attachment.file.save(attachment.original_name, upload, save=False)
    attachment.save()
    _record(
        by, Actions.ATTACHMENT_ADDED, task, attachment=attachment.pk,
        name=attachment.original_name, size=attachment.size,
        feedback=feedback.pk if feedback else None, plan=plan.pk if plan else None,
    )  # fmt: skip
    return attachment


# --- leaders' remarks (批示 / 阅示, S-9, S-10) ---------------------------------------------------


def remark_text(kind: str, text: str) -> str:
    """批示 needs words; 阅示 may be a bare "read" (recorded as 已阅)."""
    from zhengwu.supervision.models import RemarkKind

    if kind not in RemarkKind.values:
        raise DomainError(_("Choose an instruction or read-and-noted."), code="kind")
    text = (text or "").strip()
    if kind == RemarkKind.INSTRUCTION and not text:
        raise DomainError(_("Write the instruction."), code="required")
    return text or _("Read.")


@transaction.atomic
def record_remark(*, by: Any, task: Task, kind: str, text: str, plan: Plan | None = None) -> Any:
    """S-9, S-10: the director or a leader writes 批示 / 阅示 on a task (or one of its plans); it is
    recorded on the task's timeline and sent to the undertaker's liaison and head and the office."""
    from zhengwu.supervision.models import LeaderRemark

    _require(by, "supervision.remark_task", task)
    text = remark_text(kind, text)
    task = _locked(task)
    if plan is not None and plan.task_id != task.pk:
        raise DomainError(_("The plan belongs to another task."), code="plan")
    remark = LeaderRemark.objects.create(
        task=task, plan=plan, leader=by, kind=kind, text=text, created_at=clock.now()
    )
    _record(
        by, Actions.LEADER_REMARK, task, remark=remark.pk, kind=kind, text=text,
        plan=plan.pk if plan else None,
    )  # fmt: skip
    people = [task.liaison or liaison_of(task.lead_unit), head_of(task.lead_unit)]
    notify(
        recipients=[
            p for p in audience(task, [*people, *office_people(task.bureau_id)]) if p.pk != by.pk
        ],
        kind="supervision.leader_remark",
        title=_("%(leader)s wrote %(kind)s on %(number)s %(title)s")
        % {"leader": by, "kind": remark.get_kind_display(), "number": task.number,
           "title": task.title},
        body=text,
        url=_task_url(task),
        obj=task,
    )  # fmt: skip
    return remark
