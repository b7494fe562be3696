"""Inbox, channels, delivery through the worker with retries, digest (issue 5, point 4)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from huey.contrib.djhuey import HUEY

from zhengwu.notifications import delivery, selectors, services
from zhengwu.notifications.jobs import deliver_task
from zhengwu.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate() -> Iterator[None]:
    previous = HUEY.immediate
    HUEY.immediate = True
    try:
        yield
    finally:
        HUEY.immediate = previous


class Gateway:
    """A real HTTP server standing in for the SMS gateway; fails the first `failures` requests."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.received: list[dict[str, Any]] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.received.append(
                    {"auth": self.headers.get("Authorization"), **json.loads(body)}
                )
                status = 503 if len(gateway.received) <= gateway.failures else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def send(people: list[Any], title: str = "第2次预警：测试事项") -> list[Notification]:
    with transaction.atomic():
        return services.notify(recipients=people, kind="warnings.overdue", title=title,
                               body="请尽快办理", url="/staff/")  # fmt: skip


def test_email_goes_out_after_commit_through_the_worker(
    cast, immediate, django_capture_on_commit_callbacks
) -> None:
    cast.air_head.email = "head@example.org"
    cast.air_head.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        note = send([cast.air_head])[0]
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert [m.subject for m in mail.outbox] == ["第2次预警：测试事项"]
    attempt = Delivery.objects.get(notification=note)
    assert (attempt.channel, attempt.status, attempt.attempt) == ("email", "sent", 1)


def test_sms_through_the_http_gateway_is_retried_and_every_attempt_recorded(
    cast, immediate, settings
) -> None:
    gateway = Gateway(failures=1)
    try:
        settings.ZHENGWU_SMS_BACKEND = "zhengwu.notifications.sms.HttpGatewayBackend"
        settings.ZHENGWU_SMS_URL = gateway.url
        settings.ZHENGWU_SMS_TOKEN = "secret-token"
        delivery.set_preferences(person=cast.air_liaison, email=False, sms=True, daily_digest=False)
        note = send([cast.air_liaison])[0]
        HUEY.enqueue(deliver_task.s(note.pk, "sms", retry_delay=0))
    finally:
        gateway.close()
    attempts = list(Delivery.objects.filter(notification=note).order_by("pk"))
    assert [(a.attempt, a.status) for a in attempts] == [(1, "failed"), (2, "sent")]
    assert "503" in attempts[0].error
    assert [r["to"] for r in gateway.received] == [cast.air_liaison.mobile] * 2
    assert gateway.received[0]["auth"] == "Bearer secret-token"
    # A rerun after success sends nothing more.
    assert delivery.deliver(notification_id=note.pk, channel="sms") is False


def test_sms_file_backend_is_the_default(cast, immediate, settings, tmp_path) -> None:
    settings.ZHENGWU_SMS_FILE = str(tmp_path / "sms.log")
    delivery.set_preferences(person=cast.air_liaison, email=False, sms=True, daily_digest=False)
    note = send([cast.air_liaison])[0]
    assert delivery.deliver(notification_id=note.pk, channel="sms") is True
    line = json.loads((tmp_path / "sms.log").read_text(encoding="utf-8").splitlines()[0])
    assert line == {"to": cast.air_liaison.mobile, "text": "第2次预警：测试事项"}


def test_daily_digest_replaces_single_messages(cast, immediate) -> None:
    cast.air_head.email = "head@example.org"
    cast.air_head.save()
    delivery.set_preferences(person=cast.air_head, email=True, sms=True, daily_digest=True)
    assert delivery.channels_for(cast.air_head) == []
    send([cast.air_head], "消息一")
    send([cast.air_head], "消息二")
    assert delivery.send_daily_digests() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "每日汇总：2条消息"
    assert "消息一" in mail.outbox[0].body and "消息二" in mail.outbox[0].body
    assert delivery.send_daily_digests() == 0  # each message only once
    digest = Delivery.objects.get(channel="digest")
    assert digest.item_count == 2 and digest.status == "sent"


def test_inbox_page_unread_count_and_mark_read(cast) -> None:
    mine = send([cast.air_head], "给科长的消息")[0]
    other = send([cast.water_head], "给水科的消息")[0]
    client = Client()
    client.force_login(cast.air_head)
    home = client.get("/staff/").content.decode()
    assert 'data-testid="unread-count">1' in home
    page = client.get("/notifications/").content.decode()
    assert "给科长的消息" in page and "给水科的消息" not in page
    client.post("/notifications/read/", {"id": [str(mine.pk), str(other.pk)]})
    assert selectors.unread_count(cast.air_head) == 0
    assert selectors.unread_count(cast.water_head) == 1  # someone else's message is untouched
    assert client.get(f"/notifications/{other.pk}/").status_code == 403
    send([cast.air_head], "再一条")
    client.post("/notifications/read/", {"all": "1"})
    assert selectors.unread_count(cast.air_head) == 0


def test_channel_preferences_page(cast) -> None:
    client = Client()
    client.force_login(cast.air_liaison)
    assert client.get("/notifications/preferences/").status_code == 200
    client.post("/notifications/preferences/", {"sms": "on", "daily_digest": ""})
    pref = delivery.preference_of(cast.air_liaison)
    assert (pref.email, pref.sms, pref.daily_digest) == (False, True, False)
    assert delivery.channels_for(cast.air_liaison) == ["sms"]
