"""API: the same services and permission checks as the pages (issue 4, point 9)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from zhengwu.core import clock
from zhengwu.supervision.models import FeedbackStatus, Task
from zhengwu.supervision.tests.helpers import MONDAY, task

pytestmark = pytest.mark.django_db


def _login(person) -> Client:
    client = Client(enforce_csrf_checks=False)
    client.force_login(person)
    return client


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_S9_api_creates_a_meeting_and_a_task_that_is_assigned(cast):
    office = _login(cast.office_staff)
    r = _post(
        office,
        "/api/v1/supervision/meetings",
        {"meeting_type": "party_group", "held_on": "2026-03-02", "title": "党组会议"},
    )
    assert r.status_code == 201, r.content
    meeting_id = r.json()["id"]
    r = _post(
        office,
        "/api/v1/supervision/tasks",
        {
            "title": "推进入河排污口整治",
            "lead_unit_id": cast.water.pk,
            "instructing_leader_id": cast.director.pk,
            "meeting_id": meeting_id,
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "assigned"
    ms = office.get(f"/api/v1/supervision/tasks/{r.json()['id']}/milestones").json()
    assert [m["rule_id"] for m in ms] == ["S-1", "S-2", "S-3"]
    assert ms[0]["explanation"]


def test_S13_api_feedback_flow_with_permission_checks(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        ms = t.milestones.first()
        liaison, head, office = (
            _login(cast.air_liaison),
            _login(cast.air_head),
            _login(cast.office_staff),
        )
        assert (
            _post(
                _login(cast.water_head),
                f"/api/v1/supervision/milestones/{ms.pk}/feedback",
                {"text": "x"},
            ).status_code
            == 404
        )  # not visible: no such task for him
        r = _post(liaison, f"/api/v1/supervision/milestones/{ms.pk}/feedback", {"text": "已部署"})
        assert r.status_code == 201
        fb = r.json()["id"]
        assert _post(office, f"/api/v1/supervision/feedback/{fb}/accept").status_code == 400
        assert _post(liaison, f"/api/v1/supervision/feedback/{fb}/sign-off").status_code == 403
        assert _post(head, f"/api/v1/supervision/feedback/{fb}/sign-off").json()["status"] == (
            FeedbackStatus.SIGNED_OFF
        )
        # S-13: the leader in charge checks it before the office may review it.
        assert _post(office, f"/api/v1/supervision/feedback/{fb}/accept").status_code == 400
        assert _post(head, f"/api/v1/supervision/feedback/{fb}/check").status_code == 403
        leader = _login(cast.leader)
        assert _post(leader, f"/api/v1/supervision/feedback/{fb}/check").json()["status"] == (
            FeedbackStatus.CHECKED
        )
        r = _post(office, f"/api/v1/supervision/feedback/{fb}/return", {"reason": ""})
        assert r.status_code == 400
        assert _post(office, f"/api/v1/supervision/feedback/{fb}/accept").json()["early"] is True


def test_S7_api_filters_and_openapi_document(cast):
    task(cast, urgent=True)
    task(cast, title="其他")
    client = _login(cast.leader)
    assert [t["urgent"] for t in client.get("/api/v1/supervision/tasks?urgent=true").json()] == [
        True
    ]
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/supervision/tasks" in schema["paths"]
    assert "/api/v1/supervision/feedback/{feedback_id}/sign-off" in schema["paths"]
    assert Task.objects.count() == 2


def test_S4_api_plan_is_submitted_forwarded_approved_by_both_and_nodes_become_milestones(cast):
    from zhengwu.supervision.models import IssueKind, MilestoneKind, PlanStatus

    base = "/api/v1/supervision"
    with clock.frozen(MONDAY):
        t = task(cast, issue_kind=IssueKind.MAJOR)
        liaison = _login(cast.air_liaison)
        nodes = [
            {"due_date": "2026-04-15", "description": "完成排查"},
            {"due_date": "2026-05-29", "description": "完成整改"},
        ]
        # A node on a day off is refused with the next working day named; nothing is stored.
        bad = _post(liaison, f"{base}/tasks/{t.pk}/plans",
                    {"text": "分两阶段推进", "nodes": [{"due_date": "2026-04-18",
                                                      "description": "周六"}]})  # fmt: skip
        assert bad.status_code == 400 and "2026-04-20" in bad.json()["detail"]
        assert t.plans.count() == 0
        # Only the lead undertaker submits; someone who cannot see the task gets 404.
        assert _post(_login(cast.water_head), f"{base}/tasks/{t.pk}/plans",
                     {"text": "x", "nodes": nodes}).status_code in (403, 404)  # fmt: skip
        r = _post(liaison, f"{base}/tasks/{t.pk}/plans", {"text": "分两阶段推进", "nodes": nodes})
        assert r.status_code == 201, r.content
        plan = r.json()
        assert plan["status"] == PlanStatus.SUBMITTED
        assert [n["description"] for n in plan["nodes"]] == ["完成排查", "完成整改"]
        plan_id = plan["id"]
        assert _post(_login(cast.director), f"{base}/plans/{plan_id}/approve").status_code == 400
        assert _post(liaison, f"{base}/plans/{plan_id}/forward").status_code == 403
        r = _post(_login(cast.office_staff), f"{base}/plans/{plan_id}/forward")
        assert r.status_code == 200 and r.json()["status"] == PlanStatus.FORWARDED
        r = _post(_login(cast.director), f"{base}/plans/{plan_id}/approve")
        assert r.status_code == 200 and r.json()["status"] == PlanStatus.FORWARDED
        r = _post(_login(cast.leader), f"{base}/plans/{plan_id}/approve")
        assert r.status_code == 200 and r.json()["status"] == PlanStatus.APPROVED
    milestones = [n["milestone_id"] for n in r.json()["nodes"]]
    assert all(milestones)
    assert sorted(
        t.milestones.filter(kind=MilestoneKind.PLAN_NODE).values_list("pk", flat=True)
    ) == sorted(milestones)
    listed = liaison.get(f"{base}/tasks/{t.pk}/plans").json()
    assert [p["id"] for p in listed] == [plan_id]
    assert _login(cast.outsider).get(f"{base}/tasks/{t.pk}/plans").status_code in (403, 404)


def test_S1_api_creates_a_task_with_its_assignment_date_as_the_import_does(cast):
    office = _login(cast.office_staff)
    payload = {
        "title": "补录：整治城区扬尘",
        "lead_unit_id": cast.air.pk,
        "instructing_leader_id": cast.director.pk,
        "assigned_on": "2026-10-03",
    }
    with clock.frozen(clock.at_local(datetime.date(2026, 10, 20), 9)):
        r = _post(office, "/api/v1/supervision/tasks", payload)
        assert r.status_code == 201, r.content
        assert r.json()["assigned_on"] == "2026-10-03"
        ms = office.get(f"/api/v1/supervision/tasks/{r.json()['id']}/milestones").json()
        first = next(m for m in ms if m["rule_id"] == "S-1")
        assert first["due_date"] == "2026-10-09"  # counted from 10-08, the first working day
        assert "2026-10-03为休息日，自2026-10-08起算" in first["explanation"]
        future = _post(
            office, "/api/v1/supervision/tasks", {**payload, "assigned_on": "2026-10-21"}
        )
        assert future.status_code == 400 and future.json()["detail"]
        ancient = _post(
            office, "/api/v1/supervision/tasks", {**payload, "assigned_on": "1900-01-01"}
        )
        assert ancient.status_code == 400
    assert Task.objects.filter(title="补录：整治城区扬尘").count() == 1
