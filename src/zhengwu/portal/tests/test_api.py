"""API: public read endpoints without login; staff workflow endpoints with the same rules."""

from __future__ import annotations

from zhengwu.disclosure.models import Category, Status
from zhengwu.disclosure.tests.helpers import draft, publish


def test_openapi_lists_public_and_staff_disclosure_endpoints(client, db) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/public/items",
        "/api/v1/public/search",
        "/api/v1/public/items/{item_id}",
        "/api/v1/disclosure/items",
        "/api/v1/disclosure/items/{item_id}/review",
        "/api/v1/disclosure/items/{item_id}/publish",
    ):
        assert path in paths, path


def test_public_search_api_returns_segmented_tokens_and_highlight(dc, client) -> None:
    item = publish(dc, draft(dc, title="大气污染防治攻坚行动方案"))
    data = client.get("/api/v1/public/search", {"q": "污染防治"}).json()
    assert [r["item"]["id"] for r in data["results"]] == [item.pk]
    assert "<mark>" in data["results"][0]["snippet"] or data["results"][0]["snippet"]
    assert data["tokens"]


def test_D11_staff_api_runs_the_workflow_with_the_same_rules(dc, client) -> None:
    category = Category.objects.get(code="R20-13")
    client.force_login(dc.air_liaison)
    created = client.post(
        "/api/v1/disclosure/items",
        {"title": "重污染天气应急预案", "category_id": category.pk, "formed_on": "2026-11-02"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    item_id = created.json()["id"]
    assert created.json()["due_date"] and "20" in created.json()["deadline_explanation"]
    assert client.post(f"/api/v1/disclosure/items/{item_id}/submit").status_code == 200
    own = client.post(
        f"/api/v1/disclosure/items/{item_id}/review",
        {"conclusion": "passed"},
        content_type="application/json",
    )
    assert own.status_code == 403  # D-11: never the author
    client.force_login(dc.reviewer)
    reviewed = client.post(
        f"/api/v1/disclosure/items/{item_id}/review",
        {"conclusion": "passed"},
        content_type="application/json",
    )
    assert reviewed.json()["status"] == Status.APPROVAL
    client.force_login(dc.leader)
    assert client.post(f"/api/v1/disclosure/items/{item_id}/approve").status_code == 200
    client.force_login(dc.officer)
    published = client.post(
        f"/api/v1/disclosure/items/{item_id}/publish", {}, content_type="application/json"
    )
    assert published.json()["status"] == Status.PUBLISHED
    assert client.get(f"/api/v1/public/items/{item_id}").status_code == 200


def test_staff_api_hides_confidential_items_and_refuses_bad_input(dc, client) -> None:
    secret = draft(dc, is_confidential=True)
    client.force_login(dc.water_head)
    listed = client.get("/api/v1/disclosure/items").json()
    assert secret.pk not in [i["id"] for i in listed]
    client.force_login(dc.air_liaison)
    bad = client.post(
        "/api/v1/disclosure/items",
        {"title": " ", "category_id": Category.objects.get(code="R20-13").pk,
         "formed_on": "2026-11-02"},
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 400 and bad.json()["detail"] == "请填写标题。"
