"""Staff pages: thin callers of the services, with the same permissions and clear messages."""

from __future__ import annotations

from zhengwu.disclosure.models import Category, InformationItem, Status
from zhengwu.disclosure.tests.helpers import draft


def test_D2_staff_record_an_item_through_the_form(dc, client) -> None:
    client.force_login(dc.air_liaison)
    category = Category.objects.get(code="R20-01")
    response = client.post(
        "/staff/disclosure/new/",
        {
            "title": "示例市机动车排气污染防治条例实施细则",
            "category": category.pk,
            "formed_on": "2026-11-02",
            "attribute": "proactive",
            "body": "正文",
            "concerned_units": [dc.water.pk],
        },
        follow=True,
    )
    item = InformationItem.objects.get()
    assert response.redirect_chain[-1][0] == f"/staff/disclosure/{item.pk}/"
    html = response.content.decode()
    # D-7: the page shows the item's 20-working-day deadline (2026-11-02 → 2026-11-30)
    assert item.index_number in html and "2026-11-30" in html
    assert list(item.concerned_units.all()) == [dc.water]


def test_D2_bad_input_gets_a_clear_message_and_changes_nothing(dc, client) -> None:
    client.force_login(dc.air_liaison)
    response = client.post(
        "/staff/disclosure/new/",
        {
            "title": "不予公开但没有理由",
            "category": Category.objects.get(code="R20-01").pk,
            "formed_on": "2026-11-02",
            "attribute": "withheld",
        },
    )
    assert response.status_code == 200
    assert "不予公开的信息须注明法定理由" in response.content.decode()
    assert not InformationItem.objects.exists()


def test_D11_the_review_form_refuses_the_author_and_reports_domain_errors(dc, client) -> None:
    item = draft(dc)
    client.force_login(dc.air_liaison)
    client.post(f"/staff/disclosure/{item.pk}/submit/")
    assert (
        client.post(f"/staff/disclosure/{item.pk}/review/", {"conclusion": "passed"}).status_code
        == 403
    )
    client.force_login(dc.reviewer)
    response = client.post(
        f"/staff/disclosure/{item.pk}/review/", {"conclusion": "unsure"}, follow=True
    )
    assert "请填写报送机关" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.REVIEW


def test_R11_the_disclosure_officer_edits_the_guide(dc, client) -> None:
    client.force_login(dc.water_head)
    assert client.get("/staff/disclosure/guide/").status_code == 403
    client.force_login(dc.officer)
    client.post("/staff/disclosure/guide/", {"body": "一、主动公开范围……", "online_contact": ""})
    assert "一、主动公开范围" in client.get("/guide/").content.decode()


def test_D7_worklist_and_home_panel_show_overdue_items(dc, client) -> None:
    import datetime as dt

    item = draft(dc, formed_on=dt.date(2026, 3, 2))
    client.force_login(dc.officer)
    html = client.get("/staff/disclosure/worklist/").content.decode()
    assert item.title in html and "已逾期" in html
    home = client.get("/staff/").content.decode()
    assert "政务公开工作" in home and item.title in home
    client.force_login(dc.outsider)
    assert "政务公开工作" not in client.get("/staff/").content.decode()


def test_D3_the_disclosure_officer_abolishes_a_normative_document(dc, client) -> None:
    from zhengwu.disclosure.tests.helpers import publish

    item = publish(dc, draft(dc, is_normative=True))
    client.force_login(dc.officer)
    assert "变更有效性" in client.get(f"/staff/disclosure/{item.pk}/").content.decode()
    client.post(f"/staff/disclosure/{item.pk}/validity/", {"validity": "abolished"})
    item.refresh_from_db()
    assert item.validity == "abolished"
    assert "已废止" in client.get(f"/info/{item.pk}/").content.decode()


def test_D5_administrators_maintain_the_catalogue_tree_in_the_admin(dc, client) -> None:
    client.force_login(dc.admin)
    assert client.get("/admin/disclosure/category/").status_code == 200
    parent = Category.objects.get(code="D5")
    response = client.post(
        "/admin/disclosure/category/add/",
        {"code": "D5-7", "name": "环境信访办理情况", "parent": parent.pk, "sort_order": 7,
         "is_active": "on", "legal_basis": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert Category.objects.get(code="D5-7").parent == parent
    client.force_login(dc.water_head)
    assert client.get("/admin/disclosure/category/").status_code in (302, 403)
