"""S-14: the supervision office opens accountability cases directly from a task and records the
outcome — pages and API, permissions, confidentiality and the audit trail."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from zhengwu.assessment.tests.conftest import TODAY
from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.warnings.models import AccountabilityCase, CaseStatus

pytestmark = pytest.mark.django_db


def login(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    return client


def test_S14_supervision_office_opens_a_case_from_a_task_and_concludes_it(ledger) -> None:
    cast, task, milestone = ledger.cast, ledger.tasks["T1"], ledger.milestones["M2"]
    client = login(ledger.supervisor)
    page = client.get(f"/supervision/tasks/{task.pk}/")
    assert 'data-testid="task-open-case"' in page.content.decode()
    url = f"/assessment/cases/new/?task={task.pk}"
    assert client.get(url).status_code == 200
    before = AccountabilityCase.objects.count()
    bad = client.post(url, {"task": task.pk, "milestone": milestone.pk, "subject": " ",
                            "reason": "逾期"})  # fmt: skip
    assert bad.status_code == 200 and AccountabilityCase.objects.count() == before
    with clock.frozen(TODAY):
        data = {"task": task.pk, "milestone": milestone.pk, "subject": "大气科科长",
                "reason": "进展报告逾期3个工作日"}  # fmt: skip
        done = client.post(url, data)
    assert done.status_code == 302
    case = AccountabilityCase.objects.get(subject="大气科科长")
    assert case.deadline_id == milestone.deadline_id and case.status == CaseStatus.OPEN
    listing = client.get(f"/assessment/cases/?task={task.pk}").content.decode()
    assert "大气科科长" in listing and "进展报告逾期3个工作日" in listing
    client.post(f"/assessment/cases/{case.pk}/conclude/", {"outcome": "诫勉谈话"})
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.CONCLUDED, "诫勉谈话")
    actions = set(
        Event.objects.filter(object_type="supervision.milestone", object_id=str(milestone.pk))
        .values_list("action", flat=True)
    )  # fmt: skip
    assert {"warnings.accountability_case_opened", "warnings.accountability_case_concluded"} <= (
        actions
    )
    # The new case counts in the assessment of its year (opened 2026-07-01).
    with clock.frozen(TODAY):
        api = login(ledger.hr).get("/api/v1/assessment/annual/2026").json()
    assert next(u for u in api["undertakers"] if u["unit"] == "大气科")["cases"] == 3
    assert cast.office_staff  # office staff may follow but not open cases:
    office = login(cast.office_staff)
    assert office.get(url).status_code == 403
    assert office.get(f"/assessment/cases/?task={task.pk}").status_code == 200
    assert (
        office.post(f"/assessment/cases/{case.pk}/conclude/", {"outcome": "x"}).status_code == 403
    )


def test_S14_cases_pages_and_api_deny_by_default_and_hide_confidential_tasks(ledger) -> None:
    cast = ledger.cast
    for person in (cast.air_head, cast.air_liaison, cast.outsider, cast.auditor):
        assert login(person).get("/assessment/cases/").status_code == 403
        assert login(person).get("/api/v1/assessment/cases").status_code == 403
    secret = ledger.tasks["T3"]  # confidential; the supervisor is not named on it
    sup = login(ledger.supervisor)
    assert sup.get(f"/assessment/cases/new/?task={secret.pk}").status_code == 404
    assert "事项T3" not in sup.get("/assessment/cases/").content.decode()
    r = sup.post(
        "/api/v1/assessment/cases",
        json.dumps({"milestone_id": ledger.milestones["M6"].pk, "subject": "x", "reason": "y"}),
        content_type="application/json",
    )
    assert r.status_code == 404
    numbers = {c["task_number"] for c in sup.get("/api/v1/assessment/cases").json()}
    assert numbers == {ledger.tasks["T2"].number}


def test_S14_api_opens_and_concludes_a_case_with_the_same_rules(ledger) -> None:
    sup, office = login(ledger.supervisor), login(ledger.cast.office_staff)
    payload = {"milestone_id": ledger.milestones["M3"].pk, "subject": "大气科", "reason": "逾期"}
    body = json.dumps(payload)
    assert office.post("/api/v1/assessment/cases", body,
                       content_type="application/json").status_code == 403  # fmt: skip
    empty = json.dumps({**payload, "reason": "  "})
    bad = sup.post("/api/v1/assessment/cases", empty, content_type="application/json")
    assert bad.status_code == 400 and "问责对象" in bad.json()["detail"]
    r = sup.post("/api/v1/assessment/cases", body, content_type="application/json")
    assert r.status_code == 201, r.content
    case_id = r.json()["id"]
    outcome = json.dumps({"outcome": "通报批评"})
    done = sup.post(f"/api/v1/assessment/cases/{case_id}/conclude", outcome,
                    content_type="application/json")  # fmt: skip
    assert done.status_code == 200 and done.json()["status"] == "concluded"
    again = sup.post(f"/api/v1/assessment/cases/{case_id}/conclude",
                     json.dumps({"outcome": "x"}), content_type="application/json")  # fmt: skip
    assert again.status_code == 400
