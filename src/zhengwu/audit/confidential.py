"""Confidential objects in the audit log (S-13, D-11).

An event about a confidential object is shown to anyone not named on it as "机密事项 #id" with its
actor, time and action, never its text (object name, before/after, summary). Which objects are
confidential, and for whom, is decided by each domain's own visibility selectors: an app registers,
per object type, a function giving the ids (as strings) of the objects of that type a person may
*not* see::

    register_confidential("supervision.task", lambda person: hidden_task_ids(person))

The audit log (staff page and admin) asks `hidden_q(person)`; it is a database condition, so
lists, search and paging stay in SQL, and a search by a hidden title finds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

HiddenIds = Callable[[Any], QuerySet[Any]]

_registry: dict[str, list[HiddenIds]] = {}


def register_confidential(object_type: str, hidden_ids: HiddenIds) -> None:
    """Several apps may register for one type (deadlines belong to tasks and to items)."""
    providers = _registry.setdefault(object_type, [])
    if hidden_ids not in providers:
        providers.append(hidden_ids)


def registered_types() -> list[str]:
    return sorted(_registry)


def as_text_ids(queryset: QuerySet[Any], field: str = "pk") -> QuerySet[Any]:
    """Object ids are stored as text in the log: compare like with like in SQL."""
    return queryset.annotate(_text_id=Cast(field, output_field=CharField())).values("_text_id")


def hidden_condition(object_type: str, person: Any, field: str = "pk") -> Q:
    """For other lists (the admin's): rows whose `field` (an integer key) names an object of
    `object_type` that `person` may not see."""
    condition = Q(pk__in=[])
    for provider in _registry.get(object_type, []):
        # The providers answer text ids (as the log stores them); PostgreSQL compares a bigint
        # key only with integers, so they are cast back here.
        ids = (
            provider(person)
            .annotate(_int_id=Cast("_text_id", output_field=BigIntegerField()))
            .values("_int_id")
        )
        condition |= Q(**{f"{field}__in": ids})
    return condition


def hidden_q(person: Any) -> Q:
    """Events `person` may see only as "机密事项 #id"."""
    condition = Q(pk__in=[])
    for object_type, providers in _registry.items():
        for provider in providers:
            condition |= Q(object_type=object_type, object_id__in=provider(person))
    return condition


def with_redaction(events: QuerySet[Any], person: Any) -> QuerySet[Any]:
    return events.annotate(
        is_hidden=Case(
            When(hidden_q(person), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def label(event: Any) -> str:
    return _("Confidential matter #%(id)s") % {"id": event.object_id}


def redacted(event: Any) -> Any:
    """The event as someone not named sees it (an unsaved copy; events cannot be saved anyway)."""
    if not getattr(event, "is_hidden", False):
        return event
    copy = type(event)(**{f.attname: getattr(event, f.attname) for f in event._meta.fields})
    copy._state.adding = False
    copy.object_repr = label(event)
    copy.before = None
    copy.after = None
    copy.is_hidden = True
    return copy
