"""The portal as a bureau publishes it (R-11): its name and emblem in the header, the 主办单位 and
备案 numbers in the footer, breadcrumbs, the font-size and print controls, the 政府信息公开
columns, and the catalogue on a 375 px phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import OVERFLOW
from tests.e2e.test_disclosure import reseed
from zhengwu.core import clock
from zhengwu.disclosure import services as disclosure
from zhengwu.disclosure.tests.helpers import category, draft, make_disclosure_cast, publish
from zhengwu.org.models import Person
from zhengwu.portal import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site() -> dict[str, Any]:
    from django.core.cache import cache

    cache.clear()
    reseed()
    dc = make_disclosure_cast()
    root = Person.objects.create_superuser("root", "root@example.org", "x-Very-long-9")
    services.save_site_settings(
        by=root, site_name="测试市生态环境局", host_organisation="测试市生态环境局",
        address="测试市人民路1号", phone="0000-1234567", website_code="9900000001",
        icp_number="测ICP备00000001号", police_number="测公网安备00000000000001号",
        show_emblem=True,
    )  # fmt: skip
    policy = publish(
        dc,
        disclosure.create_item(
            by=dc.air_liaison, bureau=dc.bureau, title="测试市扬尘污染防治管理办法（规范性文件）",
            category=category("R20-01"), formed_on=clock.today(), body="正文",
            summary="规范建设工程、道路保洁和物料堆场扬尘污染防治。",
            document_number="测环规〔2026〕1号", is_normative=True,
        ),
    )  # fmt: skip
    interpretation = publish(
        dc, draft(dc, title="《测试市扬尘污染防治管理办法》政策解读", interprets=policy)
    )
    for n in range(5):
        publish(dc, draft(dc, title=f"2026年第{n + 1}批大气污染源监督性监测结果公开"))
    return {"policy": policy, "interpretation": interpretation}


def test_R11_header_footer_breadcrumbs_and_font_size_on_the_portal(live_server, page, site):
    base = live_server.url
    page.goto(f"{base}/")
    header = page.locator("header.site-header")
    assert header.get_by_test_id("site-name").inner_text() == "测试市生态环境局"
    expect(header.locator("img.site-emblem")).to_be_visible()
    footer = page.locator("footer.site-footer").inner_text()
    assert "测试市生态环境局" in footer and "9900000001" in footer and "测ICP备00000001号" in footer
    assert "zhengwu" not in footer.lower() and "12340" not in page.content()

    # 首页 › 政府信息公开 › 法定主动公开内容 › 法规文件 › the item, each crumb a way back.
    page.goto(f"{base}/info/{site['policy'].pk}/")
    crumbs = page.get_by_test_id("breadcrumbs").locator("li")
    assert crumbs.all_inner_texts() == [
        "首页", "政府信息公开", "法定主动公开内容", "法规文件", site["policy"].title
    ]  # fmt: skip
    assert page.get_by_test_id("interpretations").get_by_role("link").inner_text() == (
        site["interpretation"].title
    )
    crumbs.nth(3).get_by_role("link").click()
    page.wait_for_url(f"{base}/open/proactive/documents/")
    assert page.get_by_role("heading", level=1).inner_text() == "法规文件"

    size = "() => parseFloat(getComputedStyle(document.body).fontSize)"
    medium = page.evaluate(size)
    page.get_by_test_id("font-large").click()
    page.wait_for_url(f"{base}/open/proactive/documents/")
    assert page.evaluate(size) > medium
    page.get_by_test_id("font-small").click()
    page.wait_for_load_state("load")
    assert page.evaluate(size) < medium
    # The print button is the local script's (no inline script under the CSP).
    expect(page.get_by_role("button", name="打印")).to_be_visible()


def test_R11_the_disclosure_columns_open_from_the_column_page(live_server, page, site):
    base = live_server.url
    page.goto(f"{base}/")
    page.locator("nav.main-nav").get_by_role("link", name="政府信息公开", exact=True).click()
    page.wait_for_url(f"{base}/open/")
    names = {
        "政府信息公开指南": "/guide/",
        "政府信息公开制度": "/open/rules/",
        "法定主动公开内容": "/open/proactive/",
        "政策解读": "/open/interpretations/",
        "依申请公开": "/apply/",
        "政府信息公开年报": "/annual-reports/",
    }
    for name, path in names.items():
        page.goto(f"{base}/open/")
        page.get_by_test_id("open-columns").get_by_role("link", name=name, exact=True).click()
        page.wait_for_url(f"{base}{path}")
        assert page.get_by_test_id("breadcrumbs").locator("li").first.inner_text() == "首页"
    page.goto(f"{base}/open/proactive/")
    for name in ("机构职能", "法规文件", "规划计划", "财政预决算", "行政许可/处罚", "人事信息"):
        expect(
            page.get_by_test_id("proactive-columns").get_by_role("link", name=name)
        ).to_be_visible()
    page.goto(f"{base}/open/interpretations/")
    listing = page.get_by_test_id("interpretations")
    listing.get_by_role("link", name=site["policy"].title).click()
    page.wait_for_url(f"{base}/info/{site['policy'].pk}/")


def test_R11_the_catalogue_reads_on_a_375px_phone(live_server, browser, site) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/catalogue/")
        result = page.evaluate(OVERFLOW)
        assert result["scroll"] <= result["width"] and not result["wide"], result
        table = page.get_by_test_id("catalogue-table")
        row = table.locator("tr", has_text="扬尘污染防治管理办法（规范性文件）")
        label = "el => getComputedStyle(el, '::before').content"
        number = row.locator('td[data-label="文号"]')
        assert number.inner_text() == "测环规〔2026〕1号" and "文号" in number.evaluate(label)
        validity = row.locator('td[data-label="有效性"]')
        assert validity.inner_text() == "有效" and "有效性" in validity.evaluate(label)
        plain = table.locator("tr", has_text="2026年第1批大气污染源监督性监测结果公开")
        assert not plain.locator('td[data-label="文号"]').is_visible()  # only where it has one
        box = row.bounding_box()
        assert box is not None and box["width"] <= 375
    finally:
        context.close()
