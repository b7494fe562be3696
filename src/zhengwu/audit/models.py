"""The append-only, hash-chained event log (foundation issue, point 5).

Every state change in the system writes one Event in the same transaction. Each event's hash covers
its content and the previous event's hash, so editing or deleting any event breaks the chain from
that point on; `zhengwu audit verify` finds the first broken link.

The hash is an HMAC with a key kept outside the database (`audit/keys.py`; the event stores the
key's id), so someone with only database access cannot recompute it after an edit. Events written
before keys existed have an empty key id and a plain SHA-256 hash; they may only precede the first
keyed event (the keyed era starts with the `audit.chain_keyed` event written by the migration), so
the first keyed event's HMAC seals the whole unkeyed history before it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


def canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def chain_hash(content: dict[str, Any], key_id: str) -> str:
    """HMAC-SHA256 under the key `key_id`; plain SHA-256 only for the unkeyed events of old."""
    if not key_id:
        return hashlib.sha256(canonical(content)).hexdigest()
    from zhengwu.audit.keys import keyring

    return keyring().seal(canonical(content), key_id)


def event_content(event: Any) -> dict[str, Any]:
    """What an event's hash covers (works on historical models in migrations too)."""
    content = {
        "seq": event.seq,
        "occurred_at": event.occurred_at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "bureau_id": event.bureau_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "request_id": event.request_id,
        "prev_hash": event.prev_hash,
    }
    if event.key_id:
        content["key_id"] = event.key_id
    return content


class AppendOnlyError(RuntimeError):
    pass


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are append-only")

    def for_object(self, obj: models.Model) -> EventQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class Event(models.Model):
    # The sequence number is assigned under the chain-head lock, not by the database, so that it
    # is part of the hashed content and gaps are detectable.
    seq = models.BigIntegerField(_("sequence"), primary_key=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    bureau_id = models.BigIntegerField(_("bureau id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    key_id = models.CharField(_("key id"), max_length=16, blank=True, default="")
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor_id", "occurred_at"]),
            models.Index(fields=["action"]),
        ]

    def __str__(self) -> str:
        from zhengwu.audit.labels import action_label  # labels reads every app's models

        # Shown to people (the admin's title and breadcrumbs): the action in words.
        return f"#{self.seq} {action_label(self.action)} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are append-only")

    def content(self) -> dict[str, Any]:
        return event_content(self)

    def compute_hash(self) -> str:
        return chain_hash(self.content(), self.key_id)


class ChainHead(models.Model):
    """A single row locked by every append, so events are chained in one strict order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"
