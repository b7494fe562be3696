"""Browser smoke test: Playwright drives Debian's chromium against a live server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhengwu.org.tests.factories import PASSWORD, make_cast

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_switches_language(live_server, page) -> None:
    make_cast()
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.get_by_role("link", name="工作人员登录").click()
    page.get_by_label("用户名").fill("leader")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/staff/")
    expect(page.get_by_role("heading", name="副局长乙，您好")).to_be_visible()
    expect(page.get_by_text("分管领导").first).to_be_visible()
    page.select_option("#lang-select", "en")  # the script submits the form on change
    page.wait_for_load_state("load")
    page.get_by_role("heading", name="Welcome, 副局长乙").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_text("Leader in charge").first).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Staff login")).to_be_visible()


def test_public_home_has_no_console_errors(live_server, page) -> None:
    make_cast()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/")
    page.wait_for_load_state("networkidle")
    assert errors == []
