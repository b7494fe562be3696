"""`zhengwu backup` and `zhengwu restore`, as an operator runs them: the demo backed up while the
system keeps writing, restored into an empty database of the same kind as this suite's (SQLite, or
the throwaway PostgreSQL cluster under scripts/with-postgres.sh), every table's row count and every
file compared, and `zhengwu audit verify` clean on the restored copy."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WRITER = """
import os, time
from django.db import transaction
from zhengwu.audit import services as audit
stop = os.environ["STOP_FILE"]
deadline = time.monotonic() + 120
n = 0
while time.monotonic() < deadline and not os.path.exists(stop):
    with transaction.atomic():
        audit.record(actor=None, action="core.backup_probe", obj=None, after={"n": n})
    n += 1
    if n == 20:
        print("writing", flush=True)
print(n)
"""


def zhengwu(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zhengwu.cli", *args],
        env=env, capture_output=True, text=True, timeout=900, check=check,
    )  # fmt: skip


class Site:
    """One installation: its own var folder (SQLite file, media, audit key) and database."""

    def __init__(self, root: Path, name: str, key: Path | None = None) -> None:
        self.var = root / name
        self.var.mkdir()
        if key is not None:  # the audit keys are kept outside the backup, as operators keep them
            shutil.copy(key, self.var / "audit-chain.key")
        self.env = {
            **os.environ, "ZHENGWU_VAR_DIR": str(self.var),
            "DJANGO_SETTINGS_MODULE": "zhengwu.settings",
        }  # fmt: skip
        self.env.pop("ZHENGWU_ENV", None)
        self.env.pop("DATABASE_URL", None)
        self.database = ""
        if connection.vendor == "postgresql":
            self.database = f"zw_backup_{name}_{uuid.uuid4().hex[:8]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.database}"')
            url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
            self.env["DATABASE_URL"] = f"{url}/{self.database}"

    def counts(self) -> dict[str, int]:
        script = (
            "from django.db import connection; from zhengwu.core.backup import _counts, _tables;"
            "import json; c = connection.cursor();"
            "print(json.dumps(_counts(c, connection.ops.quote_name)))"
        )
        import json

        return json.loads(zhengwu("shell", "-c", script, env=self.env).stdout.splitlines()[-1])

    def drop(self) -> None:
        if self.database:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def test_foundation_backup_while_running_restores_the_demo_exactly(tmp_path: Path) -> None:
    source = Site(tmp_path, "source")
    target = None
    try:
        zhengwu("migrate", "-v0", env=source.env)
        zhengwu("demo", "--no-logins", env=source.env)
        media = sorted(
            p.relative_to(source.var / "media") for p in (source.var / "media").rglob("*")
            if p.is_file()
        )  # fmt: skip
        assert media, "the demo stores files (answer letters)"

        # The system keeps writing audit events while the backup is taken.
        stop = tmp_path / "stop-writing"
        writer = subprocess.Popen(
            [sys.executable, "-m", "zhengwu.cli", "shell", "-c", WRITER],
            env={**source.env, "STOP_FILE": str(stop)},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        lines = iter(writer.stdout.readline, "")
        assert any(line.strip() == "writing" for line in lines), "the writer is under way"
        try:
            backup_file = tmp_path / "zhengwu.backup"
            done = zhengwu("backup", str(backup_file), env=source.env)
        finally:
            stop.touch()
            out, err = writer.communicate(timeout=150)
        assert writer.returncode == 0, err[-2000:]
        assert int(out.split()[-1]) > 0, "events were written during the backup"
        assert "backup written" in done.stdout
        assert backup_file.stat().st_mode & 0o077 == 0  # personal data: the operator's only

        target = Site(tmp_path, "target", key=source.var / "audit-chain.key")
        done = zhengwu("restore", str(backup_file), env=target.env)
        assert "restored and checked" in done.stdout, done.stderr

        # What the backup saw is what the restore holds: compare with the manifest's counts
        # (the source has gone on writing since) and the demo's own tables with the source.
        restored = target.counts()
        now = source.counts()
        for table, rows in restored.items():
            if table in {"audit_event", "audit_chainhead"}:
                assert rows <= now[table]
            else:
                assert rows == now[table], table
        assert restored["audit_event"] > 0
        restored_media = sorted(
            p.relative_to(target.var / "media") for p in (target.var / "media").rglob("*")
            if p.is_file()
        )  # fmt: skip
        assert restored_media == media
        for name in media:
            assert (target.var / "media" / name).read_bytes() == (
                source.var / "media" / name
            ).read_bytes()

        verify = zhengwu("audit", "verify", env=target.env, check=False)
        assert verify.returncode == 0, verify.stdout + verify.stderr

        # A second restore into the now non-empty site is refused and changes nothing.
        again = zhengwu("restore", str(backup_file), env=target.env, check=False)
        assert again.returncode != 0
        assert "not empty" in again.stderr and "不是空的" in again.stderr
        assert target.counts() == restored
        forced = zhengwu("restore", "--force", str(backup_file), env=target.env, check=False)
        assert forced.returncode == 0, forced.stderr
        assert target.counts() == restored
    finally:
        source.drop()
        if target is not None:
            target.drop()


def test_foundation_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    site = Site(tmp_path, "empty")
    try:
        junk = tmp_path / "junk.backup"
        junk.write_bytes(b"not a tar file at all")
        done = zhengwu("restore", str(junk), env=site.env, check=False)
        assert done.returncode != 0
        assert "not a readable backup" in done.stderr
        assert zhengwu("backup", str(junk), env=site.env, check=False).returncode != 0
        assert junk.read_bytes() == b"not a tar file at all"  # an existing file is never replaced
        if connection.vendor == "sqlite":
            assert (
                not (site.var / "zhengwu.sqlite3").exists()
                or not sqlite3.connect(site.var / "zhengwu.sqlite3")
                .execute("SELECT name FROM sqlite_master WHERE type='table'")
                .fetchall()
            )
    finally:
        site.drop()
