"""Read side of the ledger. `visible_tasks` is the one place that decides who sees which task
(S-7, S-13); lists, search, counts, exports, the API and the deadline registry all use it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from zhengwu.audit.models import Event
from zhengwu.org.models import OrgUnit, Person, Role
from zhengwu.org.selectors import active_assignments, units_headed_or_liaised, units_in_charge
from zhengwu.supervision import policy
from zhengwu.supervision.models import (
    OPEN_STATUSES,
    Feedback,
    FeedbackStatus,
    Milestone,
    MilestoneStatus,
    Task,
    TaskStatus,
)

# S-7: the office, the supervision office and the leaders follow the whole ledger.
LEDGER_WIDE_ROLES = (
    Role.OFFICE_STAFF,
    Role.SUPERVISION_STAFF,
    Role.DIRECTOR,
    Role.LEADER_IN_CHARGE,
)


def ledger_wide_bureaus(person: Person) -> set[int]:
    return {a.bureau_id for a in active_assignments(person) if a.role in LEDGER_WIDE_ROLES}


def visible_tasks(person: Any) -> QuerySet[Task]:
    """Every task `person` may see.

    S-7: ledger-wide roles see every non-confidential task of their bureau (drafts included);
    a section or unit's head and liaison see the assigned tasks their unit undertakes (lead or co).
    S-13: a confidential task is seen only by the people named on it — nobody else, whatever
    their role.
    """
    if person is None or not getattr(person, "is_authenticated", False) or not person.is_active:
        return Task.objects.none()
    wide = ledger_wide_bureaus(person)
    units = units_headed_or_liaised(person)
    open_to_role = Q(bureau_id__in=wide) | (
        ~Q(status=TaskStatus.DRAFT) & (Q(lead_unit_id__in=units) | Q(co_units__in=units))
    )
    named = Task.named_readers.through.objects.filter(task_id=OuterRef("pk"), person_id=person.pk)
    ids = Task.objects.filter((Q(confidential=False) & open_to_role) | Q(Exists(named))).values(
        "pk"
    )
    return Task.objects.filter(pk__in=ids)


def can_see(person: Any, task: Task) -> bool:
    return visible_tasks(person).filter(pk=task.pk).exists()


def confidential_hidden_from(person: Any) -> QuerySet[Task]:
    """S-13: the confidential tasks `person` is not named on (for the audit log's redaction)."""
    return Task.objects.filter(confidential=True).exclude(pk__in=visible_tasks(person).values("pk"))


def may_know(person: Any, task: Task) -> bool:
    """For recipients of notifications: a confidential task reaches only its named people."""
    if not task.confidential:
        return True
    return task.named_readers.filter(pk=person.pk).exists()


def audience(task: Task, people: list[Any]) -> list[Any]:
    return [p for p in people if p is not None and may_know(p, task)]


@dataclass
class LedgerFilter:
    q: str = ""
    unit: int | None = None
    leader: int | None = None
    source: str = ""
    status: str = ""
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    urgent: bool | None = None
    warning: int | None = None
    sort: str = "-number"


SORTS = {
    "number": ("assigned_on", "pk"),
    "-number": ("-assigned_on", "-pk"),
    "due": ("next_due", "pk"),
    "-due": ("-next_due", "-pk"),
    "unit": ("lead_unit__sort_order", "lead_unit__name", "pk"),
    "status": ("status", "pk"),
    "warning": ("-max_warning", "next_due", "pk"),
}


def ledger(person: Any, flt: LedgerFilter | None = None) -> QuerySet[Task]:
    """The ledger as `person` sees it, filtered and sorted (S-7)."""
    from django.db.models import Max, Min

    flt = flt or LedgerFilter()
    open_ms = Q(milestones__status=MilestoneStatus.OPEN)
    qs = (
        visible_tasks(person)
        .select_related("lead_unit", "instructing_leader", "meeting", "instruction", "liaison")
        .prefetch_related("co_units")
        .annotate(
            next_due=Min("milestones__deadline__due_date", filter=open_ms),
            max_warning=Max("milestones__deadline__warning_level", filter=open_ms),
        )
    )
    if flt.q:
        qs = qs.filter(Q(title__icontains=flt.q) | Q(content__icontains=flt.q) | Q(number=flt.q))
    if flt.unit:
        qs = qs.filter(Q(lead_unit_id=flt.unit) | Q(co_units=flt.unit)).distinct()
    if flt.leader:
        qs = qs.filter(instructing_leader_id=flt.leader)
    if flt.source:
        qs = qs.filter(source_kind=flt.source)
    if flt.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif flt.status:
        qs = qs.filter(status=flt.status)
    if flt.urgent is not None:
        qs = qs.filter(urgent=flt.urgent)
    if flt.due_from or flt.due_to:
        window = Milestone.objects.filter(task_id=OuterRef("pk"), status=MilestoneStatus.OPEN)
        if flt.due_from:
            window = window.filter(deadline__due_date__gte=flt.due_from)
        if flt.due_to:
            window = window.filter(deadline__due_date__lte=flt.due_to)
        qs = qs.filter(Exists(window))
    if flt.warning:
        # The warning level of S-8 as the sweep wrote it on the task's open milestones.
        warned = Milestone.objects.filter(
            task_id=OuterRef("pk"),
            status=MilestoneStatus.OPEN,
            deadline__warning_level__gte=flt.warning,
        )
        qs = qs.filter(Exists(warned))
    return qs.order_by(*SORTS.get(flt.sort, SORTS["-number"]))


def open_counts_by_unit(person: Any, bureau_id: int) -> list[dict[str, Any]]:
    """S-5: open items per lead undertaker, counted over what `person` may see (S-13)."""
    from zhengwu.org.selectors import undertaking_units

    counts = dict(
        visible_tasks(person)
        .filter(status__in=OPEN_STATUSES)
        .values_list("lead_unit_id")
        .annotate(n=Count("pk"))
        .values_list("lead_unit_id", "n")
    )
    return [{"unit": unit, "open": counts.get(unit.pk, 0)} for unit in undertaking_units(bureau_id)]


def unit_tasks(person: Any, unit: OrgUnit) -> QuerySet[Task]:
    return (
        visible_tasks(person)
        .filter(Q(lead_unit=unit) | Q(co_units=unit))
        .distinct()
        .select_related("lead_unit")
        .order_by("status", "-pk")
    )


def latest_accepted(task: Task) -> Feedback | None:
    return (
        Feedback.objects.filter(milestone__task=task, status=FeedbackStatus.ACCEPTED)
        .order_by("-reviewed_at", "-pk")
        .first()
    )


def timeline(task: Task) -> QuerySet[Event]:
    """S-7: every state change of the task and of its milestones' deadlines, in order."""
    deadline_ids = [
        str(i) for i in task.milestones.exclude(deadline=None).values_list("deadline_id", flat=True)
    ]
    return Event.objects.filter(
        Q(object_type="supervision.task", object_id=str(task.pk))
        | Q(object_type="workdays.deadline", object_id__in=deadline_ids)
    ).order_by("seq")


def bureau_of(person: Any) -> int | None:
    wide = sorted(ledger_wide_bureaus(person))
    if wide:
        return wide[0]
    return person.bureau_id


def leaders(bureau_id: int) -> QuerySet[Person]:
    from zhengwu.core import clock
    from zhengwu.org.models import RoleAssignment

    ids = (
        RoleAssignment.objects.active_on(clock.today())
        .filter(bureau_id=bureau_id, role__in=[Role.DIRECTOR, Role.LEADER_IN_CHARGE])
        .values("person_id")
    )
    return Person.objects.filter(pk__in=ids, is_active=True).order_by("full_name")


def home_summary(person: Any) -> dict[str, Any]:
    """What the staff home shows: open items, overdue ones, and what waits for this person."""
    from zhengwu.core import clock
    from zhengwu.org.selectors import has_role

    tasks = visible_tasks(person)
    open_tasks = tasks.filter(status__in=OPEN_STATUSES)
    overdue = open_tasks.filter(
        milestones__status=MilestoneStatus.OPEN, milestones__deadline__due_date__lt=clock.today()
    ).distinct()
    feedback = Feedback.objects.filter(milestone__task__in=tasks)
    to_sign = feedback.filter(status=FeedbackStatus.DRAFT)
    units = units_headed_or_liaised(person)
    heads = {
        a.unit_id for a in active_assignments(person) if a.role == Role.SECTION_HEAD and a.unit_id
    }
    return {
        "open": open_tasks.count(),
        "overdue": overdue.count(),
        "to_sign": to_sign.filter(milestone__task__lead_unit_id__in=heads).count(),
        "to_check": feedback.filter(
            status=FeedbackStatus.SIGNED_OFF,
            milestone__task__lead_unit_id__in=units_in_charge(person),
        ).count()
        if policy.leader_check_required()
        else 0,
        "to_review": feedback.filter(status=policy.office_review_status()).count()
        if has_role(person, Role.OFFICE_STAFF)
        else 0,
        "returned": feedback.filter(
            status=FeedbackStatus.RETURNED,
            milestone__status=MilestoneStatus.OPEN,
            milestone__task__lead_unit_id__in=units,
        )
        .exclude(milestone__feedback__status__in=[FeedbackStatus.DRAFT, *policy.SUBMITTED_STATUSES])
        .count(),
    }


# --- separation of duties (S-13) ----------------------------------------------------------------


def report_hands(feedback: Feedback) -> set[int]:
    """Who drafted or signed off this report: its author, everyone the audit log shows drafting
    it, whoever stored material with it, and the head who signed it off."""
    ids = set(
        Event.objects.filter(
            object_type="supervision.task",
            object_id=str(feedback.milestone.task_id),
            action="supervision.feedback_drafted",
            after__feedback=feedback.pk,
        )
        .exclude(actor_id=None)
        .values_list("actor_id", flat=True)
    )
    ids.update(feedback.attachments.values_list("uploaded_by_id", flat=True))
    ids.update(i for i in (feedback.author_id, feedback.signed_off_by_id) if i)
    return ids


def task_report_hands(task: Task) -> set[int]:
    """Who drafted or signed off any report of the task (see `report_hands`)."""
    ids = set(
        Event.objects.filter(
            object_type="supervision.task",
            object_id=str(task.pk),
            action="supervision.feedback_drafted",
        )
        .exclude(actor_id=None)
        .values_list("actor_id", flat=True)
    )
    for author, signer in Feedback.objects.filter(milestone__task=task).values_list(
        "author_id", "signed_off_by_id"
    ):
        ids.update(i for i in (author, signer) if i)
    ids.update(task.attachments.exclude(feedback=None).values_list("uploaded_by_id", flat=True))
    return ids


def wrote_report(person: Any, obj: Any) -> bool:
    """S-13 separation of duties: whoever drafted or signed off a report neither checks nor
    accepts it, and whoever wrote a task's reports does not close it — also when they hold a
    second role (an office clerk who is her own unit's liaison). The rules and the services ask
    this one question."""
    pk = getattr(person, "pk", None)
    if pk is None:
        return False
    if isinstance(obj, Feedback):
        return pk in report_hands(obj)
    if isinstance(obj, Task):
        return pk in task_report_hands(obj)
    return False


# --- work waiting for a person (待我处理) ---------------------------------------------------------

ENTRIES_SHOWN = 10


def waiting_feedback(person: Any) -> dict[str, QuerySet[Feedback]]:
    """Reports waiting for `person`, by kind, derived from their state (S-12, S-13): the head signs
    off the liaison's draft, the leader in charge checks it, the office accepts it, the liaison
    redrafts what came back. Reports they drafted or signed off are not theirs to check or accept.
    Only tasks they may see count (S-13)."""
    from zhengwu.org.selectors import has_role

    tasks = visible_tasks(person).filter(status__in=OPEN_STATUSES)
    feedback = Feedback.objects.filter(
        milestone__task__in=tasks, milestone__status=MilestoneStatus.OPEN
    ).select_related("milestone__task")
    heads = {
        a.unit_id for a in active_assignments(person) if a.role == Role.SECTION_HEAD and a.unit_id
    }
    # S-13: the reports this person had a hand in (the same people as `report_hands`).
    from zhengwu.supervision.models import Attachment

    drafted = {
        after.get("feedback")
        for after in Event.objects.filter(
            actor_id=person.pk, action="supervision.feedback_drafted"
        ).values_list("after", flat=True)
        if isinstance(after, dict)
    }
    material = Attachment.objects.filter(feedback_id=OuterRef("pk"), uploaded_by_id=person.pk)
    own = (
        Q(author=person)
        | Q(signed_off_by=person)
        | Q(pk__in=[i for i in drafted if isinstance(i, int)])
        | Q(Exists(material))
    )
    office_bureaus = {
        a.bureau_id for a in active_assignments(person) if a.role == Role.OFFICE_STAFF
    }
    kinds = {
        "supervision.sign_off": feedback.filter(
            status=FeedbackStatus.DRAFT, milestone__task__lead_unit_id__in=heads
        ),
        "supervision.check": feedback.filter(
            status=FeedbackStatus.SIGNED_OFF,
            milestone__task__lead_unit_id__in=units_in_charge(person),
        ).exclude(own)
        if policy.leader_check_required()
        else feedback.none(),
        "supervision.review": feedback.filter(
            status=policy.office_review_status(), milestone__task__bureau_id__in=office_bureaus
        ).exclude(own)
        if has_role(person, Role.OFFICE_STAFF)
        else feedback.none(),
        "supervision.redraft": feedback.filter(
            status=FeedbackStatus.RETURNED,
            milestone__task__lead_unit_id__in=units_headed_or_liaised(person),
        ).exclude(
            milestone__feedback__status__in=[FeedbackStatus.DRAFT, *policy.SUBMITTED_STATUSES]
        ),
    }
    return kinds


def waiting_plans(person: Any) -> dict[str, QuerySet[Any]]:
    """S-4 plans waiting for `person`: the office forwards, the director and the leader in charge
    of the lead undertaker approve (each once), the undertaker resubmits a returned plan."""
    from zhengwu.supervision.models import Plan, PlanStatus

    tasks = visible_tasks(person).filter(status__in=OPEN_STATUSES)
    plans = Plan.objects.filter(task__in=tasks).select_related("task")
    office = [a.bureau_id for a in active_assignments(person) if a.role == Role.OFFICE_STAFF]
    director = [a.bureau_id for a in active_assignments(person) if a.role == Role.DIRECTOR]
    forwarded = plans.filter(status=PlanStatus.FORWARDED)
    newer = Plan.objects.filter(task_id=OuterRef("task_id"), pk__gt=OuterRef("pk"))
    return {
        "supervision.plan_forward": plans.filter(
            status=PlanStatus.SUBMITTED, task__bureau_id__in=office
        ),
        "supervision.plan_approve": forwarded.filter(
            Q(task__bureau_id__in=director, director_approved_by=None)
            | Q(task__lead_unit_id__in=units_in_charge(person), leader_approved_by=None)
        ),
        "supervision.plan_resubmit": plans.filter(
            status=PlanStatus.RETURNED,
            task__status__in=[TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS],
            task__lead_unit_id__in=units_headed_or_liaised(person),
        ).exclude(Exists(newer)),
    }


def waiting_for(person: Any) -> list[Any]:
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from zhengwu.core.registry import Waiting

    labels = {
        "supervision.sign_off": _("Reports waiting for your sign-off"),
        "supervision.check": _("Reports waiting for your check as leader in charge"),
        "supervision.review": _("Reports waiting for the office's acceptance"),
        "supervision.redraft": _("Returned reports to redraft"),
        "supervision.plan_forward": _("Plans to forward to the leaders"),
        "supervision.plan_approve": _("Plans awaiting your approval"),
        "supervision.plan_resubmit": _("Returned plans to resubmit"),
    }
    if not getattr(person, "is_authenticated", False):
        return []
    kinds = []
    groups: dict[str, QuerySet[Any]] = {**waiting_feedback(person), **waiting_plans(person)}
    for kind, qs in groups.items():
        count = qs.count()
        if not count:
            continue
        entries = []
        for obj in qs.order_by("pk")[:ENTRIES_SHOWN]:
            task = obj.task if hasattr(obj, "task") else obj.milestone.task
            label = str(obj.milestone.display_label()) if isinstance(obj, Feedback) else ""
            title = f"{task.number} {task.title}" + (f" · {label}" if label else "")
            entries.append((title, reverse("supervision:task", args=[task.pk])))
        kinds.append(
            Waiting(
                kind=kind,
                label=labels[kind],
                count=count,
                url=entries[0][1] if count == 1 else reverse("supervision:ledger") + "?status=open",
                entries=entries,
            )
        )
    return kinds
