"""Browser: the office works the phone-reminder worklist; a liaison reads the warning."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengwu.core import clock
from zhengwu.org.tests.factories import PASSWORD, make_cast
from zhengwu.warnings import services
from zhengwu.workdays import owners
from zhengwu.workdays import services as deadlines

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/staff/")


def test_S8_office_records_a_reminder_call_and_liaison_reads_the_warning(live_server, page):  # type: ignore[no-untyped-def]
    cast = make_cast()
    owners.register_owner(
        "test.e2e",
        recipients=lambda d: [cast.air_liaison, cast.air_head],
        describe=lambda d: f"大气污染防治督办事项{d.owner_id}",
        url=lambda d: "/staff/",
        contacts=lambda d: [(cast.air_liaison, cast.air_liaison.mobile)],
    )
    deadlines.open_fixed_deadline(
        by=None, owner=("test.e2e", 7), rule_id="S-3", start=dt.date(2025, 11, 11),
        due_date=dt.date(2025, 11, 14), bureau_id=cast.bureau.pk,
    )  # fmt: skip
    moment = clock.at_local(dt.date(2025, 11, 19), 9)
    services.sweep(at=moment)
    with clock.frozen(moment):
        services.process_all_new_warnings()

    login(page, live_server, "office")
    page.get_by_role("link", name="电话催办").click()
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
