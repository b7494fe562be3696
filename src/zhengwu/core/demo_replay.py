"""Tests only: a demo generated once in a test process is replayed, not generated again.

Generating the demo runs every app's services — about 20,000 statements, 10 s on SQLite and 20 s
on PostgreSQL — and a dozen tests of each suite load it into the same freshly migrated database on
the same day. So the first load in a test process is generated and recorded: the rows it added to
and removed from every table (SQLite's sequences included), the files it wrote under MEDIA_ROOT,
the mail it sent and what it returned. A later load from the same starting point — the same rows
in every table, the same day (or the same frozen moment), the same parts, and on PostgreSQL a
recording made with fresh sequences when they are fresh now — writes the recorded rows instead,
in the test's transaction. Anything else is generated (and recorded in its turn). Each suite
still generates the demo in every test process, so the demo's own code runs in every run.

Only inside a transaction (the ordinary database tests): a test that commits — a live server, a
transactional test — generates, since the demo's after-commit work (audit checkpoints, queued
jobs) is not replayed. Installed by conftest.py; `zhengwu demo` and production never replay.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

from zhengwu.core import clock

Row = tuple
State = dict[str, frozenset[Row]]


@dataclasses.dataclass(frozen=True)
class _Ref:
    """A model instance in a recorded result: fetched again by primary key when replayed."""

    label: str
    pk: Any


@dataclasses.dataclass(frozen=True)
class _Record:
    """A dataclass in a recorded result (the demo's context): its fields, recorded."""

    kind: type
    fields: dict[str, Any]


@dataclasses.dataclass
class _Table:
    name: str
    columns: tuple[str, ...]  # the columns written on replay (PostgreSQL's generated ones left out)
    key: tuple[int, ...]  # the positions of the key columns (the primary key, else every column)
    # PostgreSQL: the id column and its sequence, for tables whose ids a sequence gives
    sequence_column: str | None = None
    sequence: str | None = None


@dataclasses.dataclass
class _Recording:
    before: State
    sequences: str  # PostgreSQL: "fresh" or "used" (_sequence_class); "" on SQLite
    removed: dict[str, list[Row]]
    added: dict[str, list[Row]]
    files: dict[str, bytes]
    mail: list[Any]
    result: Any


@dataclasses.dataclass
class _FullText:
    """An SQLite FTS5 table kept from a content table (written through its own commands)."""

    name: str
    content: str
    rowid: str
    columns: tuple[str, ...]


class Replayer:
    def __init__(self) -> None:
        self._recordings: dict[Hashable, list[_Recording]] = {}
        self._schema: tuple[str, dict[str, _Table], list[_FullText]] | None = None

    # --- entry point ----------------------------------------------------------------------

    def __call__(self, label: Hashable, generate: Callable[[], Any]) -> Any:
        if not connection.in_atomic_block or connection.vendor not in ("sqlite", "postgresql"):
            return generate()
        tables, full_text = self._tables()
        moment = clock._frozen.get()  # a frozen moment is part of what the demo writes
        key = (label, connection.vendor, clock.today() if moment is None else moment)
        before = self._state(tables)
        sequences = self._sequence_class(tables, before)
        for recording in self._recordings.get(key, ()):
            # Fresh sequences promise the ids of a fresh database: only a recording made so keeps
            # that promise. Used ones promise nothing, and any recording will do.
            if recording.before == before and sequences in ("used", recording.sequences):
                return self._replay(recording, tables, full_text)
        media_before = _files(settings.MEDIA_ROOT)
        mail_before = len(_outbox())
        result = generate()
        after = self._state(tables)
        removed = {t: list(before[t] - after[t]) for t in tables if before[t] - after[t]}
        added = {t: list(after[t] - before[t]) for t in tables if after[t] - before[t]}
        media_after = _files(settings.MEDIA_ROOT)
        files = {
            path: Path(settings.MEDIA_ROOT, path).read_bytes()
            for path, stamp in media_after.items()
            if media_before.get(path) != stamp
        }
        recorded = _as_refs(result)
        if recorded is not _UNRECORDABLE and set(media_before) <= set(media_after):
            self._recordings.setdefault(key, []).append(
                _Recording(
                    before,
                    sequences,
                    removed,
                    added,
                    files,
                    copy.deepcopy(_outbox()[mail_before:]),
                    recorded,
                )
            )
        return result

    # --- replaying ------------------------------------------------------------------------

    def _replay(self, recording: _Recording, tables: dict[str, _Table], full_text) -> Any:
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for index in full_text:  # the index forgets the rows about to go (their old text)
                for row in recording.removed.get(index.content, ()):
                    values = _pick(tables[index.content], row, (index.rowid, *index.columns))
                    cursor.execute(
                        f"INSERT INTO {quote(index.name)} ({quote(index.name)}, rowid, "  # noqa: S608 — names from the schema
                        f"{', '.join(map(quote, index.columns))}) "
                        f"VALUES ('delete', {', '.join(['%s'] * len(values))})",
                        values,
                    )
            for name, rows in recording.removed.items():
                table = tables[name]
                where = " AND ".join(f"{quote(table.columns[i])} = %s" for i in table.key)
                cursor.executemany(
                    f"DELETE FROM {quote(name)} WHERE {where}",  # noqa: S608 — names from the schema
                    [[row[i] for i in table.key] for row in rows],
                )
            for name, rows in recording.added.items():
                table = tables[name]
                cursor.executemany(
                    f"INSERT INTO {quote(name)} ({', '.join(map(quote, table.columns))}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(table.columns))})",
                    rows,
                )
            for index in full_text:
                for row in recording.added.get(index.content, ()):
                    values = _pick(tables[index.content], row, (index.rowid, *index.columns))
                    names = ", ".join(map(quote, index.columns))
                    cursor.execute(
                        f"INSERT INTO {quote(index.name)} (rowid, {names}) "  # noqa: S608
                        f"VALUES ({', '.join(['%s'] * len(values))})",
                        values,
                    )
            for name in recording.added:
                table = tables[name]
                if table.sequence:  # the next id after the rows written, never behind the sequence
                    column = quote(table.sequence_column)
                    largest = f"SELECT COALESCE(MAX({column}), 0) FROM {quote(name)}"  # noqa: S608
                    cursor.execute(
                        f"SELECT setval(%s, GREATEST(({largest}) + 1, nextval(%s)), false)",
                        [table.sequence, table.sequence],
                    )
        for path, content in recording.files.items():
            target = Path(settings.MEDIA_ROOT, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        outbox = _outbox()
        outbox.extend(copy.deepcopy(recording.mail))
        # What the services' signals would have told this process (portal.apps): forget the
        # pages and memos of the register as it was.
        from django.core.cache import caches

        from zhengwu.portal import memo

        memo.clear()
        for alias in settings.CACHES:
            caches[alias].clear()
        return _from_refs(recording.result)

    # --- reading the database -------------------------------------------------------------

    def _tables(self) -> tuple[dict[str, _Table], list[_FullText]]:
        alias = settings.DATABASES["default"]["NAME"]
        if self._schema is not None and self._schema[0] == f"{connection.vendor}:{alias}":
            return self._schema[1], self._schema[2]
        quote = connection.ops.quote_name
        tables: dict[str, _Table] = {}
        full_text: list[_FullText] = []
        skipped: set[str] = set()
        generated: set[tuple[str, str]] = set()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                    "AND sql LIKE 'CREATE VIRTUAL TABLE%'"
                )
                for name, sql in cursor.fetchall():
                    skipped.add(name)
                    skipped.update(
                        f"{name}_{s}" for s in ("data", "idx", "content", "docsize", "config")
                    )
                    content = re.search(r"content\s*=\s*'(\w+)'", sql)
                    rowid = re.search(r"content_rowid\s*=\s*'(\w+)'", sql)
                    inner = sql[sql.index("(") + 1 : sql.rindex(")")]
                    columns = tuple(
                        c.strip() for c in inner.split(",") if c.strip() and "=" not in c
                    )
                    if content is None or rowid is None:
                        raise RuntimeError(f"{name}: only external-content FTS5 tables replay")
                    full_text.append(_FullText(name, content[1], rowid[1], columns))
            else:
                cursor.execute(
                    "SELECT table_name, column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND is_generated = 'ALWAYS'"
                )
                generated = {(t, c) for t, c in cursor.fetchall()}
            by_table = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
            for name in connection.introspection.table_names(cursor):
                if name in skipped:
                    continue
                cursor.execute(f"SELECT * FROM {quote(name)} WHERE 1 = 0")  # noqa: S608
                columns = tuple(d[0] for d in cursor.description if (name, d[0]) not in generated)
                model = by_table.get(name)
                key_column = (
                    model._meta.pk.column
                    if model is not None
                    else connection.introspection.get_primary_key_column(cursor, name)
                )
                key = (
                    (columns.index(key_column),)
                    if key_column in columns
                    else tuple(range(len(columns)))
                )
                table = _Table(name, columns, key)
                serial = model is not None and isinstance(model._meta.pk, models.AutoField)
                if serial and connection.vendor == "postgresql":
                    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [name, key_column])
                    (table.sequence,) = cursor.fetchone()
                    table.sequence_column = key_column if table.sequence else None
                tables[name] = table
            if connection.vendor == "sqlite":
                tables["sqlite_sequence"] = _Table("sqlite_sequence", ("name", "seq"), (0,))
        self._schema = (f"{connection.vendor}:{alias}", tables, full_text)
        return tables, full_text

    def _state(self, tables: dict[str, _Table]) -> State:
        quote = connection.ops.quote_name
        state: State = {}
        with connection.cursor() as cursor:
            for name, table in tables.items():
                cursor.execute(
                    f"SELECT {', '.join(map(quote, table.columns))} FROM {quote(name)}"  # noqa: S608
                )
                state[name] = frozenset(tuple(map(_plain, row)) for row in cursor.fetchall())
        return state

    def _sequence_class(self, tables: dict[str, _Table], state: State) -> str:
        """PostgreSQL's sequences are not rolled back: 'fresh' when every next id follows the
        largest one (core.permission_matrix.restart_sequences), else 'used' — ids then differ
        from run to run anyway. SQLite's sequences are rows of the state."""
        if connection.vendor != "postgresql":
            return ""
        with connection.cursor() as cursor:
            for name, table in tables.items():
                if not table.sequence:
                    continue
                cursor.execute(f"SELECT last_value, is_called FROM {table.sequence}")  # noqa: S608
                last, called = cursor.fetchone()
                position = table.columns.index(table.sequence_column)
                largest = max((row[position] for row in state[name]), default=0)
                if last + (1 if called else 0) != largest + 1:
                    return "used"
        return "fresh"


