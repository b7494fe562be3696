"""Two web instances and one Redis, as a city runs them on two machines: what one instance learns,
the other knows — the visitors' page cache, sessions, login lockouts — and a publication through one
is read through the other at once. Redis stopped: both instances stay up."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import requests

from zhengwu.core.ports import free_port

# Its own servers or files, not the suite's database: run once, in the SQLite suite.
pytestmark = pytest.mark.one_database

PREPARE = """
from zhengwu.disclosure.tests.helpers import make_disclosure_cast, draft
from zhengwu.disclosure import services
import json
dc = make_disclosure_cast()
item = draft(dc, title="关于共享缓存验证事项的公告")
services.submit_for_review(by=item.author, item=item)
services.review_item(by=dc.reviewer, item=item, conclusion="passed")
item.refresh_from_db()
for signoff in item.signoffs.all():
    head = dc.water_head if signoff.unit_id == dc.water.pk else dc.air_head
    services.sign_off(by=head, signoff=signoff, confirm=True)
services.approve_item(by=dc.leader, item=item)
print(json.dumps({"item": item.pk, "officer": dc.officer.username, "other": dc.air_head.username}))
"""


def wait_for(url: str) -> None:
    for _ in range(240):
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.25)
    raise AssertionError(f"{url} never answered")


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    server = subprocess.Popen(
        ["/usr/bin/redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", server
    if server.poll() is None:
        server.terminate()
        server.wait(timeout=10)


def test_foundation_two_instances_share_cache_sessions_and_lockouts(tmp_path, redis_server):
    redis_url, redis_process = redis_server
    env = {
        **os.environ, "ZHENGWU_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "zhengwu.settings", "REDIS_URL": redis_url,
        "ZHENGWU_LOGIN_FAILURE_LIMIT": "3",
    }  # fmt: skip
    env.pop("ZHENGWU_ENV", None)
    env.pop("DATABASE_URL", None)  # one SQLite file both instances use, as one database server
    run = [sys.executable, "-m", "zhengwu.cli"]
    subprocess.run([*run, "migrate", "-v0"], env=env, check=True, timeout=600)
    prepared = subprocess.run(
        [*run, "shell", "-c", PREPARE], env=env, check=True, capture_output=True, text=True
    )
    cast = json.loads(prepared.stdout.strip().splitlines()[-1])
    token = subprocess.run(
        [*run, "apitoken", cast["officer"], "shared-state test"], env=env, check=True,
        capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip

    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "zhengwu.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    a, b = (f"http://127.0.0.1:{port}" for port in ports)
    try:
        wait_for(f"{a}/healthz")
        wait_for(f"{b}/healthz")

        # The visitors' page cache: rendered by A, served by B from the shared store.
        first = requests.get(f"{a}/", timeout=10)
        assert first.headers.get("X-Page-Cache") == "miss"
        second = requests.get(f"{b}/", timeout=10)
        assert second.headers.get("X-Page-Cache") == "hit"
        assert "关于共享缓存验证事项的公告" not in second.text

        # Published through A, read through B at once (not a stale stored page).
        published = requests.post(
            f"{a}/api/v1/disclosure/items/{cast['item']}/publish", json={"channels": []},
            headers={"Authorization": f"Bearer {token}"}, timeout=30,
        )  # fmt: skip
        assert published.status_code == 200, published.text
        assert "关于共享缓存验证事项的公告" in requests.get(f"{b}/", timeout=10).text

        # A session opened on A is valid on B.
        session = requests.Session()
        login = session.get(f"{a}/accounts/login/", timeout=10)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        session.post(
            f"{a}/accounts/login/",
            data={"username": cast["officer"], "password": "Test-Pass-2026",
                  "csrfmiddlewaretoken": csrf},
            headers={"Referer": f"{a}/accounts/login/"}, timeout=10, allow_redirects=False,
        )  # fmt: skip
        staff_on_b = session.get(f"{b}/staff/", timeout=10, allow_redirects=False)
        assert staff_on_b.status_code == 200

        # Locked out through A (three failures), refused through B with the right password.
        def try_login(base: str, password: str) -> requests.Response:
            s = requests.Session()
            page = s.get(f"{base}/accounts/login/", timeout=10)
            token_ = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            return s.post(
                f"{base}/accounts/login/",
                data={"username": cast["other"], "password": password,
                      "csrfmiddlewaretoken": token_},
                headers={"Referer": f"{base}/accounts/login/"}, timeout=10,
                allow_redirects=False,
            )  # fmt: skip

        for _ in range(3):
            assert try_login(a, "wrong-password").status_code in (200, 429)
        refused = try_login(b, "Test-Pass-2026")
        assert refused.status_code == 429
        assert any(b"axes" in key for key in redis.Redis.from_url(redis_url).keys("*"))

        # Redis stopped: both instances keep answering pages (rendered afresh).
        redis_process.send_signal(signal.SIGTERM)
        redis_process.wait(timeout=10)
        for base in (a, b):
            page = requests.get(f"{base}/", timeout=10)
            assert page.status_code == 200
            assert "关于共享缓存验证事项的公告" in page.text
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
