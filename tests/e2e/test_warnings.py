"""Browser: the office works the phone-reminder worklist; a liaison reads the warning."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from tests.e2e.menu import open_page
from zhengwu.core import clock
from zhengwu.org.tests.factories import PASSWORD, make_cast
from zhengwu.warnings import services
from zhengwu.warnings.policy import workday_before
from zhengwu.warnings.tests.helpers import ensure_default_limits
from zhengwu.workdays import owners
from zhengwu.workdays import services as deadlines
from zhengwu.workdays.selectors import current_calendar

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/staff/")


def test_S8_office_records_a_reminder_call_and_liaison_reads_the_warning(live_server, page):  # type: ignore[no-untyped-def]
    ensure_default_limits()  # earlier transactional tests flush the seeded policy rows
    cast = make_cast()
    owners.register_owner(
        "test.e2e",
        recipients=lambda d: [cast.air_liaison, cast.air_head],
        describe=lambda d: f"大气污染防治督办事项{d.owner_id}",
        url=lambda d: "/staff/",
        contacts=lambda d: [(cast.air_liaison, cast.air_liaison.mobile)],
    )
    # Due three working days before today: as of now, 3 working days overdue (levels 1 and 2).
    due = workday_before(current_calendar(), clock.today(), 3)
    deadlines.open_fixed_deadline(
        by=None, owner=("test.e2e", 7), rule_id="S-3", start=due, due_date=due,
        bureau_id=cast.bureau.pk,
    )  # fmt: skip
    services.sweep()
    services.process_all_new_warnings()

    login(page, live_server, "office")
    open_page(page, "督查督办", "电话催办")
    table = page.get_by_test_id("phone-reminders")
    assert "大气污染防治督办事项7" in table.inner_text()
    assert cast.air_liaison.mobile in table.inner_text()
    table.get_by_role("link", name="查看").click()
    assert page.get_by_test_id("contact-phone").inner_text() == cast.air_liaison.mobile
    page.get_by_label("通话内容").fill("联络员承诺本周五前报送落实情况")
    promised = clock.today() + dt.timedelta(days=3)
    page.get_by_label("承诺办结日期").fill(promised.isoformat())
    page.get_by_test_id("record-call").click()
    page.get_by_text("通话记录已保存。").wait_for()
    assert "联络员承诺本周五前报送落实情况" in page.get_by_test_id("calls").inner_text()
    page.context.clear_cookies()

    login(page, live_server, "air_liaison")
    assert page.get_by_test_id("unread-count").inner_text().startswith("2")
    page.get_by_test_id("inbox-link").click()
    inbox = page.get_by_test_id("inbox")
    assert "第2次预警：大气污染防治督办事项7已超期3个工作日" in inbox.inner_text()
    page.get_by_test_id("mark-all-read").click()
    assert page.get_by_test_id("unread-count").count() == 0
    page.context.clear_cookies()

    login(page, live_server, "director")
    open_page(page, "报表", "预警看板")
    chart = page.get_by_test_id("warnings-chart")
    expect(chart).to_be_visible()
    assert chart.locator("rect.bar").count() == 2  # levels 1 and 2, raised this week
    if os.environ.get("ZHENGWU_SCREENSHOTS"):
        page.screenshot(path=os.environ["ZHENGWU_SCREENSHOTS"] + "/warnings-dashboard.png")
