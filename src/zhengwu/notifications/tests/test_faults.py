"""Faults the delivery rides out (issue 12, point 7): a worker killed mid-job, a queue that is
unreachable when the change commits. The deliveries owed are outbox rows written with the change;
the recovery entry of the schedule (and a worker's start) queues again what is left undone, and
the job claims its row first, so each message goes out once."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from huey.contrib.djhuey import HUEY

from zhengwu.core import clock
from zhengwu.core.ports import free_port
from zhengwu.notifications import delivery, jobs, policy, services
from zhengwu.notifications.models import ChannelPreference, Delivery, PendingDelivery

ROOT = Path(__file__).resolve().parents[4]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"

SETUP = """
from django.db import transaction
from zhengwu.core import clock
from zhengwu.notifications.models import ChannelPreference
from zhengwu.notifications.services import notify
from zhengwu.org.tests.factories import PersonFactory
person = PersonFactory(mobile="13900000001")
ChannelPreference.objects.create(person=person, email=False, sms=True, updated_at=clock.now())
with transaction.atomic():
    notify(recipients=[person], kind="test.fault", title="督办事项已交办")
"""


def _env(directory: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "ZHENGWU_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="zhengwu.settings",
        ZHENGWU_ENV="test",
        DATABASE_URL=f"sqlite:///{directory / 'db.sqlite3'}",
        ZHENGWU_VAR_DIR=str(directory),
        ZHENGWU_LOG_LEVEL="WARNING",
        ZHENGWU_SMS_BACKEND="zhengwu.notifications.tests.slow_sms.SlowFileBackend",
        ZHENGWU_SMS_FILE=str(directory / "sms.log"),
        ZHENGWU_JOB_STALE_SECONDS="3",
        **extra,
    )
    return env


def _zhengwu(directory: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zhengwu.cli", *args], env=_env(directory, **extra),
        capture_output=True, text=True, timeout=180, check=True, cwd=ROOT,
    )  # fmt: skip


def _consumer(directory: Path, **extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "zhengwu.cli", "run_huey", "--no-periodic", "--workers", "1"],
        env=_env(directory, **extra), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )  # fmt: skip


def _stop(consumer: subprocess.Popen[bytes]) -> None:
    if consumer.poll() is None:
        consumer.send_signal(signal.SIGTERM)
        try:
            consumer.wait(timeout=20)
        except subprocess.TimeoutExpired:
            consumer.kill()
            consumer.wait()


def _wait_for(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return bool(check())


def _sent(directory: Path) -> tuple[int, int, int]:
    """(messages in the SMS file, sent delivery rows, outbox rows not finished)"""
    log = directory / "sms.log"
    lines = len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0
    with sqlite3.connect(directory / "db.sqlite3") as db:
        rows = db.execute(
            "SELECT COUNT(*) FROM notifications_delivery WHERE status = 'sent'"
        ).fetchone()[0]
        open_ = db.execute(
            "SELECT COUNT(*) FROM notifications_pendingdelivery WHERE finished_at IS NULL"
        ).fetchone()[0]
    return lines, rows, open_


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("faults")
    _zhengwu(directory, "migrate", "--noinput", "-v0")
    return directory / "db.sqlite3"


@pytest.fixture
def site(migrated: Path, tmp_path: Path) -> Path:
    shutil.copy(migrated, tmp_path / "db.sqlite3")
    return tmp_path


@pytest.mark.one_database
def test_foundation_worker_killed_mid_delivery_sends_it_once_after_restart(site: Path) -> None:
    _zhengwu(site, "shell", "-c", SETUP)  # the change commits; the delivery waits in the queue
    started = site / "sms.log.started"
    consumer = _consumer(site, ZHENGWU_TEST_JOB_DELAY="30")
    try:
        assert _wait_for(started.exists, 40), "the worker never started the delivery"
        os.kill(consumer.pid, signal.SIGKILL)  # mid-job: claimed, not sent
        consumer.wait(timeout=10)
    finally:
        _stop(consumer)
    assert _sent(site) == (0, 0, 1)  # nothing went out; the outbox still owes it
    consumer = _consumer(site, ZHENGWU_TEST_JOB_DELAY="0")
    try:
        # the restarted worker finds the stale claim (policy: 3 s here) and delivers it
        assert _wait_for(lambda: _sent(site) == (1, 1, 0), 40), _sent(site)
        time.sleep(5)  # a later recovery run (another stale-claim check) sends nothing more
        assert _sent(site) == (1, 1, 0)
    finally:
        _stop(consumer)


def _redis(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip

    def answers() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        except OSError:
            return False
        return True

    assert _wait_for(answers, 10), "redis-server did not start"
    return server


@pytest.mark.one_database
def test_foundation_queue_stopped_at_commit_the_delivery_runs_once_it_is_back(site: Path) -> None:
    port = free_port()
    queue = {"REDIS_URL": f"redis://127.0.0.1:{port}/0", "ZHENGWU_HUEY_NAME": f"faults{port}"}
    server = _redis(port)
    server.terminate()  # the queue goes down
    server.wait(timeout=10)
    # the change that enqueues commits all the same
    done = _zhengwu(site, "shell", "-c", SETUP, **queue)
    assert done.returncode == 0
    assert "left for recovery" in done.stderr
    assert _sent(site) == (0, 0, 1)
    server = _redis(port)  # the queue is back (empty: what was never queued is not there)
    consumer = _consumer(site, ZHENGWU_TEST_JOB_DELAY="0", **queue)
    try:
        assert _wait_for(lambda: _sent(site) == (1, 1, 0), 40), _sent(site)
        time.sleep(5)
        assert _sent(site) == (1, 1, 0)
    finally:
        _stop(consumer)
        server.terminate()
        server.wait(timeout=10)


# --- the same rules in-process ------------------------------------------------------------------


@pytest.fixture
def immediate() -> Iterator[None]:
    previous = HUEY.immediate
    HUEY.immediate = True
    try:
        yield
    finally:
        HUEY.immediate = previous


def _person_by_sms(cast):
    person = cast.air_liaison
    person.mobile = "13900000002"
    person.save()
    ChannelPreference.objects.update_or_create(
        person=person, defaults={"email": False, "sms": True, "updated_at": clock.now()}
    )
    return person


@pytest.mark.django_db
def test_foundation_queue_unreachable_at_commit_loses_no_delivery(
    cast, immediate, monkeypatch, django_capture_on_commit_callbacks, settings, tmp_path
) -> None:
    settings.ZHENGWU_SMS_FILE = str(tmp_path / "sms.log")
    person = _person_by_sms(cast)

    def down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(jobs, "deliver_task", down)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        (note,) = services.notify(recipients=[person], kind="test.fault", title="已交办")
    # the change stands, the message is in the inbox and the delivery is owed
    row = PendingDelivery.objects.get(notification=note)
    assert row.finished_at is None and row.claimed_at is None
    assert not Delivery.objects.exists()
    monkeypatch.undo()
    # too fresh to be taken for lost: the recovery leaves it (the queued copy may still come)
    assert delivery.recover_pending() == 0
    later = clock.now() + policy.STALE_CLAIM + dt.timedelta(seconds=1)
    assert delivery.recover_pending(at=later) == 1  # the queue is back: sent now
    assert Delivery.objects.filter(notification=note, status="sent").count() == 1
    assert (tmp_path / "sms.log").read_text(encoding="utf-8").count("已交办") == 1
    row.refresh_from_db()
    assert row.finished_at is not None
    assert delivery.recover_pending(at=later) == 0  # done is done
    # a copy of the job still in the queue sends nothing more
    assert delivery.run_pending(notification_id=note.pk, channel="sms") is False
    assert Delivery.objects.filter(notification=note).count() == 1


@pytest.mark.django_db
def test_foundation_a_live_claim_is_not_taken_over_a_stale_one_is(cast, settings, tmp_path) -> None:
    settings.ZHENGWU_SMS_FILE = str(tmp_path / "sms.log")
    person = _person_by_sms(cast)
    with transaction.atomic():
        (note,) = services.notify(recipients=[person], kind="test.fault", title="已交办")
    row = PendingDelivery.objects.get(notification=note)
    row.claimed_at = clock.now()  # another worker is sending it right now
    row.save()
    assert delivery.run_pending(notification_id=note.pk, channel="sms") is False
    assert not Delivery.objects.exists()
    row.claimed_at = clock.now() - policy.STALE_CLAIM - dt.timedelta(seconds=1)  # that worker died
    row.save()
    assert delivery.run_pending(notification_id=note.pk, channel="sms") is True
    assert Delivery.objects.filter(notification=note, status="sent").count() == 1
