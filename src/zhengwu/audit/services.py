"""Writing audit events. Called by every service that changes state, inside its transaction."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from zhengwu.audit import checkpoints
from zhengwu.audit.keys import AuditKeyError, keyring
from zhengwu.audit.models import GENESIS_HASH, ChainHead, Event, chain_hash, event_content
from zhengwu.core import clock
from zhengwu.core.middleware import current_request_id


def _plain(value: Any) -> Any:
    """JSON-safe copy (dates to ISO strings…), so the stored value hashes the same when re-read."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The audited view of a model instance: concrete field values (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue  # never put secrets into the log
        data[field.attname] = getattr(instance, field.attname)
    return _plain(data)


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    bureau_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> Event:
    """Append one event. Must run inside the transaction of the change it records."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must be called inside transaction.atomic()")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
        if bureau_id is None:
            bureau_id = getattr(obj, "bureau_id", None)
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    actor_name = "" if actor is None else (getattr(actor, "full_name", "") or str(actor))
    if actor is None:
        actor_name = "system"

    # select_for_update serialises appenders on PostgreSQL; on SQLite the IMMEDIATE transaction
    # already holds the database write lock.
    head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
    event = Event(
        seq=head.last_seq + 1,
        occurred_at=clock.now().astimezone(dt.UTC),
        actor_id=actor_id,
        actor_name=actor_name[:150],
        bureau_id=bureau_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        before=_plain(before),
        after=_plain(after),
        request_id=current_request_id(),
        prev_hash=head.last_hash or GENESIS_HASH,
        key_id=keyring().current,
    )
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    ChainHead.objects.filter(id=1).update(last_seq=event.seq, last_hash=event.hash)
    checkpoints.schedule_after_commit()
    return event


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value changed, for compact before/after pairs."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


KEYED_ERA_ACTION = "audit.chain_keyed"


def mark_keyed_era(event_model: Any, head_model: Any) -> int | None:
    """Seal an unkeyed history: append one keyed event whose HMAC covers the last unkeyed hash.

    Used by the migration that introduced keys (with historical models) and safe to run again:
    it does nothing when the chain is empty or its newest event is already keyed.
    """
    head = head_model.objects.select_for_update().filter(id=1).first()
    if head is None or head.last_seq == 0:
        return None
    last = event_model.objects.filter(seq=head.last_seq).first()
    if last is not None and last.key_id:
        return None
    ring = keyring()
    event = event_model(
        seq=head.last_seq + 1,
        occurred_at=clock.now().astimezone(dt.UTC),
        actor_id=None,
        actor_name="system",
        bureau_id=None,
        action=KEYED_ERA_ACTION,
        object_type="audit.chain",
        object_id="1",
        object_repr="",
        before=None,
        after={"unkeyed_until": head.last_seq, "key_id": ring.current},
        request_id="",
        prev_hash=head.last_hash,
        key_id=ring.current,
    )
    event.hash = chain_hash(event_content(event), event.key_id)
    event_model.objects.bulk_create([event])
    head_model.objects.filter(id=1).update(last_seq=event.seq, last_hash=event.hash)
    # The chain itself is sealed; if the file cannot be written, the next commit writes one.
    with contextlib.suppress(OSError):
        checkpoints.append(checkpoints.sign(event.seq, event.hash))
    return event.seq


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    checkpoints: int = 0


def verify_chain(batch_size: int = 5000) -> VerifyResult:
    """Walk the whole chain in order; report the first event that was edited, removed or forged.

    Besides each link, it checks: the HMAC under the key named by the event (an unknown key id,
    or an unkeyed event after the first keyed one, is a forgery); that the chain head names the
    last event by number *and* hash; and that the chain still holds the newest signed checkpoint
    kept outside the database, with the same hash (events cut off the end).
    """
    reading = checkpoints.read()
    if reading.problem:
        return VerifyResult(False, 0, None, reading.problem)
    newest = reading.newest
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    last_hash = GENESIS_HASH
    keyed_era = False
    queryset = Event.objects.order_by("seq")
    while True:
        batch = list(queryset.filter(seq__gte=expected_seq)[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.seq != expected_seq:
                return VerifyResult(
                    False, checked, expected_seq, f"event #{expected_seq} is missing (deleted)"
                )
            if event.prev_hash != expected_prev:
                return VerifyResult(
                    False, checked, event.seq, f"event #{event.seq} does not follow its predecessor"
                )
            if keyed_era and not event.key_id:
                return VerifyResult(
                    False, checked, event.seq,
                    f"event #{event.seq} was modified after it was written (unsealed)",
                )  # fmt: skip
            try:
                intact = event.compute_hash() == event.hash
            except AuditKeyError:
                return VerifyResult(
                    False, checked, event.seq,
                    f"event #{event.seq} names an unknown key {event.key_id!r} (forged)",
                )  # fmt: skip
            if not intact:
                return VerifyResult(
                    False,
                    checked,
                    event.seq,
                    f"event #{event.seq} was modified after it was written",
                )
            if newest is not None and event.seq == newest.seq and event.hash != newest.hash:
                return VerifyResult(
                    False, checked, event.seq,
                    f"event #{event.seq} differs from the signed checkpoint",
                )  # fmt: skip
            keyed_era = keyed_era or bool(event.key_id)
            expected_prev = event.hash
            expected_seq += 1
            last_seq = event.seq
            last_hash = event.hash
            checked += 1
    if newest is not None and newest.seq > last_seq:
        missing = last_seq + 1
        return VerifyResult(
            False, checked, missing,
            f"event #{missing} is missing (the log ends before signed checkpoint #{newest.seq})",
        )  # fmt: skip
    head = ChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_seq != last_seq or head.last_hash != last_hash):
        if head.last_seq > last_seq:
            missing = last_seq + 1
            reason = f"event #{missing} is missing (the log ends early)"
        else:
            missing = head.last_seq + 1 if head.last_seq < last_seq else last_seq
            reason = f"event #{missing} does not match the chain head (log rewritten)"
        return VerifyResult(False, checked, missing, reason)
    return VerifyResult(True, checked, checkpoints=reading.count)
