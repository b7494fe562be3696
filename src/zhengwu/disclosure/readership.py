"""Read counts of public items ("most read" on the portal home).

A page view must not take SQLite's write lock: counts are buffered per process and written in one
short transaction every `FLUSH_EVERY` views or `FLUSH_SECONDS` seconds. A count is a popularity
hint, not a record: views buffered in a process that dies are lost, by design.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from django.db import connection, transaction

FLUSH_EVERY = 200
FLUSH_SECONDS = 30.0

_lock = threading.Lock()
_pending: Counter[int] = Counter()
_last_flush = time.monotonic()


def record_view(item_id: int) -> None:
    global _last_flush
    with _lock:
        _pending[item_id] += 1
        due = (
            sum(_pending.values()) >= FLUSH_EVERY or time.monotonic() - _last_flush > FLUSH_SECONDS
        )
        if not due:
            return
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    write(batch)


def write(batch: dict[int, int]) -> None:
    # One statement for the batch (200 distinct items when every read is of a different one), in
    # id order: two processes flushing at once lock their rows in the same order, so one waits for
    # the other instead of each holding a row the other needs (PostgreSQL's deadlock detector
    # would fail one visitor's page with a 503).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE disclosure_informationitem SET view_count = view_count + %s WHERE id = %s",
            [(count, item_id) for item_id, count in sorted(batch.items())],
        )


def flush() -> None:
    """Write every buffered count now (tests, shutdown)."""
    with _lock:
        batch = dict(_pending)
        _pending.clear()
    if batch:
        write(batch)
