"""Staff API: every handling step of an application through its endpoint, calling the same
services as the pages (R-2…R-7, D-11), with bureau scope and bounded input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from zhengwu.applications.models import Application
from zhengwu.applications.tests.helpers import apply_online, at, received

pytestmark = pytest.mark.django_db

D = dt.date


def post(client, url: str, data: dict):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_R2_R7_every_handling_step_through_the_api(ac, client) -> None:
    with at(D(2026, 3, 2)):
        online, _secret = apply_online(ac)
    client.force_login(ac.officer)
    base = f"/api/v1/applications/{online.pk}"
    with at(D(2026, 3, 3)):
        confirmed = post(client, f"{base}/confirm", {"on": "2026-03-03", "method": "phone"})
    assert confirmed.status_code == 200
    assert confirmed.json()["received_on"] == "2026-03-03" and confirmed.json()["due_date"]

    application = received(ac, D(2026, 3, 2))
    base = f"/api/v1/applications/{application.pk}"
    steps = [
        (D(2026, 3, 4), "supplement", {"on": "2026-03-04", "what": "请写明文号"}, "supplement"),
        (D(2026, 3, 6), "supplement-received", {"on": "2026-03-06"}, "handling"),
        (
            D(2026, 3, 9),
            "consultations",
            {"on": "2026-03-09", "kind": "third_party", "party": "某公司"},
            "consultation",
        ),
    ]
    for day, path, payload, status in steps:
        with at(day):
            response = post(client, f"{base}/{path}", payload)
        assert response.status_code == 200, (path, response.content)
        assert response.json()["status"] == status
    consultation = application.consultations.get()
    with at(D(2026, 3, 12)):
        opinion = post(
            client,
            f"{base}/consultations/{consultation.pk}/answer",
            {"on": "2026-03-12", "opinion": "同意"},
        )
    assert opinion.json()["status"] == "handling"
    with at(D(2026, 3, 13)):
        fee = post(client, f"{base}/fee", {"on": "2026-03-13", "method": "pages", "quantity": 150})
    assert fee.json()["status"] == "fee"
    with at(D(2026, 3, 16)):
        assert post(client, f"{base}/fee-paid", {"on": "2026-03-16"}).json()["status"] == "handling"
    due_before = client.get(base).json()["due_date"]
    client.force_login(ac.office_head)  # the head of the office approves the extension
    with at(D(2026, 3, 17)):
        extended = post(client, f"{base}/extend", {"days": 5, "reason": "需调取档案"})
    assert extended.status_code == 200 and extended.json()["due_date"] > due_before
    client.force_login(ac.officer)
    with at(D(2026, 3, 20)):
        answered = post(client, f"{base}/answer", {"on": "2026-03-20", "outcome": "3.3.4"})
        delivered = post(client, f"{base}/delivery", {"on": "2026-03-20", "way": "email"})
        filed = post(client, f"{base}/filing", {"on": "2026-03-20", "authority": "市政府办公室"})
    assert answered.json()["outcome"] == "3.3.4" and answered.json()["status"] == "answered"
    assert delivered.status_code == 200 and filed.status_code == 200
    application.refresh_from_db()
    assert application.delivered_on == D(2026, 3, 20) and application.filing.authority


def test_foundation_handling_steps_refuse_other_bureaus_and_bad_input(ac, client) -> None:
    application = received(ac, D(2026, 3, 2))
    base = f"/api/v1/applications/{application.pk}"
    client.force_login(ac.other_officer)
    with at(D(2026, 3, 4)):
        assert (
            post(client, f"{base}/supplement", {"on": "2026-03-04", "what": "x"}).status_code == 404
        )
    client.force_login(ac.officer)
    with at(D(2026, 3, 4)):
        too_long = post(client, f"{base}/supplement", {"on": "2026-03-04", "what": "长" * 2001})
        absurd = post(client, f"{base}/supplement", {"on": "1900-01-01", "what": "x"})
        refused = post(client, f"{base}/fee-paid", {"on": "2026-03-04"})  # no fee notice
        not_head = post(client, f"{base}/extend", {"days": 5, "reason": "x"})
    assert too_long.status_code == 422 and absurd.status_code == 422
    assert refused.status_code == 400 and refused.json()["detail"]
    assert not_head.status_code == 403
    assert Application.objects.get(pk=application.pk).status == "handling"
