"""S-10: leaders write 批示 / 阅示 on the issued weekly reports addressed to them; until they do,
the report waits on their home list; what they write is recorded, audited and sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.core.selectors import waiting_for
from zhengwu.notifications.models import Notification
from zhengwu.weekly import services
from zhengwu.weekly.models import ReportKind
from zhengwu.weekly.tests.helpers import draft, ledger_week, report

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 11, 27, 10, 0)


def _kinds(person) -> dict[str, int]:
    with clock.frozen(AT):
        return {w.kind: w.count for w in waiting_for(person)}


def _leader_report(cast, issue=True):
    ledger_week(cast)
    draft(cast)
    rep = report(cast, ReportKind.LEADER)
    if issue:
        with clock.frozen(AT):
            rep = services.edit_report(by=cast.air_head, report=rep, summary="本周推进有序。",
                                       problems="", next_steps="")  # fmt: skip
            rep = services.issue_report(by=cast.air_head, report=rep)
    return rep


def test_S10_leader_reads_and_instructs_an_issued_report(cast):
    rep = _leader_report(cast)
    assert _kinds(cast.leader)["weekly.remark"] == 1
    with clock.frozen(AT):
        with pytest.raises(DomainError):
            services.record_remark(by=cast.leader, report=rep, kind="instruction", text=" ")
        with pytest.raises(PermissionDenied):
            services.record_remark(by=cast.water_head, report=rep, kind="read", text="")
        remark = services.record_remark(
            by=cast.leader, report=rep, kind="instruction", text="请加快进度，周五前报结果。"
        )
    assert remark.leader == cast.leader
    assert "weekly.remark" not in _kinds(cast.leader)
    told = set(
        Notification.objects.filter(kind="weekly.leader_remark").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"air_head", "office"} <= told and "leader" not in told
    assert Event.objects.filter(
        action="weekly.leader_remark", object_type="weekly.weeklyreport", object_id=str(rep.pk)
    ).exists()


def test_S10_a_draft_takes_no_remark_and_the_page_and_api_record_one(cast):
    rep = _leader_report(cast, issue=False)
    with clock.frozen(AT), pytest.raises(DomainError):
        services.record_remark(by=cast.leader, report=rep, kind="read", text="")
    rep = _issue(cast, rep)
    client = Client()
    client.force_login(cast.leader)
    with clock.frozen(AT):
        page = client.post(
            reverse("weekly:report", args=[rep.pk]), {"action": "remark", "kind": "read"}
        )
        assert page.status_code == 302
        assert rep.remarks.get().text == "已阅。"
        api = client.post(
            f"/api/v1/weekly/reports/{rep.pk}/remarks",
            {"kind": "instruction", "text": "同意"},
            content_type="application/json",
        )
        assert api.status_code == 200, api.content
        shown = client.get(reverse("weekly:report", args=[rep.pk])).content.decode()
    assert "同意" in shown and "已阅" in shown


def _issue(cast, rep):
    with clock.frozen(AT):
        rep = services.edit_report(by=cast.air_head, report=rep, summary="本周推进有序。",
                                   problems="", next_steps="")  # fmt: skip
        return services.issue_report(by=cast.air_head, report=rep)
