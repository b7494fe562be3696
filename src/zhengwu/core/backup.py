"""Backup and restore of one installation: the database, the stored files and the audit checkpoints.

A backup is one tar file:

    manifest.json            format, time, database vendor, row count per table, migrations applied,
                             every stored file with its size and SHA-256
    database.sqlite3         SQLite: a copy made with SQLite's online backup API
    database.pgdump          PostgreSQL: pg_dump's custom format
    media/<name>             every file of the default storage (local folder or S3 bucket)
    var/audit-checkpoints.log

Consistent while the system runs: SQLite's backup API copies one committed state; on PostgreSQL the
row counts are read in a REPEATABLE READ transaction whose snapshot is handed to pg_dump
(`--snapshot`), so the dump and the manifest see the same instant. Files are copied after the
database: a record's file is stored before the record commits, so every file the copied database
names is there (a file stored later is an extra, harmless). The audit keys are secrets kept outside
the database and are not in the backup; restore on a machine that has them, or `audit verify` fails.

Restore refuses a database that already has tables, or a storage that already has files, unless
`force` is given; it then checks every table's row count and every file's digest against the
manifest. The huey queue is not backed up: jobs are idempotent and the schedule recreates them.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection, connections

from zhengwu.core import clock, pgcluster

FORMAT = "zhengwu-backup/1"
CHECKPOINTS = "audit-checkpoints.log"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (in Chinese and English)."""


@dataclass
class Summary:
    tables: int = 0
    rows: int = 0
    files: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)


# --- database ----------------------------------------------------------------------------------


def _vendor() -> str:
    return connection.vendor


def _pg_tool(name: str) -> str:
    try:
        return pgcluster.tool(name)
    except pgcluster.NotInstalled as exc:
        raise BackupError(
            f"未找到 {name}（apt-get install postgresql-client） / {name} not found"
        ) from exc


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                     ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):  # fmt: skip
        if db.get(key):
            env[var] = str(db[key])
    return env


def _tables(cursor: Any) -> list[str]:
    if _vendor() == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    return [row[0] for row in cursor.fetchall()]


