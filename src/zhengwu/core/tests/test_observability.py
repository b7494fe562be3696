"""Operators' view of a running installation: liveness, readiness, metrics, JSON logs, and the
request id that ties a person's error page to the log line."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys

import pytest
from django.test import override_settings
from huey import RedisHuey

from zhengwu.core import clock
from zhengwu.core.logs import JsonFormatter
from zhengwu.core.middleware import RequestIdLogFilter, set_request_id
from zhengwu.workdays import services as workdays

pytestmark = pytest.mark.django_db


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample in the Prometheus text format, or None."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        metric, _, value = line.rpartition(" ")
        if not metric.startswith(name + "{") and metric != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', metric))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(value)
    return None


def test_foundation_healthz_answers_without_touching_the_database(
    client, django_assert_num_queries
) -> None:
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_foundation_readyz_names_each_part_and_says_ready(client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "queue", "storage"}
    assert all(part["ok"] for part in body["checks"].values())


def test_foundation_readyz_is_503_and_names_the_storage_when_media_cannot_be_made(
    client, tmp_path
) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    with override_settings(MEDIA_ROOT=str(tmp_path / "a-file" / "media")):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["storage"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_foundation_readyz_is_503_when_the_queue_server_is_down(client, monkeypatch) -> None:
    # A real Redis client against a port nothing listens on: what a stopped redis-server looks like.
    import huey.contrib.djhuey as djhuey

    monkeypatch.setattr(djhuey, "HUEY", RedisHuey("zhengwu-readyz", url="redis://127.0.0.1:1/0"))
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["queue"]["ok"] is False
    assert "127.0.0.1" not in json.dumps(checks)  # the kind of error, not its text
    assert checks["database"]["ok"] is True


def test_foundation_metrics_count_requests_by_url_pattern(client) -> None:
    client.get("/healthz")
    client.get("/no-such-page-xyz/")
    text = client.get("/metrics").content.decode()
    assert sample(text, "zhengwu_http_requests_total", route="/healthz", status="200") >= 1
    assert sample(text, "zhengwu_http_request_duration_seconds_count", route="/healthz") >= 1
    # Unknown paths share one label: a visitor cannot grow the label set.
    assert "no-such-page-xyz" not in text
    assert sample(text, "zhengwu_http_requests_total", route="<unmatched>", status="404") >= 1
    assert sample(text, "zhengwu_queue_pending") is not None


def test_foundation_metrics_count_overdue_deadlines_by_kind_and_level(client) -> None:
    before = sample(
        client.get("/metrics").content.decode(),
        "zhengwu_deadlines_overdue",
        owner_type="test.thing",
        warning_level="0",
    )
    assert before is None
    start = clock.today() - dt.timedelta(days=60)
    for i in range(3):
        workdays.open_deadline(by=None, owner=("test.thing", i), rule_id="S-3", start=start)
    workdays.open_deadline(by=None, owner=("test.thing", 9), rule_id="S-3", start=clock.today())
    text = client.get("/metrics").content.decode()
    assert (
        sample(text, "zhengwu_deadlines_overdue", owner_type="test.thing", warning_level="0") == 3
    )


def test_foundation_metrics_time_the_sweep(client) -> None:
    from zhengwu.warnings.jobs import sweep_task

    def count() -> float:
        text = client.get("/metrics").content.decode()
        return sample(text, "zhengwu_sweep_duration_seconds_count") or 0

    before = count()
    sweep_task.call_local()
    assert count() == before + 1


def test_foundation_metrics_are_for_operators_only(client) -> None:
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    with override_settings(ZHENGWU_METRICS_TOKEN="s3cret-token-for-scrapes"):
        assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
        wrong = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer nope")
        assert wrong.status_code == 404
        right = client.get(
            "/metrics",
            REMOTE_ADDR="203.0.113.9",
            HTTP_AUTHORIZATION="Bearer s3cret-token-for-scrapes",
        )
        assert right.status_code == 200
        assert b"zhengwu_http_requests_total" in right.content


@override_settings(ROOT_URLCONF="zhengwu.core.tests.boom_urls")
def test_foundation_error_page_shows_the_request_id_the_log_carries(client, caplog) -> None:
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/", HTTP_X_REQUEST_ID="req-abcdef123456")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-abcdef123456"
    page = response.content.decode()
    assert "系统出错" in page and "req-abcdef123456" in page
    assert "boom" not in page  # nothing of the failure itself is shown
    record = next(r for r in caplog.records if r.name == "django.request")
    RequestIdLogFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    # The filter runs at emit time; the record was emitted inside the request.
    assert line["level"] == "ERROR"
    assert "RuntimeError: boom" in line["exception"]


def test_foundation_json_log_lines_carry_the_request_id_and_extras() -> None:
    token = set_request_id("req-0123456789ab")
    try:
        try:
            raise ValueError("bad thing")
        except ValueError:
            record = logging.getLogger("zhengwu.test").makeRecord(
                "zhengwu.test", logging.ERROR, __file__, 1, "failed for %s", ("张三",),
                sys.exc_info(), extra={"task_id": 42},
            )  # fmt: skip
        RequestIdLogFilter().filter(record)
    finally:
        from zhengwu.core.middleware import _request_id

        _request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-0123456789ab"
    assert line["message"] == "failed for 张三"
    assert line["task_id"] == 42
    assert "ValueError: bad thing" in line["exception"]
    dt.datetime.fromisoformat(line["time"])


@pytest.mark.one_database
def test_foundation_metrics_add_up_every_web_worker(tmp_path) -> None:
    """Three gunicorn workers as `zhengwu serve` starts them: a scrape through any one of them
    counts the requests all of them answered."""
    import os
    import socket
    import subprocess
    import time
    import urllib.request

    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    env = {
        **os.environ, "ZHENGWU_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "zhengwu.settings", "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }  # fmt: skip
    env.pop("ZHENGWU_ENV", None)
    env.pop("DATABASE_URL", None)  # its own SQLite file under tmp_path
    subprocess.run(
        [sys.executable, "-m", "zhengwu.cli", "migrate", "-v0"], env=env, check=True, timeout=600
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "zhengwu.wsgi:application", "-b", f"127.0.0.1:{port}",
         "--workers", "3", "--config", "python:zhengwu.core.gunicorn_conf"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/readyz", timeout=2)  # noqa: S310 - local server
                break
            except OSError:
                time.sleep(0.5)
        for _ in range(30):
            # A new connection each time, so the requests spread over the workers.
            urllib.request.urlopen(f"{base}/healthz", timeout=5).read()  # noqa: S310
        text = urllib.request.urlopen(f"{base}/metrics", timeout=5).read().decode()  # noqa: S310
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert sample(text, "zhengwu_http_requests_total", route="/healthz", status="200") == 30
    pids = {p.name.split("_")[-1] for p in metrics_dir.glob("*.db")}
    assert len(pids) >= 2, "the requests were answered by more than one worker"
