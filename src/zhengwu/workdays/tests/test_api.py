"""/api/v1/workdays: the same arithmetic and explanations as the pages (issue 3)."""

from __future__ import annotations

import pytest

from zhengwu.api import services as api_services

pytestmark = pytest.mark.django_db


def test_R3_api_computes_with_explanation_and_marks_unconfirmed_years(client, cast) -> None:
    client.force_login(cast.air_liaison)
    body = client.get("/api/v1/workdays/compute", {"rule": "R-3", "start": "2025-09-26"}).json()
    assert body["due_date"] == "2025-10-30" and body["policy_version"] == 1
    assert "依据《中华人民共和国政府信息公开条例》第三十三条" in body["explanation"]
    assert "R-3" not in body["explanation"]
    body = client.get("/api/v1/workdays/add", {"date": "2026-12-24", "n": 20}).json()
    assert (body["date"], body["unconfirmed_years"]) == ("2027-01-21", [2027])
    assert client.get("/api/v1/workdays/day", {"date": "2025-10-01"}).json()["is_workday"] is False


def test_R3_api_refuses_bad_input_and_anonymous_callers(client, cast) -> None:
    assert client.get("/api/v1/workdays/add", {"date": "2026-01-05", "n": 3}).status_code == 401
    _token, raw = api_services.issue_token(by=cast.water_head, person=cast.water_head, name="脚本")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = client.get("/api/v1/workdays/add", {"date": "2026-01-05", "n": -1}, **auth)
    # n outside 0…1000 is refused by the documented schema (422), naming the field
    assert response.status_code == 422 and "n" in str(response.json()["detail"])
    response = client.get(
        "/api/v1/workdays/compute", {"rule": "X-9", "start": "2026-01-05"}, **auth
    )
    assert response.status_code == 404 and response.json()["code"] == "unknown_rule"
