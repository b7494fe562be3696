"""S-9, S-10: the director and the leaders write 批示 / 阅示 on a task or one of its plans; it is
recorded on the task's timeline and sent to the undertaker and the office — on a confidential
task only to the people named on it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.notifications.models import Notification
from zhengwu.supervision import selectors, services
from zhengwu.supervision.models import RemarkKind
from zhengwu.supervision.tests.helpers import MONDAY, task

pytestmark = pytest.mark.django_db


def _told() -> set[str]:
    return set(
        Notification.objects.filter(kind="supervision.leader_remark").values_list(
            "recipient__username", flat=True
        )
    )


def test_S9_director_instructs_on_a_task_and_the_undertaker_and_office_are_told(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        with pytest.raises(PermissionDenied):
            services.record_remark(by=cast.air_head, task=t, kind="instruction", text="x")
        with pytest.raises(DomainError):
            services.record_remark(by=cast.director, task=t, kind="instruction", text="")
        with pytest.raises(DomainError):
            services.record_remark(by=cast.director, task=t, kind="whatever", text="x")
        remark = services.record_remark(
            by=cast.director, task=t, kind=RemarkKind.INSTRUCTION, text="务必月底前完成。"
        )
    assert remark.text == "务必月底前完成。"
    assert _told() == {"air_liaison", "air_head", "office"}
    assert "supervision.leader_remark" in selectors.timeline(t).values_list("action", flat=True)
    client = Client()
    client.force_login(cast.air_liaison)
    page = client.get(reverse("supervision:task", args=[t.pk])).content.decode()
    assert "务必月底前完成。" in page


def test_S10_leader_remarks_on_the_page_and_in_the_api(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        client = Client()
        client.force_login(cast.leader)
        client.post(reverse("supervision:task-remark", args=[t.pk]), {"kind": "read", "text": ""})
        assert t.remarks.get().kind == "read"
        api = client.post(
            f"/api/v1/supervision/tasks/{t.pk}/remarks",
            {"kind": "instruction", "text": "加强督导"},
            content_type="application/json",
        )
        assert api.status_code == 200, api.content
        refused = Client()
        refused.force_login(cast.office_staff)
        no = refused.post(
            f"/api/v1/supervision/tasks/{t.pk}/remarks",
            {"kind": "instruction", "text": "x"},
            content_type="application/json",
        )
        assert no.status_code == 403
    assert t.remarks.count() == 2


def test_S13_remark_on_a_confidential_task_reaches_only_named_people(cast):
    with clock.frozen(MONDAY):
        t = task(cast, confidential=True, named_readers=[cast.director, cast.air_liaison])
        services.record_remark(by=cast.director, task=t, kind="instruction", text="保密处理")
    assert _told() == {"air_liaison", "office"}
