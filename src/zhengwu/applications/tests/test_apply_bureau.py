"""R-1: one installation serves several bureaus; the online form asks which one is applied to."""

from __future__ import annotations

from zhengwu.applications.models import Application
from zhengwu.applications.tests import helpers
from zhengwu.core import clock
from zhengwu.disclosure.models import DisclosureGuide
from zhengwu.org.models import Bureau

PAYLOAD = {**helpers.PAYLOAD, "description": "2025年公交线路调整方案", "submit": "1"}


def _guides(ac) -> None:
    for bureau, body in (
        (ac.bureau, "生态环境局指南正文"),
        (ac.other_officer.bureau, "交通局指南正文"),
    ):
        DisclosureGuide.objects.update_or_create(
            bureau=bureau, defaults={"body": body, "updated_at": clock.now()}
        )


def test_R1_with_two_bureaus_the_application_goes_to_the_bureau_chosen(ac, client) -> None:
    page = client.get("/apply/").content.decode()
    assert 'name="bureau"' in page and "受理机关" in page
    assert "另一市交通运输局" in page and "测试市生态环境局" in page
    assert 'href="/apply/?bureau=OTHER-JT"' in page  # the list of bureaus to choose from
    response = client.post("/apply/", {**PAYLOAD, "bureau": "OTHER-JT"})
    assert response.status_code == 200
    application = Application.objects.get()
    assert application.bureau == ac.other_officer.bureau
    assert application.tracking_number in response.content.decode()


def test_R1_bureau_in_the_address_preselects_it_and_shows_its_guide(ac, client) -> None:
    _guides(ac)
    page = client.get("/apply/").content.decode()
    assert "生态环境局指南正文" not in page and "交通局指南正文" not in page
    assert "请先选择受理机关" in page
    page = client.get("/apply/?bureau=OTHER-JT").content.decode()
    assert '<option value="OTHER-JT" selected>' in page
    assert "交通局指南正文" in page and "生态环境局指南正文" not in page
    assert "请先选择受理机关" not in page
    # an unknown code preselects nothing (and is no error before submitting)
    page = client.get("/apply/?bureau=NOPE").content.decode()
    assert '<option value="" selected>' in page
    assert '"OTHER-JT" selected' not in page and '"TEST-HB" selected' not in page


def test_R1_a_forged_or_inactive_bureau_is_refused_and_nothing_stored(ac, client) -> None:
    for code in ("FORGED", ""):
        page = client.post("/apply/", {**PAYLOAD, "bureau": code}).content.decode()
        assert "请从列表中选择受理机关" in page or "请选择受理机关。" in page
    Bureau.objects.filter(code="OTHER-JT").update(is_active=False)
    Bureau.objects.create(name="第三市市场监督管理局", code="THIRD-SC")  # still two active
    response = client.post("/apply/", {**PAYLOAD, "bureau": "OTHER-JT"})
    assert response.status_code == 200
    assert "该行政机关不存在或不受理申请，请从列表中选择受理机关。" in response.content.decode()
    assert not Application.objects.exists()


def test_R1_with_one_bureau_the_form_has_no_bureau_field(cast, client) -> None:
    page = client.get("/apply/").content.decode()
    assert 'name="bureau"' not in page and "受理机关" not in page
    response = client.post("/apply/", PAYLOAD)
    assert response.status_code == 200
    application = Application.objects.get()
    assert application.bureau == cast.bureau
    # a value sent anyway is ignored: the single bureau is used
    client.post("/apply/", {**PAYLOAD, "bureau": "FORGED"})
    assert Application.objects.filter(bureau=cast.bureau).count() == 2


def test_R1_the_portal_guide_links_each_bureau_to_its_application_form(ac, client) -> None:
    page = client.get("/guide/").content.decode()
    assert 'href="/apply/?bureau=TEST-HB"' in page and 'href="/apply/?bureau=OTHER-JT"' in page
    assert "向本机关申请公开政府信息" in page
