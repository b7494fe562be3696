"""Browser (D-13, R-10): the disclosure office drafts last year's annual report and writes its
overview, submits it; the director approves and publishes it; a visitor opens 年度报告 on the
portal and reads the year's tables."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhengwu.applications.tests.helpers import make_app_cast
from zhengwu.org.tests.factories import make_cast
from zhengwu.reports.tests.helpers import YEAR, a_year_of_records, enter_table2

from .test_weekly import _seed_policy, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_D13_draft_approve_publish_and_the_portal_shows_the_tables(  # type: ignore[no-untyped-def]
    live_server, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    _seed_policy()
    ac = make_app_cast(make_cast())
    a_year_of_records(ac)
    enter_table2(ac)

    login(page, live_server, ac.officer.username)
    page.goto(f"{live_server.url}/staff/reports/annual/")
    page.get_by_label("年度").fill(str(YEAR))
    page.get_by_test_id("draft").click()
    page.get_by_text("年度报告草稿已创建。").wait_for()
    report_url = page.url
    assert page.get_by_test_id("table3").locator("tr[data-key='1'] td").last.inner_text() == "2"
    page.locator("#text-overview").fill("本年度共主动公开政府信息128条。")
    page.get_by_test_id("save-overview").click()
    page.get_by_text("本部分已保存。").wait_for()
    page.get_by_test_id("submit").click()
    page.get_by_text("报告已报请审定。").wait_for()
    assert page.get_by_test_id("report-status").inner_text() == "已报请审定"
    assert page.get_by_test_id("approve").count() == 0  # the drafter does not approve
    page.get_by_role("button", name="退出").click()

    login(page, live_server, "director")
    page.goto(report_url)
    page.get_by_test_id("approve").click()
    page.get_by_text("报告已审定。").wait_for()
    page.get_by_test_id("publish").click()
    page.get_by_text("报告已在门户网站发布。").wait_for()
    assert page.get_by_test_id("report-status").inner_text() == "已公开"
    page.get_by_role("button", name="退出").click()

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="政府信息公开年报").first.click()
    page.get_by_role("link", name=f"{ac.bureau.name}{YEAR}年政府信息公开工作年度报告").click()
    assert "本年度共主动公开政府信息128条。" in page.get_by_test_id("overview").inner_text()
    table3 = page.get_by_test_id("table3")
    assert table3.locator("tr[data-key='1'] td").last.inner_text() == "2"
    assert table3.locator("tr[data-key='3.5.2'] td").last.inner_text() == "1"
    assert (
        page.get_by_test_id("table2")
        .locator("tr[data-key='licensing.decisions'] td")
        .last.inner_text()
        == "3"
    )
    expect(page.get_by_test_id("table4")).to_be_visible()
