"""The keys that seal the audit chain (HMAC-SHA256), kept outside the database.

Someone who can write to the database can recompute plain SHA-256 hashes after editing an event;
they cannot recompute an HMAC without the key. Keys are given as ``ZHENGWU_AUDIT_KEYS`` (or
``ZHENGWU_AUDIT_KEYS_FILE``): entries ``id:secret`` separated by commas or new lines, oldest first.
New events are sealed with the last (newest) key and carry its id, so older keys keep verifying
the events they sealed after a rotation: add the new key at the end, never remove an old one while
events sealed with it exist.

Production requires the variable (settings stop with a message). Development and tests derive a
key from ``var/audit-chain.key``, created with random content on first use.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,16}$")
MIN_SECRET_LENGTH = 32
LOCAL_KEY_ID = "local"
LOCAL_KEY_FILE = "audit-chain.key"


class AuditKeyError(ValueError):
    pass


def parse_keys(spec: str) -> list[tuple[str, bytes]]:
    """``id:secret`` entries, oldest first; raises ValueError with a message naming the problem."""
    keys: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    for raw in re.split(r"[,\n]", spec):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        key_id, sep, secret = entry.partition(":")
        key_id, secret = key_id.strip(), secret.strip()
        if not sep or not KEY_ID_PATTERN.match(key_id):
            raise ValueError(
                "每个审计密钥须写作 id:secret / each audit key must be written id:secret "
                "(id: 1-16 letters, digits, '.', '_' or '-')"
            )
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"审计密钥 {key_id} 过短 / audit key {key_id!r} is shorter than "
                f"{MIN_SECRET_LENGTH} characters"
            )
        if key_id in seen:
            raise ValueError(f"审计密钥 id 重复 / audit key id {key_id!r} is given twice")
        seen.add(key_id)
        keys.append((key_id, secret.encode("utf-8")))
    if not keys:
        raise ValueError("未给出审计密钥 / no audit key given")
    return keys


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, bytes]
    current: str

    def seal(self, message: bytes, key_id: str) -> str:
        key = self.keys.get(key_id)
        if key is None:
            raise AuditKeyError(f"unknown audit key {key_id!r}")
        return hmac.new(key, message, hashlib.sha256).hexdigest()


def _local_secret(var_dir: Path) -> bytes:
    """Development/test key: derived from a random file under var/, created on first use."""
    path = var_dir / LOCAL_KEY_FILE
    var_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    content = path.read_bytes().strip()
    if not content:
        raise AuditKeyError(f"{path} is empty; delete it only if no event was sealed with it")
    return hashlib.sha256(b"zhengwu-audit-chain:" + content).hexdigest().encode("ascii")


@lru_cache(maxsize=8)
def _ring(spec: str, var_dir: str) -> KeyRing:
    pairs = parse_keys(spec) if spec else [(LOCAL_KEY_ID, _local_secret(Path(var_dir)))]
    return KeyRing(keys=dict(pairs), current=pairs[-1][0])


def keyring() -> KeyRing:
    from django.conf import settings

    return _ring(settings.AUDIT_KEYS_SPEC or "", str(settings.VAR_DIR))
