"""The worker (issue 5, point 5): schedule overrides, crash safety, a real huey consumer, races.

The subprocess tests run the real `zhengwu` command against a file SQLite database and a huey file
in a temporary directory, as a deployment does.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from zhengwu.warnings import jobs, services
from zhengwu.warnings.models import OverdueWarning

ROOT = Path(__file__).resolve().parents[4]
MAKE_DEADLINES = """
import datetime as dt
from zhengwu.core import clock
from zhengwu.workdays.models import Deadline
from zhengwu.workdays.policy import current_limit
limit = current_limit("S-1")
now = clock.now()
Deadline.objects.bulk_create([
    Deadline(owner_type="test.item", owner_id=str(i), rule_id="S-1", time_limit=limit,
             start_date=dt.date(2026, 3, 2),
             due_date=dt.date(2026, 3, 2) + dt.timedelta(days=i % 3),
             created_at=now, updated_at=now)
    for i in range({n})
])
"""


def _env(directory: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "ZHENGWU_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="zhengwu.settings",
        ZHENGWU_ENV="test",
        DATABASE_URL=f"sqlite:///{directory / 'db.sqlite3'}",
        ZHENGWU_VAR_DIR=str(directory),
        ZHENGWU_LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def _zhengwu(directory: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zhengwu.cli", *args], env=_env(directory, **extra),
        capture_output=True, text=True, timeout=180, check=True, cwd=ROOT,
    )  # fmt: skip


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("template")
    _zhengwu(directory, "migrate", "--noinput", "-v0")
    return directory / "db.sqlite3"


@pytest.fixture
def site(migrated: Path, tmp_path: Path) -> Path:
    shutil.copy(migrated, tmp_path / "db.sqlite3")
    return tmp_path


def _counts(directory: Path) -> dict[str, int]:
    with sqlite3.connect(directory / "db.sqlite3") as db:
        q = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "warnings": q("SELECT COUNT(*) FROM warnings_overduewarning"),
            "distinct": q(
                "SELECT COUNT(*) FROM (SELECT DISTINCT deadline_id, level "
                "FROM warnings_overduewarning)"
            ),
            "level1": q("SELECT COUNT(*) FROM warnings_overduewarning WHERE level = 1"),
            "level3": q("SELECT COUNT(*) FROM warnings_overduewarning WHERE level = 3"),
            "unprocessed": q(
                "SELECT COUNT(*) FROM warnings_overduewarning WHERE processed_at IS NULL"
            ),
            "phone": q("SELECT COUNT(*) FROM warnings_phonereminder"),
            "key": q("SELECT COUNT(*) FROM warnings_keysupervisionitem"),
        }


def test_schedule_entries_are_overridable_by_environment(monkeypatch) -> None:
    assert jobs.crontab_of("sweep") == "*/5 * * * *"
    monkeypatch.setenv("ZHENGWU_SCHEDULE_SWEEP", "*/2 * * * *")
    assert jobs.crontab_of("sweep") == "*/2 * * * *"
    # Crontabs are read in the bureau's time: 17:30 in Beijing is 09:30 UTC.
    digest = jobs.local_crontab("digest")
    assert digest(dt.datetime(2026, 3, 2, 9, 30))
    assert not digest(dt.datetime(2026, 3, 2, 17, 30))
    monkeypatch.setenv("ZHENGWU_SCHEDULE_DIGEST", "off")
    assert not jobs.local_crontab("digest")(dt.datetime(2026, 3, 2, 9, 30))
    assert {e.name for e in jobs.SCHEDULE} >= {"sweep", "reminders", "digest", "calendar"}


@pytest.mark.one_database
def test_S8_worker_killed_mid_sweep_loses_nothing(site: Path) -> None:
    _zhengwu(site, "shell", "-c", MAKE_DEADLINES.format(n=300))
    command = [sys.executable, "-m", "zhengwu.cli", "sweep", "--at", "2026-03-20T09:00"]
    worker = subprocess.Popen(
        command, env=_env(site, ZHENGWU_SWEEP_PAUSE_AFTER_LEVEL="1"),
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert worker.stdout is not None
        line = worker.stdout.readline()
        assert line.strip() == "paused after level 1 (not committed)"
        os.kill(worker.pid, signal.SIGKILL)  # mid-sweep: level 1 written, 2 and 3 not
    finally:
        worker.wait(timeout=30)
        if worker.stdout is not None:
            worker.stdout.close()
    assert _counts(site)["warnings"] == 0  # nothing half-done is left behind
    out = _zhengwu(site, "sweep", "--at", "2026-03-20T09:00").stdout
    assert "level 1: 300 warnings raised" in out
    assert "level 3: 300 warnings raised" in out
    done = _counts(site)
    assert done == {"warnings": 900, "distinct": 900, "level1": 300, "level3": 300,
                    "unprocessed": 0, "phone": 300, "key": 300}  # fmt: skip


@pytest.mark.one_database
def test_S8_two_workers_at_once_create_no_duplicates(site: Path) -> None:
    _zhengwu(site, "shell", "-c", MAKE_DEADLINES.format(n=300))
    command = [sys.executable, "-m", "zhengwu.cli", "sweep", "--at", "2026-03-20T09:00"]
    workers = [
        subprocess.Popen(command, env=_env(site), stdout=subprocess.PIPE, text=True, cwd=ROOT)
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=180)[0] for w in workers]
    assert all(w.returncode == 0 for w in workers), outputs
    done = _counts(site)
    assert (done["warnings"], done["distinct"], done["phone"], done["key"]) == (900, 900, 300, 300)
    assert done["unprocessed"] == 0


@pytest.mark.one_database
def test_real_huey_consumer_runs_a_queued_sweep(site: Path) -> None:
    _zhengwu(site, "shell", "-c", MAKE_DEADLINES.format(n=30))
    consumer = subprocess.Popen(
        [sys.executable, "-m", "zhengwu.cli", "run_huey", "--no-periodic", "--workers", "1"],
        env=_env(site), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
    )  # fmt: skip
    try:
        _zhengwu(site, "shell", "-c",
                 "from zhengwu.warnings.jobs import sweep_task; sweep_task()")  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            counts = _counts(site)
            if counts["warnings"] == 90 and counts["unprocessed"] == 0:
                break
            time.sleep(0.5)
        assert _counts(site)["warnings"] == 90  # deadlines of March 2026, swept as of today
        assert _counts(site)["key"] == 30
    finally:
        consumer.send_signal(signal.SIGTERM)
        try:
            consumer.wait(timeout=20)
        except subprocess.TimeoutExpired:
            consumer.kill()
            consumer.wait()


# Threads need a database that several connections can write at once: PostgreSQL. The SQLite test
# database is a shared-cache in-memory one (table locks, no busy wait), so on SQLite the two-process
# test above is the proof and this one is not collected.
_ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]


# serialized_rollback: a transactional test elsewhere on this worker may have emptied the tables
# the migrations fill (catalogue, calendar, time limits); this restores them first.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def _two_threads_sweeping_at_once_create_no_duplicates(cast) -> None:
    from zhengwu.warnings.tests.helpers import ensure_default_limits
    from zhengwu.workdays import services as deadlines

    ensure_default_limits()  # earlier transactional tests flush the seeded policy rows
    for i in range(40):
        deadlines.open_fixed_deadline(
            by=None, owner=("test.race", i), rule_id="S-1", start=dt.date(2026, 3, 2),
            due_date=dt.date(2026, 3, 2), bureau_id=cast.bureau.pk,
        )  # fmt: skip
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    moment = dt.datetime(2026, 3, 20, 1, 0, tzinfo=dt.UTC)

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            services.sweep(at=moment)
            services.process_all_new_warnings(batch=7)
        except BaseException as exc:  # reported below with its cause
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert OverdueWarning.objects.count() == 120
    assert not OverdueWarning.objects.filter(processed_at__isnull=True).exists()
    from zhengwu.warnings.models import KeySupervisionItem, PhoneReminder

    assert PhoneReminder.objects.count() == 40
    assert KeySupervisionItem.objects.count() == 40


if _ON_POSTGRESQL:
    test_S8_two_threads_sweeping_at_once_create_no_duplicates = (
        _two_threads_sweeping_at_once_create_no_duplicates
    )
