"""How the workdays engine and the warning sweep see an application's clocks."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhengwu.workdays.models import Deadline
from zhengwu.workdays.owners import register_owner

OWNER_TYPE = "applications.application"


def _application(deadline: Deadline) -> Any:
    from zhengwu.applications.models import Application

    return Application.objects.select_related("handler").filter(pk=int(deadline.owner_id)).first()


def recipients(deadline: Deadline) -> list[Any]:
    """The handler and the disclosure office (its head and officers) of the bureau."""
    from zhengwu.applications.selectors import office_people

    application = _application(deadline)
    if application is None:
        return []
    return [application.handler, *office_people(application.bureau_id)]


def describe(deadline: Deadline) -> str:
    application = _application(deadline)
    if application is None:
        return deadline.owner_id
    return f"{application.tracking_number} {application.get_status_display()}"


def url(deadline: Deadline) -> str:
    return reverse("applications:detail", args=[int(deadline.owner_id)])


def contacts(deadline: Deadline) -> list[tuple[Any, str]]:
    people = [p for p in recipients(deadline) if p is not None]
    return [(p, p.mobile or p.office_phone) for p in people if p.mobile or p.office_phone]


def register() -> None:
    register_owner(OWNER_TYPE, recipients=recipients, describe=describe, url=url, contacts=contacts)
