"""Signed checkpoints of the audit chain head, kept outside the database.

The HMAC chain stops anyone without the key from editing or inserting events, but not from
cutting off the newest ones and winding the chain head back. After every commit that appended
events, one line ``{"seq", "hash", "at", "key_id", "sig"}`` is appended to
``settings.AUDIT_CHECKPOINT_FILE`` (by default ``var/audit-checkpoints.log``); the signature is an
HMAC with the audit key. `zhengwu audit verify` checks every line's signature and that the chain
still holds the newest checkpointed event with that hash. `zhengwu audit checkpoint` writes one on
demand and mails it to ``settings.AUDIT_CHECKPOINT_EMAIL`` (the auditors) when set.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from zhengwu.audit.keys import AuditKeyError, keyring

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    key_id: str
    sig: str

    def line(self) -> str:
        return json.dumps(
            {"seq": self.seq, "hash": self.hash, "at": self.at, "key_id": self.key_id,
             "sig": self.sig},
            separators=(",", ":"),
        )  # fmt: skip


def _message(seq: int, hash_: str, at: str) -> bytes:
    return f"zhengwu-audit-checkpoint:{seq}:{hash_}:{at}".encode()


def path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def sign(seq: int, hash_: str) -> Checkpoint:
    ring = keyring()
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return Checkpoint(
        seq, hash_, at, ring.current, ring.seal(_message(seq, hash_, at), ring.current)
    )


def append(checkpoint: Checkpoint) -> None:
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    # One short line per write in append mode: concurrent writers do not interleave.
    with target.open("a", encoding="utf-8") as handle:
        handle.write(checkpoint.line() + "\n")


def write_head() -> Checkpoint | None:
    """Checkpoint the chain head as the database holds it now."""
    from zhengwu.audit.models import ChainHead

    head = ChainHead.objects.filter(id=1).first()
    if head is None or head.last_seq == 0:
        return None
    checkpoint = sign(head.last_seq, head.last_hash)
    append(checkpoint)
    return checkpoint


def _after_commit() -> None:
    try:
        write_head()
    except OSError:
        log.exception("audit checkpoint could not be written to %s", path())


def schedule_after_commit() -> None:
    """Once per transaction, however many events it appends (a callback registered in a savepoint
    that has since been released may add a second line: harmless)."""
    connection = transaction.get_connection()
    current = set(connection.savepoint_ids)
    if any(sids <= current and func is _after_commit for sids, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_after_commit, robust=True)


@dataclass(frozen=True)
class Reading:
    newest: Checkpoint | None
    count: int
    problem: str = ""


def read() -> Reading:
    """Every line's signature checked; the checkpoint with the highest sequence number."""
    target = path()
    if not target.exists():
        return Reading(None, 0)
    ring = keyring()
    newest: Checkpoint | None = None
    count = 0
    with target.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
                checkpoint = Checkpoint(
                    int(data["seq"]), str(data["hash"]), str(data["at"]), str(data["key_id"]),
                    str(data["sig"]),
                )  # fmt: skip
                expected = ring.seal(
                    _message(checkpoint.seq, checkpoint.hash, checkpoint.at), checkpoint.key_id
                )
            except (ValueError, KeyError, TypeError, AuditKeyError):
                return Reading(newest, count, f"checkpoint line {number} is damaged")
            if expected != checkpoint.sig:
                return Reading(newest, count, f"checkpoint line {number} has a forged signature")
            count += 1
            if newest is None or checkpoint.seq > newest.seq:
                newest = checkpoint
    return Reading(newest, count)