# --- helpers -----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, list):
        return tuple(value)
    return value


def _pick(table: _Table, row: Row, names: tuple[str, ...]) -> list[Any]:
    return [row[table.columns.index(n)] for n in names]


def _files(root: Any) -> dict[str, tuple[int, int]]:
    base = Path(root)
    if not base.is_dir():
        return {}
    found = {}
    for path in base.rglob("*"):
        if path.is_file():
            info = path.stat()
            found[str(path.relative_to(base))] = (info.st_size, info.st_mtime_ns)
    return found


def _outbox() -> list[Any]:
    from django.core import mail

    if not hasattr(mail, "outbox"):
        mail.outbox = []
    return mail.outbox


_UNRECORDABLE = object()


def _as_refs(value: Any) -> Any:
    if isinstance(value, models.Model):
        return _Ref(value._meta.label, value.pk)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {}
        for field in dataclasses.fields(value):
            inner = _as_refs(getattr(value, field.name))
            if inner is _UNRECORDABLE:
                return _UNRECORDABLE
            fields[field.name] = inner
        return _Record(type(value), fields)
    if isinstance(value, dict):
        items = {k: _as_refs(v) for k, v in value.items()}
        return _UNRECORDABLE if _UNRECORDABLE in items.values() else items
    if isinstance(value, list | tuple):
        items = [_as_refs(v) for v in value]
        if any(v is _UNRECORDABLE for v in items):
            return _UNRECORDABLE
        return type(value)(items)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    try:
        return copy.deepcopy(value)
    except Exception:  # anything that cannot be copied is not replayed
        return _UNRECORDABLE


def _from_refs(value: Any) -> Any:
    if isinstance(value, _Ref):
        return apps.get_model(value.label)._base_manager.get(pk=value.pk)
    if isinstance(value, _Record):
        return value.kind(**{name: _from_refs(v) for name, v in value.fields.items()})
    if isinstance(value, dict):
        return {k: _from_refs(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_from_refs(v) for v in value)
    return copy.deepcopy(value)
