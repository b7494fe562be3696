# ruff: noqa: S310 — requests go only to the local test server started here
"""50 applications submitted at the same moment against a running server: all stored, all
tracking numbers unique, no error. The server is a separate process on its own database: a fresh
SQLite file, or — under scripts/with-postgres.sh — the throwaway PostgreSQL cluster's database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from zhengwu.applications.tests.helpers import PAYLOAD
from zhengwu.core.ports import free_port

SETUP = (
    "from zhengwu.org.models import Bureau; from zhengwu.applications.models import Application;"
    "Application.objects.all().delete();"
    "Bureau.objects.get_or_create(code='CONC', defaults={'name': '并发测试局'})"
)
REPORT = (
    "from zhengwu.applications.models import Application as A; import json;"
    "print(json.dumps(sorted(A.objects.values_list('tracking_number', flat=True))))"
)


def _zhengwu(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "zhengwu.cli", *args], env=env, capture_output=True, text=True,
        timeout=600, check=True,
    )  # fmt: skip
    return done.stdout


def test_R1_fifty_simultaneous_applications_are_all_stored_with_unique_numbers(tmp_path: Path):
    env = {
        **os.environ, "ZHENGWU_VAR_DIR": str(tmp_path), "ZHENGWU_CAPTCHA": "off",
        "ZHENGWU_INTAKE_RATE": "0", "DJANGO_SETTINGS_MODULE": "zhengwu.settings",
    }  # fmt: skip
    env.pop("ZHENGWU_ENV", None)
    _zhengwu("migrate", "-v0", env=env)
    _zhengwu("shell", "-c", SETUP, env=env)
    port = free_port()
    server = subprocess.Popen(
        # Several worker processes with threads, as production runs: the counter must hold.
        [sys.executable, "-m", "gunicorn", "zhengwu.wsgi:application", "-b", f"127.0.0.1:{port}",
         "--workers", "3", "--threads", "8", "--backlog", "256"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        count = 50
        barrier = threading.Barrier(count)
        results: list[tuple[int, str]] = []
        lock = threading.Lock()

        def submit() -> None:
            request = urllib.request.Request(
                f"{base}/api/v1/public/applications", data=json.dumps(PAYLOAD).encode(),
                headers={"Content-Type": "application/json"}, method="POST",
            )  # fmt: skip
            barrier.wait()
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    outcome = (response.status, json.loads(response.read())["tracking_number"])
            except urllib.error.HTTPError as error:
                outcome = (error.code, error.read().decode()[:300])
            except OSError as error:  # refused or reset: counted as a failure, not lost
                outcome = (0, repr(error))
            with lock:
                results.append(outcome)

        threads = [threading.Thread(target=submit) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert [status for status, _ in results] == [201] * count, results
    numbers = sorted(number for _, number in results)
    assert len(set(numbers)) == count
    stored = json.loads(_zhengwu("shell", "-c", REPORT, env=env).strip().splitlines()[-1])
    assert stored == numbers
