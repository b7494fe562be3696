"""How the workdays engine sees the ledger's deadlines (`supervision.milestone` owners)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhengwu.org.selectors import head_of, liaison_of
from zhengwu.workdays.models import Deadline
from zhengwu.workdays.owners import Subject, register_owner

OWNER_TYPE = "supervision.milestone"


def _milestone(deadline: Deadline) -> Any:
    from zhengwu.supervision.models import Milestone

    return (
        Milestone.objects.select_related("task__lead_unit", "task__liaison")
        .filter(pk=int(deadline.owner_id))
        .first()
    )


def recipients(deadline: Deadline) -> list[Any]:
    """S-6: the liaison and the head (first responsible person) of the lead undertaker."""
    from zhengwu.supervision.selectors import audience

    milestone = _milestone(deadline)
    if milestone is None:
        return []
    task = milestone.task
    people = [task.liaison or liaison_of(task.lead_unit), head_of(task.lead_unit)]
    return audience(task, people)


def describe(deadline: Deadline) -> str:
    milestone = _milestone(deadline)
    if milestone is None:
        return deadline.owner_id
    task = milestone.task
    return f"{task.number} {task.title} — {milestone.display_label()}（{task.lead_unit}）"


def url(deadline: Deadline) -> str:
    milestone = _milestone(deadline)
    if milestone is None:
        return ""
    return reverse("supervision:task", args=[milestone.task_id])


def contacts(deadline: Deadline) -> list[tuple[Any, str]]:
    """S-6/S-8: the liaison whose mobile is registered with the office is the one to phone."""
    people = [p for p in recipients(deadline) if p is not None]
    return [(p, p.mobile or p.office_phone) for p in people if p.mobile or p.office_phone]


def visible_to(deadline: Deadline, person: Any) -> bool:
    """S-13: a confidential task's deadlines exist only for the people named on it."""
    from zhengwu.supervision.selectors import can_see

    milestone = _milestone(deadline)
    return milestone is not None and can_see(person, milestone.task)


TASK_SUBJECT = "supervision.task"


def subject(deadline: Deadline) -> Subject:
    """S-8: the office chases a task, not each of its reports: one phone call and one key-list
    entry per task, listing its overdue milestones."""
    milestone = _milestone(deadline)
    if milestone is None:
        return Subject(OWNER_TYPE, deadline.owner_id, deadline.owner_id, deadline.owner_id)
    task = milestone.task
    return Subject(
        TASK_SUBJECT,
        str(task.pk),
        f"{task.number} {task.title}（{task.lead_unit}）",
        str(milestone.display_label()),
    )


def register() -> None:
    register_owner(
        OWNER_TYPE,
        recipients=recipients,
        describe=describe,
        url=url,
        contacts=contacts,
        visible_to=visible_to,
        subject=subject,
    )


def register_audit_redaction() -> None:
    """S-13: events of a confidential task, its milestones and their deadlines are shown as
    "机密事项 #id" to anyone not named on the task (audit/confidential.py)."""
    from zhengwu.audit.confidential import as_text_ids, register_confidential
    from zhengwu.supervision.models import Milestone
    from zhengwu.supervision.selectors import confidential_hidden_from

    def tasks(person: Any) -> Any:
        return as_text_ids(confidential_hidden_from(person))

    def milestones(person: Any) -> Any:
        return as_text_ids(Milestone.objects.filter(task__in=confidential_hidden_from(person)))

    def deadlines(person: Any) -> Any:
        return as_text_ids(
            Deadline.objects.filter(owner_type=OWNER_TYPE, owner_id__in=milestones(person))
        )

    register_confidential("supervision.task", tasks)
    register_confidential(OWNER_TYPE, milestones)
    register_confidential("workdays.deadline", deadlines)
