"""/api/v1/reports: the annual report's workflow through the same services as the pages
(D-13, R-10); another bureau's report is not found; bad input answers 4xx."""

from __future__ import annotations

import pytest

from zhengwu.org.selectors import holders
from zhengwu.reports import policy
from zhengwu.reports.tests.helpers import YEAR, a_year_of_records
from zhengwu.reports.tests.test_import import published_2025
from zhengwu.reports.tests.test_workflow import in_jan


def test_D13_api_from_draft_to_published(ac, client) -> None:
    from zhengwu.org.models import Role

    a_year_of_records(ac)
    client.force_login(ac.officer)
    with in_jan():
        answer = client.post(
            "/api/v1/reports/annual",
            {"bureau_id": ac.bureau.pk, "year": YEAR},
            content_type="application/json",
        )
        assert answer.status_code == 200, answer.content
        report = answer.json()
        base = f"/api/v1/reports/annual/{report['id']}"
        assert (
            report["due_date"] == "2026-01-30" and "licensing.decisions" in report["missing_table2"]
        )
        for key in policy.ENTERED_KEYS:
            answer = client.post(
                base + "/figures",
                {"key": key, "value": "2", "source": "统计台账"},
                content_type="application/json",
            )
            assert answer.status_code == 200, answer.content
        answer = client.post(
            base + "/narrative",
            {"section": "overview", "text": "总体情况"},
            content_type="application/json",
        )
        assert answer.json()["overview"] == "总体情况"
        bad = client.post(
            base + "/narrative", {"section": "nope", "text": "x"}, content_type="application/json"
        )
        assert bad.status_code == 400
        assert client.post(base + "/approve").status_code == 403  # not the director
        assert client.post(base + "/submit").json()["status"] == "submitted"
        client.force_login(holders(Role.DIRECTOR, bureau_id=ac.bureau.pk).first())
        assert client.post(base + "/approve").json()["status"] == "approved"
        client.force_login(ac.officer)
        published = client.post(base + "/publish").json()
    assert published["status"] == "published"
    assert published["figures"]["table3"]["1"]["total"] == 2


def test_D13_api_other_bureau_gets_not_found(ac, client) -> None:
    a_year_of_records(ac)
    client.force_login(ac.officer)
    with in_jan():
        report = client.post(
            "/api/v1/reports/annual",
            {"bureau_id": ac.bureau.pk, "year": YEAR},
            content_type="application/json",
        ).json()
    client.force_login(ac.other_officer)
    assert client.get(f"/api/v1/reports/annual/{report['id']}").status_code == 404
    assert client.post(f"/api/v1/reports/annual/{report['id']}/submit").status_code == 404
    answer = client.post(
        "/api/v1/reports/annual",
        {"bureau_id": ac.bureau.pk, "year": YEAR},
        content_type="application/json",
    )
    assert answer.status_code == 404
    assert client.get("/api/v1/reports/annual").json() == []


@pytest.mark.parametrize("year", [1999, 2200, "20x5"])
def test_D13_api_refuses_implausible_years(ac, client, year) -> None:
    client.force_login(ac.officer)
    answer = client.post(
        "/api/v1/reports/annual",
        {"bureau_id": ac.bureau.pk, "year": year},
        content_type="application/json",
    )
    assert answer.status_code == 422


def test_D13_api_imports_a_previous_year(ac, client) -> None:
    table3, table4 = published_2025()
    client.force_login(ac.officer)
    body = {"bureau_id": ac.bureau.pk, "year": YEAR, "table3": table3, "table4": table4}
    answer = client.post("/api/v1/reports/imported", body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    again = client.post("/api/v1/reports/imported", body, content_type="application/json")
    assert again.status_code == 400