def _counts(cursor: Any, quote: Any) -> dict[str, int]:
    counts = {}
    for table in _tables(cursor):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from catalog
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor: Any) -> dict[str, str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = max(latest.get(app, ""), name)
    return latest


def _dump_sqlite(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # one committed state, while other connections go on writing
    finally:
        source.close()
    try:
        cursor = copy.cursor()
        counts = _counts(cursor, lambda t: '"' + t.replace('"', '""') + '"')
        migrations = _migrations(cursor)
    finally:
        copy.close()
    return counts, migrations


def _dump_postgresql(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.autocommit
    raw.autocommit = False
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _counts(cursor, connection.ops.quote_name)
            migrations = _migrations(cursor)
            done = subprocess.run(
                [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot}", f"--file={target}"],
                env=_pg_env(), capture_output=True, text=True, timeout=6 * 3600,
            )  # fmt: skip
        raw.rollback()
    finally:
        raw.autocommit = previous
    if done.returncode != 0:
        raise BackupError(f"pg_dump 失败 / pg_dump failed: {done.stderr.strip()[-500:]}")
    return counts, migrations


# --- files -------------------------------------------------------------------------------------


def _stored_names(storage: Any, folder: str = "") -> list[str]:
    directories, files = storage.listdir(folder)
    names = [f"{folder}/{name}" if folder else name for name in files]
    for directory in directories:
        names += _stored_names(storage, f"{folder}/{directory}" if folder else directory)
    return sorted(names)


def _storage_names() -> list[str]:
    try:
        return _stored_names(default_storage)
    except FileNotFoundError:  # a local media folder not created yet: no files
        return []


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(clock.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _add_stream(archive: tarfile.TarFile, name: str, stream: Any) -> tuple[int, str]:
    """Copy a stored file into the archive through a spool file, with its size and digest."""
    digest = hashlib.sha256()
    with tempfile.TemporaryFile() as spool:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
            spool.write(chunk)
        size = spool.tell()
        spool.seek(0)
        info = tarfile.TarInfo(name)
        info.size = size
        info.mtime = int(clock.now().timestamp())
        info.mode = 0o600
        archive.addfile(info, spool)
    return size, digest.hexdigest()


# --- backup ------------------------------------------------------------------------------------


def backup(path: Path) -> Summary:
    """Write the backup of this installation to `path` (a new file; an existing one is refused)."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"文件已存在 / file exists: {path}")
    summary = Summary()
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="zhengwu-backup-") as work:
        # The checkpoints first: each line is written after its events commit, so every event a
        # copied checkpoint names is in the database copied next (the other order could copy a
        # checkpoint of an event the copy lacks, which `audit verify` rightly calls a deletion).
        checkpoints = Path(settings.AUDIT_CHECKPOINT_FILE)
        signed = checkpoints.read_bytes() if checkpoints.exists() else None
        if _vendor() == "sqlite":
            database = Path(work) / "database.sqlite3"
            counts, migrations = _dump_sqlite(database)
        elif _vendor() == "postgresql":
            database = Path(work) / "database.pgdump"
            counts, migrations = _dump_postgresql(database)
        else:
            raise BackupError(f"不支持的数据库 / unsupported database: {_vendor()}")
        files: dict[str, dict[str, Any]] = {}
        try:
            partial.touch(mode=0o600)  # personal data inside: readable by the operator only
            with tarfile.open(partial, "w") as archive:
                archive.add(database, arcname=database.name)
                for name in _storage_names():
                    try:
                        stream = default_storage.open(name, "rb")
                    except FileNotFoundError:  # deleted since it was listed
                        continue
                    with stream:
                        size, sha = _add_stream(archive, f"media/{name}", stream)
                    files[name] = {"size": size, "sha256": sha}
                if signed is not None:
                    _add_bytes(archive, f"var/{CHECKPOINTS}", signed)
                manifest = {
                    "format": FORMAT,
                    "created_at": clock.now().isoformat(),
                    "database": _vendor(),
                    "tables": counts,
                    "migrations": migrations,
                    "files": files,
                }
                _add_bytes(
                    archive,
                    "manifest.json",
                    json.dumps(manifest, ensure_ascii=False, indent=1).encode(),
                )
            os.replace(partial, path)  # a backup file is complete or absent
        finally:
            partial.unlink(missing_ok=True)
    summary.tables = len(counts)
    summary.rows = sum(counts.values())
    summary.files = len(files)
    summary.bytes = sum(f["size"] for f in files.values())
    return summary


# --- restore -----------------------------------------------------------------------------------


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
    except KeyError as exc:
        raise BackupError("不是本系统的备份文件 / not a zhengwu backup (no manifest)") from exc
    manifest = json.load(member)  # type: ignore[arg-type]
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式不符 / unknown backup format: {manifest.get('format')!r}")
    return manifest


def database_tables() -> list[str]:
    with connection.cursor() as cursor:
        return _tables(cursor)


def _restore_sqlite(archive: tarfile.TarFile) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    try:
        member = archive.extractfile("database.sqlite3")
    except KeyError:
        member = None
    if member is None:
        raise BackupError("备份缺少数据库 / the backup holds no database")
    connections.close_all()
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = target.with_name(target.name + ".restoring")
    with open(fresh, "wb") as out:
        shutil.copyfileobj(member, out)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    os.replace(fresh, target)
    with sqlite3.connect(target) as db:
        db.execute("PRAGMA journal_mode=WAL")


def _restore_postgresql(archive: tarfile.TarFile, force: bool) -> None:
    try:
        member = archive.extractfile("database.pgdump")
    except KeyError:
        member = None
    if member is None:
        raise BackupError("备份缺少数据库 / the backup holds no database")
    if force:
        with connection.cursor() as cursor:  # the tables live in "public" (Django's default)
            cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    connections.close_all()
    with tempfile.NamedTemporaryFile(suffix=".pgdump") as dump:
        shutil.copyfileobj(member, dump)
        dump.flush()
        done = subprocess.run(
            [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", "--dbname", settings.DATABASES["default"]["NAME"], dump.name],
            env=_pg_env(), capture_output=True, text=True, timeout=6 * 3600,
        )  # fmt: skip
    if done.returncode != 0:
        raise BackupError(f"pg_restore 失败 / pg_restore failed: {done.stderr.strip()[-500:]}")


def restore(path: Path, *, force: bool = False) -> Summary:
    """Restore a backup into this installation's (empty) database and storage, then check it."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件 / no such backup file: {path}")
    try:
        archive = tarfile.open(path, "r")  # noqa: SIM115 - closed by the with below
    except tarfile.TarError as exc:
        raise BackupError(f"无法读取备份文件 / not a readable backup: {exc}") from exc
    summary = Summary()
    with archive:
        manifest = _read_manifest(archive)
        if manifest["database"] != _vendor():
            raise BackupError(
                f"备份来自 {manifest['database']}，当前数据库为 {_vendor()} / the backup is of "
                f"{manifest['database']}, this database is {_vendor()}"
            )
        if not force:
            if database_tables():
                raise BackupError(
                    "数据库不是空的，未恢复；确需覆盖请加 --force / the database is not empty; "
                    "nothing restored (use --force to replace it)"
                )
            if _storage_names():
                raise BackupError(
                    "文件存储不是空的，未恢复；确需覆盖请加 --force / the file storage is not "
                    "empty; nothing restored (use --force to replace it)"
                )
        if _vendor() == "sqlite":
            _restore_sqlite(archive)
        else:
            _restore_postgresql(archive, force)
        for name in manifest["files"]:
            try:
                member = archive.extractfile(f"media/{name}")
            except KeyError:
                member = None
            if member is None:
                summary.problems.append(f"missing file in backup: {name}")
                continue
            if default_storage.exists(name):
                default_storage.delete(name)
            stored = default_storage.save(name, File(member, name=os.path.basename(name)))
            if stored != name:
                summary.problems.append(f"file stored as {stored}, expected {name}")
        try:
            data = archive.extractfile(f"var/{CHECKPOINTS}")
        except KeyError:
            data = None
        if data is not None:
            target = Path(settings.AUDIT_CHECKPOINT_FILE)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data.read())
    summary.problems += verify_restored(manifest)
    summary.tables = len(manifest["tables"])
    summary.rows = sum(manifest["tables"].values())
    summary.files = len(manifest["files"])
    summary.bytes = sum(f["size"] for f in manifest["files"].values())
    return summary


def verify_restored(manifest: dict[str, Any]) -> list[str]:
    """Every table's row count and every file's digest as the manifest says."""
    problems = []
    with connection.cursor() as cursor:
        counts = _counts(cursor, connection.ops.quote_name)
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows, backup had {expected}")
    for name, expected in manifest["files"].items():
        digest = hashlib.sha256()
        try:
            with default_storage.open(name, "rb") as stream:
                for chunk in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(chunk)
        except FileNotFoundError:
            problems.append(f"file {name} missing after restore")
            continue
        if digest.hexdigest() != expected["sha256"]:
            problems.append(f"file {name} differs from the backup")
    return problems


def describe(summary: Summary) -> str:
    return (
        f"{summary.tables} 张表 {summary.rows} 行，{summary.files} 个文件 "
        f"{summary.bytes} 字节 / {summary.tables} tables, {summary.rows} rows, "
        f"{summary.files} files, {summary.bytes} bytes"
    )
