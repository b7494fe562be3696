"""PostgreSQL restarted under traffic: requests in flight get a clear 503 (page or JSON, with
Retry-After), none half-writes, and the service recovers by itself once the database is back.

The test owns its PostgreSQL cluster (the suite's shared one must not be restarted under the
other tests), runs gunicorn on it, and stops the database for two seconds while visitors read the
portal and applicants submit applications."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import psycopg
import pytest
import requests

from zhengwu.core.pgcluster import Cluster
from zhengwu.core.ports import free_port

# Its own servers or files, not the suite's database: run once, in the SQLite suite.
pytestmark = pytest.mark.one_database

PAYLOAD = {
    "applicant_kind": "natural_person", "name": "张三", "id_type": "resident_id",
    "id_number": "11010519491231002X", "phone": "13800138000", "email": "zhangsan@example.com",
    "description": "2025年城区道路维修工程招标文件", "form": "electronic", "delivery": "email",
}  # fmt: skip


MAKE_BUREAU = (
    "from zhengwu.org.models import Bureau; Bureau.objects.create(code='R', name='重启局')"
)


def test_foundation_database_restart_under_traffic_is_a_clear_503_then_recovers(tmp_path):
    cluster = Cluster(prefix="zhengwu-pg-restart-", fast=False, settings=("-c", "fsync=off"))
    env = {
        **os.environ, "ZHENGWU_VAR_DIR": str(tmp_path), "DATABASE_URL": cluster.url(),
        "DJANGO_SETTINGS_MODULE": "zhengwu.settings", "ZHENGWU_CAPTCHA": "off",
        "ZHENGWU_DEBUG": "0", "ZHENGWU_INTAKE_RATE": "0",
    }  # fmt: skip
    env.pop("ZHENGWU_ENV", None)
    results: list[tuple[str, float, int, str, str]] = []
    server = None
    stop = threading.Event()
    try:
        subprocess.run([sys.executable, "-m", "zhengwu.cli", "migrate", "-v0"], env=env,
                       check=True, timeout=900)  # fmt: skip
        subprocess.run(
            [sys.executable, "-m", "zhengwu.cli", "shell", "-c", MAKE_BUREAU],
            env=env, check=True, timeout=300, capture_output=True,
        )  # fmt: skip
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "zhengwu.wsgi:application", "-b",
             f"127.0.0.1:{port}", "--workers", "2", "--threads", "4", "--timeout", "60"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        for _ in range(240):
            try:
                if requests.get(f"{base}/", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.25)

        lock = threading.Lock()

        def visitor() -> None:
            session = requests.Session()
            while not stop.is_set():
                began = time.monotonic()
                r = session.get(f"{base}/search/?q=道路", timeout=30)
                with lock:
                    results.append(("page", began, r.status_code, r.text,
                                    r.headers.get("Retry-After", "")))  # fmt: skip

        def applicant() -> None:
            session = requests.Session()
            while not stop.is_set():
                began = time.monotonic()
                r = session.post(f"{base}/api/v1/public/applications", json=PAYLOAD, timeout=30)
                with lock:
                    results.append(("api", began, r.status_code, r.text,
                                    r.headers.get("Retry-After", "")))  # fmt: skip
                time.sleep(0.05)

        threads = [threading.Thread(target=f) for f in (visitor, visitor, applicant, applicant)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        cluster.stop()
        time.sleep(2)
        cluster.start()
        up = time.monotonic()
        time.sleep(6)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        stop.set()
        if not results:  # failed before the traffic: nothing more to read from the database
            cluster.remove()

    unavailable = [r for r in results if r[2] == 503]
    from collections import Counter

    seen = Counter((r[0], r[2]) for r in results)
    assert unavailable, f"the outage was seen by the traffic: {seen}"
    for kind, _at, status, text, retry in results:
        assert status in (200, 201, 503), (kind, status, text[:300])
        if status == 503:
            assert retry == "5"
            if kind == "page":
                assert "服务暂时不可用" in text and "Service briefly unavailable" in text
            else:
                assert '"code": "unavailable"' in text or '"code":"unavailable"' in text
    # Recovered by itself: every request begun after the database came back (and a short
    # reconnect) works.
    late = [r for r in results if r[1] > up + 2]
    assert late and all(r[2] in (200, 201) for r in late), [r[:3] for r in late if r[2] >= 300]
    # None half-written: every application answered 201 is stored, and nothing else is.
    import json

    answered = {json.loads(r[3])["tracking_number"] for r in results if r[2] == 201}
    try:
        with psycopg.connect(cluster.url().replace("postgres://", "postgresql://")) as conn:
            rows = conn.execute("SELECT tracking_number FROM applications_application").fetchall()
    finally:
        cluster.remove()
    assert {row[0] for row in rows} == answered
