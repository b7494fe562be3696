"""Browser test of issue 3: an administrator loads a holiday notice and the calendar shows it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhengwu.org.tests.factories import PASSWORD, make_cast
from zhengwu.workdays.tests.samples import NOTICE_2027

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_R3_administrator_pastes_a_notice_previews_confirms_and_sees_the_holidays(
    live_server, page
) -> None:
    make_cast()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/?next=/staff/workdays/2027/")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/staff/workdays/2027/")
    expect(page.get_by_test_id("year-status").get_by_text("未确认")).to_be_visible()
    page.get_by_role("link", name="导入放假通知").click()
    page.get_by_label("通知全文").fill(NOTICE_2027)
    page.get_by_role("button", name="预览").click()
    preview = page.get_by_test_id("preview-table")
    preview.wait_for()
    expect(page.get_by_text("预览：尚未保存任何内容")).to_be_visible()
    row = preview.locator("tr", has_text="2027-02-14")
    assert "工作日" in row.inner_text() and "新增" in row.inner_text()

    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url(f"{live_server.url}/staff/workdays/2027/")
    expect(page.get_by_text("2027年：新增11天，变更0天，删除0天")).to_be_visible()
    expect(page.get_by_test_id("year-status").get_by_text("已确认")).to_be_visible()
    new_year = page.locator('td[data-date="2027-01-01"]')
    assert new_year.get_attribute("class") == "cal-holiday" and "休" in new_year.inner_text()
    assert page.locator('td[data-date="2027-02-14"]').get_attribute("class") == "cal-adjusted"
    table = page.get_by_test_id("exceptions")
    expect(table.locator("tr", has_text="2027-02-05").get_by_text("春节")).to_be_visible()
    assert errors == []
