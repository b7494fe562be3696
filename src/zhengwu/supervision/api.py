"""/api/v1/supervision — meetings, tasks, milestones and feedback, through the same services and
permission checks as the pages (S-7, S-13)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from zhengwu.api.types import ErrorOut, Id, IdList, PlausibleDate, column, words
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.org.models import Bureau, OrgUnit, Person
from zhengwu.supervision import rules, selectors, services
from zhengwu.supervision.models import Feedback, Meeting, Milestone, Plan, PlanNode, Task

router = Router(tags=["supervision"])


class MeetingIn(Schema):
    meeting_type: column(Meeting, "meeting_type")
    held_on: PlausibleDate
    title: column(Meeting, "title", min_length=1)
    minutes: column(Meeting, "minutes") = ""


class MeetingOut(Schema):
    id: int
    meeting_type: str
    held_on: dt.date
    title: str
    minutes: str


class TaskIn(Schema):
    title: column(Task, "title", min_length=1)
    content: column(Task, "content") = ""
    lead_unit_id: Id
    co_unit_ids: IdList = []
    instructing_leader_id: Id
    issue_kind: column(Task, "issue_kind") = "general"
    urgent: bool = False
    confidential: bool = False
    named_reader_ids: IdList = []
    meeting_id: Id | None = None
    # The day the task was assigned when it is recorded later (as the ledger import allows): the
    # S-1…S-4 clocks count from it. Default: today.
    assigned_on: dt.date | None = None


class TaskEditIn(Schema):
    """Fields to change; a field left out keeps its value."""

    title: column(Task, "title", min_length=1) | None = None
    content: column(Task, "content") | None = None
    lead_unit_id: Id | None = None
    co_unit_ids: IdList | None = None
    instructing_leader_id: Id | None = None
    issue_kind: column(Task, "issue_kind") | None = None
    urgent: bool | None = None
    confidential: bool | None = None
    named_reader_ids: IdList | None = None
    # the task's revision the client read (TaskOut.revision); when given and someone else changed
    # the task since, the edit is refused with 409 and nothing is written
    revision: int | None = None


class MilestoneOut(Schema):
    id: int
    kind: str
    rule_id: str
    label: str
    status: str
    due_date: dt.date | None
    explanation: str
    warning_level: int
    met_on: dt.date | None
    early: bool


class TaskOut(Schema):
    id: int
    number: str
    title: str
    content: str
    source_kind: str
    source: str
    issue_kind: str
    urgent: bool
    confidential: bool
    status: str
    instructing_leader: str
    lead_unit: str
    co_units: list[str]
    assigned_on: dt.date | None
    result: str
    revision: int


class FeedbackIn(Schema):
    text: column(Feedback, "text")


class ReasonIn(Schema):
    # a return reason (feedback, plan) or a reopening reason, kept in the audit log and the text
    # columns of feedback and plans
    reason: column(Feedback, "return_reason")


class ResultIn(Schema):
    result: column(Task, "result")
    # S-5: required when reports are still owed (they are recorded as missed).
    reason: column(Task, "closing_reason") = ""


class FeedbackOut(Schema):
    id: int
    milestone_id: Id
    version: int
    status: str
    text: str
    submitted_on: dt.date | None
    early: bool
    return_reason: str


def _task_out(task: Task) -> dict[str, object]:
    return {
        "id": task.pk,
        "number": task.number,
        "title": task.title,
        "content": task.content,
        "source_kind": task.source_kind,
        "source": task.source_label(),
        "issue_kind": task.issue_kind,
        "urgent": task.urgent,
        "confidential": task.confidential,
        "status": task.status,
        "instructing_leader": str(task.instructing_leader),
        "lead_unit": str(task.lead_unit),
        "co_units": [str(u) for u in task.co_units.all()],
        "assigned_on": task.assigned_on,
        "result": task.result,
        "revision": task.revision,
    }


def _milestone_out(m: Milestone) -> dict[str, object]:
    d = m.deadline
    return {
        "id": m.pk,
        "kind": m.kind,
        "rule_id": m.rule_id,
        "label": m.display_label(),
        "status": m.status,
        "due_date": d.due_date if d else None,
        "explanation": d.explain() if d else "",
        "warning_level": d.warning_level if d else 0,
        "met_on": m.met_on,
        "early": m.early,
    }


def _task(request: HttpRequest, pk: int) -> Task:
    task = selectors.visible_tasks(request.auth).filter(pk=pk).first()
    if task is None:
        # S-13: a task the caller may not see is indistinguishable from one that does not exist.
        raise Http404
    return task


def _bureau(request: HttpRequest) -> Bureau:
    bureau_id = selectors.bureau_of(request.auth)
    if bureau_id is None:
        raise PermissionDenied()
    return get_object_or_404(Bureau, pk=bureau_id)


def _require(request: HttpRequest, perm: str, obj: object = None) -> None:
    if not request.auth.has_perm(perm, obj):
        raise PermissionDenied(rules.refusal_message(request.auth, perm, obj) or "")


@router.get("/meetings", response=list[MeetingOut])
def list_meetings(request: HttpRequest) -> list[Meeting]:
    _require(request, "supervision.view_ledger")
    return list(Meeting.objects.filter(bureau_id=selectors.bureau_of(request.auth))[:500])


@router.post("/meetings", response={201: MeetingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def create_meeting(request: HttpRequest, payload: MeetingIn) -> Status:
    meeting = services.record_meeting(by=request.auth, bureau=_bureau(request), **payload.dict())
    return Status(201, meeting)


class TaskFilter(Schema):
    q: words(200) = ""
    unit: Id | None = None
    leader: Id | None = None
    source: words(20) = ""
    status: words(20) = ""
    due_from: PlausibleDate | None = None
    due_to: PlausibleDate | None = None
    urgent: bool | None = None
    warning: Annotated[int, Field(ge=0, le=32767)] | None = None
    sort: words(40) = "-number"


@router.get("/tasks", response=list[TaskOut])
def list_tasks(request: HttpRequest, filters: Query[TaskFilter]) -> list[dict[str, object]]:
    """The ledger as the caller may see it (S-7); confidential tasks only for named people."""
    _require(request, "supervision.view_ledger")
    tasks = selectors.ledger(request.auth, selectors.LedgerFilter(**filters.dict()))
    return [_task_out(t) for t in tasks[:1000]]


@router.post("/tasks", response={201: TaskOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def create_task(request: HttpRequest, payload: TaskIn) -> Status:
    # The permission first: whoever may not create tasks learns nothing of the units or leaders.
    _require(request, "supervision.manage_ledger")
    bureau = _bureau(request)
    units = OrgUnit.objects.filter(bureau=bureau)
    lead = units.filter(pk=payload.lead_unit_id).first()
    leader = Person.objects.filter(pk=payload.instructing_leader_id, bureau=bureau).first()
    if lead is None or leader is None:
        raise DomainError(_("Unknown lead undertaker or instructing leader."))
    meeting = None
    if payload.meeting_id is not None:
        meeting = get_object_or_404(Meeting, pk=payload.meeting_id, bureau=bureau)
    task = services.create_task(
        by=request.auth,
        bureau=bureau,
        meeting=meeting,
        data=services.TaskInput(
            title=payload.title,
            content=payload.content,
            lead_unit=lead,
            instructing_leader=leader,
            co_units=list(units.filter(pk__in=payload.co_unit_ids)),
            issue_kind=payload.issue_kind,
            urgent=payload.urgent,
            confidential=payload.confidential,
            named_readers=list(Person.objects.filter(pk__in=payload.named_reader_ids)),
            assigned_on=payload.assigned_on,
        ),
    )
    return Status(201, _task_out(task))


@router.get("/tasks/{task_id}", response={200: TaskOut, 404: ErrorOut})
def get_task(request: HttpRequest, task_id: Id) -> dict[str, object]:
    return _task_out(_task(request, task_id))


@router.get("/tasks/{task_id}/milestones", response={200: list[MilestoneOut], 404: ErrorOut})
def task_milestones(request: HttpRequest, task_id: Id) -> list[dict[str, object]]:
    task = _task(request, task_id)
    return [_milestone_out(m) for m in task.milestones.select_related("deadline")]


@router.post(
    "/tasks/{task_id}/close", response={200: TaskOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
)
def close_task(request: HttpRequest, task_id: Id, payload: ResultIn) -> dict[str, object]:
    task = services.close_task(
        by=request.auth, task=_task(request, task_id), result=payload.result, reason=payload.reason
    )
    return _task_out(task)


@router.post(
    "/tasks/{task_id}/reopen", response={200: TaskOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
)
def reopen_task(request: HttpRequest, task_id: Id, payload: ReasonIn) -> dict[str, object]:
    task = services.reopen_task(
        by=request.auth, task=_task(request, task_id), reason=payload.reason
    )
    return _task_out(task)


@router.patch(
    "/tasks/{task_id}",
    response={200: TaskOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def edit_task(request: HttpRequest, task_id: Id, payload: TaskEditIn) -> dict[str, object]:
    """The office corrects a recorded task (not after closing); same rules as the page."""
    task = _task(request, task_id)
    _require(request, "supervision.edit_task", task)
    units = OrgUnit.objects.filter(bureau_id=task.bureau_id)
    people = Person.objects.filter(bureau_id=task.bureau_id)
    lead = task.lead_unit
    if payload.lead_unit_id is not None:
        lead = units.filter(pk=payload.lead_unit_id).first()
    leader = task.instructing_leader
    if payload.instructing_leader_id is not None:
        leader = people.filter(pk=payload.instructing_leader_id).first()
    if lead is None or leader is None:
        raise DomainError(_("Unknown lead undertaker or instructing leader."))
    co_units = list(task.co_units.all())
    if payload.co_unit_ids is not None:
        co_units = list(units.filter(pk__in=payload.co_unit_ids))
    named = list(task.named_readers.all())
    if payload.named_reader_ids is not None:
        named = list(people.filter(pk__in=payload.named_reader_ids))

    def pick(value: object, current: object) -> object:
        return current if value is None else value

    data = services.TaskInput(
        title=str(pick(payload.title, task.title)),
        content=str(pick(payload.content, task.content)),
        lead_unit=lead,
        instructing_leader=leader,
        co_units=co_units,
        issue_kind=str(pick(payload.issue_kind, task.issue_kind)),
        urgent=bool(pick(payload.urgent, task.urgent)),
        confidential=bool(pick(payload.confidential, task.confidential)),
        named_readers=named,
    )
    return _task_out(
        services.edit_task(
            by=request.auth, task=task, data=data, expected_revision=payload.revision
        )
    )


@router.get("/milestones/{milestone_id}/feedback", response={200: list[FeedbackOut], 404: ErrorOut})
def list_feedback(request: HttpRequest, milestone_id: Id) -> list[Feedback]:
    milestone = get_object_or_404(Milestone, pk=milestone_id)
    _task(request, milestone.task_id)
    return list(milestone.feedback.all())


@router.post(
    "/milestones/{milestone_id}/feedback",
    response={201: FeedbackOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def draft_feedback(request: HttpRequest, milestone_id: Id, payload: FeedbackIn) -> Status:
    milestone = get_object_or_404(Milestone, pk=milestone_id)
    _task(request, milestone.task_id)
    return Status(
        201, services.draft_feedback(by=request.auth, milestone=milestone, text=payload.text)
    )


def _feedback(request: HttpRequest, feedback_id: Id) -> Feedback:
    feedback = get_object_or_404(Feedback.objects.select_related("milestone"), pk=feedback_id)
    _task(request, feedback.milestone.task_id)
    return feedback


@router.post(
    "/feedback/{feedback_id}/sign-off",
    response={200: FeedbackOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def sign_off(request: HttpRequest, feedback_id: Id) -> Feedback:
    return services.sign_off_feedback(by=request.auth, feedback=_feedback(request, feedback_id))


class TaskRemarkIn(Schema):
    kind: str = Field(max_length=12)
    text: str = Field(default="", max_length=10000)
    plan_id: Id | None = None


class TaskRemarkOut(Schema):
    id: int
    task_id: Id
    plan_id: Id | None
    kind: str
    text: str
    leader_id: Id
    created_at: dt.datetime


@router.post(
    "/tasks/{task_id}/remarks",
    response={200: TaskRemarkOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def remark(request: HttpRequest, task_id: Id, payload: TaskRemarkIn) -> Any:
    """S-9, S-10: the director or a leader writes 批示 / 阅示 on a task or one of its plans."""
    task = _task(request, task_id)
    plan = None
    if payload.plan_id is not None:
        plan = get_object_or_404(task.plans.all(), pk=payload.plan_id)
    return services.record_remark(
        by=request.auth, task=task, plan=plan, kind=payload.kind, text=payload.text
    )


@router.post(
    "/feedback/{feedback_id}/head-return",
    response={200: FeedbackOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def head_return(request: HttpRequest, feedback_id: Id, payload: ReasonIn) -> Feedback:
    """S-13: the head of the undertaker sends the liaison's draft back with a reason."""
    return services.return_draft_feedback(
        by=request.auth, feedback=_feedback(request, feedback_id), reason=payload.reason
    )


