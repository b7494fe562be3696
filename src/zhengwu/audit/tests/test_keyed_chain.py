"""The keyed audit chain and its signed checkpoints (foundation point 5).

Rewrites done with raw SQL, as someone with database access but without the key would do them,
are found by `audit verify`."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from zhengwu.audit import checkpoints
from zhengwu.audit.models import ChainHead, Event, canonical
from zhengwu.audit.services import KEYED_ERA_ACTION, mark_keyed_era, verify_chain
from zhengwu.org import services as org

pytestmark = pytest.mark.django_db

KEY_A = "a" * 40
KEY_B = "b" * 40


def committed_events(count: int, django_capture_on_commit_callbacks) -> list[Event]:
    """Events appended as by real requests: each commit writes its signed checkpoint."""
    events = []
    for i in range(count):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            bureau = org.create_bureau(by=None, name=f"链测试局{i}", code=f"CHAIN-{i}")
        events.append(Event.objects.for_object(bureau).get())
    return events


def raw_update(seq: int, **fields: object) -> None:
    columns = ", ".join(f"{name} = %s" for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE audit_event SET {columns} WHERE seq = %s", [*fields.values(), seq])  # noqa: S608


def raw_head(*, last_seq: int, last_hash: str | None = None) -> None:
    with connection.cursor() as cursor:
        if last_hash is None:
            cursor.execute("UPDATE audit_chainhead SET last_seq = %s WHERE id = 1", [last_seq])
        else:
            cursor.execute(
                "UPDATE audit_chainhead SET last_seq = %s, last_hash = %s WHERE id = 1",
                [last_seq, last_hash],
            )


def rechain_without_key(from_seq: int, *, unkeyed: bool = False) -> str:
    """What an attacker can do: recompute every following hash with SHA-256 (no key)."""
    prev = Event.objects.get(seq=from_seq - 1).hash if from_seq > 1 else "0" * 64
    for event in Event.objects.filter(seq__gte=from_seq).order_by("seq"):
        event.prev_hash = prev
        if unkeyed:
            event.key_id = ""
        content = event.content()
        new_hash = hashlib.sha256(canonical(content)).hexdigest()
        raw_update(event.seq, prev_hash=prev, hash=new_hash, key_id=event.key_id)
        prev = new_hash
    raw_head(last_seq=Event.objects.order_by("-seq").first().seq, last_hash=prev)
    return prev


@pytest.mark.parametrize("unkeyed", [False, True], ids=["keyed", "posing-as-unkeyed"])
def test_foundation_actor_changed_and_following_hashes_recomputed_is_found(
    django_capture_on_commit_callbacks, unkeyed
) -> None:
    events = committed_events(5, django_capture_on_commit_callbacks)
    target = events[1]
    raw_update(target.seq, actor_name="局长", actor_id=None)
    rechain_without_key(target.seq, unkeyed=unkeyed)
    with pytest.raises(CommandError, match=rf"#{target.seq}\b.*modified"):
        call_command("audit", "verify")


def test_foundation_actor_changed_is_found_even_without_checkpoints() -> None:
    with transaction.atomic():
        bureau = org.create_bureau(by=None, name="无检查点局", code="NOCP")
    event = Event.objects.for_object(bureau).get()
    with transaction.atomic():
        org.create_bureau(by=None, name="无检查点局二", code="NOCP2")
    raw_update(event.seq, actor_name="局长")
    rechain_without_key(event.seq)
    assert not checkpoints.path().exists()
    result = verify_chain()
    assert not result.ok and result.broken_seq == event.seq


def test_foundation_last_event_deleted_and_chain_head_updated_is_found(
    django_capture_on_commit_callbacks,
) -> None:
    events = committed_events(4, django_capture_on_commit_callbacks)
    last, previous = events[-1], events[-2]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE seq = %s", [last.seq])
    raw_head(last_seq=previous.seq, last_hash=previous.hash)
    with pytest.raises(CommandError, match=rf"#{last.seq}\b.*missing.*checkpoint"):
        call_command("audit", "verify")


@pytest.mark.parametrize("with_checkpoints", [True, False])
def test_foundation_last_three_events_deleted_and_only_last_seq_lowered_is_found(
    django_capture_on_commit_callbacks, with_checkpoints
) -> None:
    if with_checkpoints:
        events = committed_events(6, django_capture_on_commit_callbacks)
    else:
        events = committed_events(6, lambda **kw: transaction.atomic())  # no checkpoints written
        assert not checkpoints.path().exists()
    kept = events[-4]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE seq > %s", [kept.seq])
    raw_head(last_seq=kept.seq)  # last_hash left as it was
    result = verify_chain()
    assert not result.ok
    with pytest.raises(CommandError, match="broken"):
        call_command("audit", "verify")


def test_foundation_a_forged_checkpoint_line_is_refused(django_capture_on_commit_callbacks) -> None:
    events = committed_events(2, django_capture_on_commit_callbacks)
    line = {"seq": events[0].seq, "hash": events[0].hash, "at": "2026-01-01T00:00:00+00:00",
            "key_id": "local", "sig": "0" * 64}  # fmt: skip
    with checkpoints.path().open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")
    with pytest.raises(CommandError, match="forged signature"):
        call_command("audit", "verify")


def test_foundation_intact_chain_with_checkpoints_verifies(
    django_capture_on_commit_callbacks, capsys
) -> None:
    events = committed_events(3, django_capture_on_commit_callbacks)
    assert all(e.key_id and e.hash == e.compute_hash() for e in events)
    lines = checkpoints.path().read_text().splitlines()
    assert json.loads(lines[-1])["seq"] == events[-1].seq
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_foundation_key_rotation_new_events_use_the_newest_key(settings) -> None:
    settings.AUDIT_KEYS_SPEC = f"k1:{KEY_A}"
    with transaction.atomic():
        first = org.create_bureau(by=None, name="旧钥局", code="KEY-1")
    settings.AUDIT_KEYS_SPEC = f"k1:{KEY_A},k2:{KEY_B}"
    with transaction.atomic():
        second = org.create_bureau(by=None, name="新钥局", code="KEY-2")
    assert Event.objects.for_object(first).get().key_id == "k1"
    assert Event.objects.for_object(second).get().key_id == "k2"
    assert verify_chain().ok
    # An old key removed while events sealed with it remain: verify says so.
    settings.AUDIT_KEYS_SPEC = f"k2:{KEY_B}"
    result = verify_chain()
    assert not result.ok and "unknown key" in result.reason


def test_foundation_unkeyed_history_is_sealed_by_the_migration_and_still_verifies() -> None:
    with transaction.atomic():
        for i in range(3):
            org.create_bureau(by=None, name=f"旧事件局{i}", code=f"OLD-{i}")
    last_unkeyed = rechain_without_key(1, unkeyed=True)  # as written before keys existed
    assert not Event.objects.exclude(key_id="").exists()
    with transaction.atomic():
        sealed = mark_keyed_era(Event, ChainHead)
    marker = Event.objects.get(seq=sealed)
    assert marker.action == KEYED_ERA_ACTION and marker.key_id and marker.prev_hash == last_unkeyed
    assert verify_chain().ok
    # Rewriting the unkeyed history (hashes recomputed) now breaks the sealed link after it.
    raw_update(2, actor_name="局长")
    prev = Event.objects.get(seq=1).hash
    for seq in (2, 3):
        event = Event.objects.get(seq=seq)
        event.prev_hash = prev
        prev = hashlib.sha256(canonical(event.content())).hexdigest()
        raw_update(seq, prev_hash=event.prev_hash, hash=prev)
    result = verify_chain()
    assert not result.ok and result.broken_seq == marker.seq
