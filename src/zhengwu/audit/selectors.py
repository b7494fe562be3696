"""Reading the audit log: an object's timeline and the auditors' search."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Model, Q, QuerySet

from zhengwu.audit.confidential import hidden_q, with_redaction
from zhengwu.audit.models import Event


def timeline(*objects: Model | tuple[str, object]) -> QuerySet[Event]:
    """Every event about the given objects, oldest first (an item's history page)."""
    condition = Q(pk__in=[])
    for obj in objects:
        if isinstance(obj, tuple):
            object_type, object_id = obj[0], str(obj[1])
        else:
            object_type, object_id = obj._meta.label_lower, str(obj.pk)
        condition |= Q(object_type=object_type, object_id=object_id)
    return Event.objects.filter(condition).order_by("seq")


def search_events(
    *,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    text: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    bureau_ids: set[int] | None = None,
    viewer: Any = None,
) -> QuerySet[Event]:
    """The auditors' search, as `viewer` may see it: events of confidential objects the viewer is
    not named on are marked `is_hidden` (shown redacted) and never match a text search (S-13)."""
    events = with_redaction(Event.objects.order_by("-seq"), viewer)
    if bureau_ids is not None:
        events = events.filter(Q(bureau_id__in=bureau_ids) | Q(bureau_id__isnull=True))
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_name__icontains=actor)
    if object_type:
        events = events.filter(object_type=object_type)
    if text:
        events = events.filter(
            (Q(object_repr__icontains=text) & ~hidden_q(viewer)) | Q(request_id=text)
        )
    if since:
        events = events.filter(occurred_at__date__gte=since)
    if until:
        events = events.filter(occurred_at__date__lte=until)
    return events