@router.post(
    "/feedback/{feedback_id}/check",
    response={200: FeedbackOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def check(request: HttpRequest, feedback_id: Id) -> Feedback:
    """S-13: the leader in charge of the lead undertaker confirms the head's report."""
    return services.check_feedback(by=request.auth, feedback=_feedback(request, feedback_id))


@router.post(
    "/feedback/{feedback_id}/check-return",
    response={200: FeedbackOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def check_return(request: HttpRequest, feedback_id: Id, payload: ReasonIn) -> Feedback:
    """S-13: the leader in charge sends the report back to the undertaker with a reason."""
    return services.return_checked_feedback(
        by=request.auth, feedback=_feedback(request, feedback_id), reason=payload.reason
    )


@router.post(
    "/feedback/{feedback_id}/accept",
    response={200: FeedbackOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def accept(request: HttpRequest, feedback_id: Id) -> Feedback:
    return services.accept_feedback(by=request.auth, feedback=_feedback(request, feedback_id))


@router.post(
    "/feedback/{feedback_id}/return",
    response={200: FeedbackOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def return_(request: HttpRequest, feedback_id: Id, payload: ReasonIn) -> Feedback:
    return services.return_feedback(
        by=request.auth, feedback=_feedback(request, feedback_id), reason=payload.reason
    )


# --- S-4: the plan with time nodes for a major issue ---------------------------------------------


class PlanNodeIn(Schema):
    due_date: PlausibleDate
    description: column(PlanNode, "description", min_length=1)


class PlanIn(Schema):
    text: Annotated[str, Field(max_length=20_000)]
    nodes: Annotated[list[PlanNodeIn], Field(max_length=100)]


class PlanNodeOut(Schema):
    order: int
    due_date: dt.date
    description: str
    milestone_id: int | None


class PlanOut(Schema):
    id: int
    task_id: int
    status: str
    text: str
    submitted_at: dt.datetime
    director_approved_at: dt.datetime | None
    leader_approved_at: dt.datetime | None
    return_reason: str
    nodes: list[PlanNodeOut]


def _plan_out(plan: Plan) -> dict[str, object]:
    return {
        "id": plan.pk,
        "task_id": plan.task_id,
        "status": plan.status,
        "text": plan.text,
        "submitted_at": plan.submitted_at,
        "director_approved_at": plan.director_approved_at,
        "leader_approved_at": plan.leader_approved_at,
        "return_reason": plan.return_reason,
        "nodes": [
            {"order": n.order, "due_date": n.due_date, "description": n.description,
             "milestone_id": n.milestone_id}
            for n in plan.nodes.all()
        ],
    }  # fmt: skip


def _plan(request: HttpRequest, plan_id: int) -> Plan:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    _task(request, plan.task_id)  # a plan of a task the caller may not see does not exist
    return plan


@router.get("/tasks/{task_id}/plans", response={200: list[PlanOut], 404: ErrorOut})
def list_plans(request: HttpRequest, task_id: Id) -> list[dict[str, object]]:
    task = _task(request, task_id)
    return [_plan_out(p) for p in task.plans.prefetch_related("nodes")]


@router.post(
    "/tasks/{task_id}/plans",
    response={201: PlanOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def submit_plan(request: HttpRequest, task_id: Id, payload: PlanIn) -> Status:
    """S-4: the lead undertaker submits the plan; each node must fall on a working day."""
    plan = services.submit_plan(
        by=request.auth,
        task=_task(request, task_id),
        text=payload.text,
        nodes=[(n.due_date, n.description.strip()) for n in payload.nodes],
    )
    return Status(201, _plan_out(plan))


@router.post(
    "/plans/{plan_id}/forward", response={200: PlanOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
)
def forward_plan(request: HttpRequest, plan_id: Id) -> dict[str, object]:
    return _plan_out(services.forward_plan(by=request.auth, plan=_plan(request, plan_id)))


@router.post(
    "/plans/{plan_id}/approve", response={200: PlanOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
)
def approve_plan(request: HttpRequest, plan_id: Id) -> dict[str, object]:
    """S-4: the director and the leader in charge each approve; then the nodes are milestones."""
    return _plan_out(services.approve_plan(by=request.auth, plan=_plan(request, plan_id)))


@router.post(
    "/plans/{plan_id}/return", response={200: PlanOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
)
def return_plan(request: HttpRequest, plan_id: Id, payload: ReasonIn) -> dict[str, object]:
    plan = services.return_plan(
        by=request.auth, plan=_plan(request, plan_id), reason=payload.reason
    )
    return _plan_out(plan)
