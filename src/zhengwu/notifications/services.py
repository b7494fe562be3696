"""Sending notifications. Domain services call `notify` inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from zhengwu.core import clock
from zhengwu.notifications.models import Notification


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    obj: models.Model | None = None,
) -> list[Notification]:
    """Put a message in each recipient's inbox (once per person, inactive people skipped).

    Callers decide who may know: a confidential record's notification goes only to the people
    named on it, so pass only those.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify must be called inside the transaction of the change")
    seen: set[int] = set()
    rows: list[Notification] = []
    now = clock.now()
    for person in recipients:
        if person is None or not person.is_active or person.pk in seen:
            continue
        seen.add(person.pk)
        rows.append(
            Notification(
                recipient=person,
                kind=kind,
                title=title[:200],
                body=body,
                url=url[:300],
                object_type=obj._meta.label_lower if obj is not None else "",
                object_id=str(obj.pk) if obj is not None else "",
                created_at=now,
            )
        )
    created = Notification.objects.bulk_create(rows)
    from zhengwu.notifications.delivery import record_outbox

    record_outbox(created)  # the deliveries owed, in this transaction (survive a queue outage)
    for hook in after_notify_hooks:
        # robust: the notifications are committed and their deliveries are outbox rows, so a
        # channel failing after the commit must not turn the committed change into an error
        transaction.on_commit(lambda hook=hook, created=created: hook(created), robust=True)
    return created


# Delivery channels (e-mail, SMS, digest) subscribe here; called after commit with the new rows.
after_notify_hooks: list[Any] = []


@transaction.atomic
def mark_read(*, person: Any, notification_ids: Iterable[int]) -> int:
    """Mark the person's own messages read (others' ids are ignored); returns how many changed."""
    return Notification.objects.filter(
        recipient=person, pk__in=list(notification_ids), read_at__isnull=True
    ).update(read_at=clock.now())


@transaction.atomic
def mark_all_read(*, person: Any) -> int:
    return Notification.objects.filter(recipient=person, read_at__isnull=True).update(
        read_at=clock.now()
    )
