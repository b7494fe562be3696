"""Benchmark: the S-8 warning sweep over 1,000,000 open deadlines, on SQLite and PostgreSQL.

Run from the repository root:  .venv/bin/python benchmarks/sweep.py [--rows N]

Each database gets a fresh schema (`migrate`) in a throwaway place — SQLite in a temporary folder,
PostgreSQL through scripts/with-postgres.sh — and is filled with bulk inserts (executemany on
SQLite, COPY on PostgreSQL): `--rows` open deadlines of ledger, disclosure and application rules,
due from 90 calendar days before to 120 days after the benchmark day (2026-11-26 09:00, bureau
time), about 10% of them overdue. Then it times:

- first sweep: raising every warning level (one INSERT … SELECT and one UPDATE per level);
- rerun: the same sweep again, and how many warnings the rerun created (must be 0);
- scan: a bare `SELECT COUNT(*)` of the overdue open rows, the floor any sweep must read;
- follow-ups: the outbox processing of 2,000 warnings (audit event and to-dos per warning; done by
  the worker in batches after the sweep, so not part of the sweep time).

The last line is machine-readable:
`sqlite_first=S sqlite_rerun=R rerun_created=N ratio_to_scan=X` (X = SQLite rerun / bare scan).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AT = "2026-11-26T09:00"
SEED = 20261126


def run_child(backend: str, rows: int) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        ZHENGWU_ENV="test",
        ZHENGWU_DEBUG="0",
        ZHENGWU_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="zhengwu.settings",
    )
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--rows", str(rows)]
    with tempfile.TemporaryDirectory() as tmp:
        env["ZHENGWU_VAR_DIR"] = tmp
        if backend == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        else:
            command = ["bash", str(ROOT / "scripts" / "with-postgres.sh"), *command]
        done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{backend}: benchmark failed")
    sys.stderr.write(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(rows: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from zhengwu.core import clock
    from zhengwu.warnings import services
    from zhengwu.workdays.models import Deadline
    from zhengwu.workdays.policy import current_limit

    call_command("migrate", verbosity=0)
    moment = dt.datetime.fromisoformat(AT).replace(tzinfo=clock.LOCAL_TZ).astimezone(dt.UTC)
    today = clock.local(moment).date()
    limits = {rule: current_limit(rule).pk for rule in ("S-1", "S-2", "S-3", "S-4", "D-7", "R-3")}
    rng = random.Random(SEED)
    fields = [f for f in Deadline._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    now = clock.now()

    def row(i: int) -> list[object]:
        rule = rng.choice(list(limits))
        # ~10% overdue: due 1..90 days ago; the rest due today..120 days ahead.
        offset = -rng.randint(1, 90) if rng.random() < 0.1 else rng.randint(0, 120)
        due = today + dt.timedelta(days=offset)
        values = {
            "bureau_id": 1, "owner_type": "bench.milestone", "owner_id": str(i),
            "rule_id": rule, "time_limit_id": limits[rule],
            "start_date": due - dt.timedelta(days=5), "due_date": due, "fixed": False,
            "paused_workdays": 0, "paused_since": None, "extension_workdays": 0,
            "calendar_years": "[]", "unconfirmed_years": "[]", "status": "open", "met_on": None,
            "warning_level": 0, "created_at": now, "updated_at": now,
        }  # fmt: skip
        return [values[c] for c in columns]

    started = time.perf_counter()
    table = connection.ops.quote_name(Deadline._meta.db_table)
    column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
    batch = 50_000
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for i in range(rows):
                    copy.write_row(row(i))
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({column_list}) VALUES ({marks})"
            for first in range(0, rows, batch):
                cursor.executemany(sql, [row(i) for i in range(first, min(rows, first + batch))])
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}" if connection.vendor == "postgresql" else "ANALYZE")
    fill = time.perf_counter() - started

    started = time.perf_counter()
    first = services.sweep(at=moment)
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = services.sweep(at=moment)
    rerun_seconds = time.perf_counter() - started

    scans = []
    for _ in range(3):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} WHERE status = %s AND due_date < %s",
                ["open", today],
            )
            overdue = cursor.fetchone()[0]
        scans.append(time.perf_counter() - started)
    scan = min(scans)

    started = time.perf_counter()
    with clock.frozen(moment):
        processed = services.process_new_warnings(limit=2000)
    followups = time.perf_counter() - started

    print(
        json.dumps(
            {
                "backend": connection.vendor, "rows": rows, "overdue": overdue,
                "fill": round(fill, 2), "first": round(first_seconds, 3),
                "first_created": first.total, "by_level": first.raised,
                "rerun": round(rerun_seconds, 3), "rerun_created": again.total,
                "scan": round(scan, 4),
                "followups_per_second": round(processed / followups, 1) if followups else 0,
            }
        )
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.rows)
        return
    results = {"sqlite": run_child("sqlite", args.rows)}
    if not args.skip_postgres:
        results["postgresql"] = run_child("postgresql", args.rows)
    for name, r in results.items():
        print(
            f"{name:10} rows={r['rows']} overdue={r['overdue']} fill={r['fill']}s "
            f"first_sweep={r['first']}s (created {r['first_created']}: {r['by_level']}) "
            f"rerun={r['rerun']}s rerun_created={r['rerun_created']} "
            f"bare_scan={r['scan']}s follow-ups={r['followups_per_second']}/s"
        )
    sqlite = results["sqlite"]
    ratio = sqlite["rerun"] / sqlite["scan"] if sqlite["scan"] else float("inf")
    print(
        f"sqlite_first={sqlite['first']} sqlite_rerun={sqlite['rerun']} "
        f"rerun_created={sqlite['rerun_created']} ratio_to_scan={ratio:.2f}"
    )


if __name__ == "__main__":
    main()
