"""Browser journey of the 12340 ledger: office enters a meeting's decision → liaison drafts
feedback → head signs off → office returns it → redraft → accepted → closed."""

from __future__ import annotations

import re

import pytest

from zhengwu.org.tests.factories import PASSWORD, make_cast

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _seed_policy() -> None:
    """A transactional test before this one may have flushed the seeded calendar and time limits
    (data migrations); put them back, as the migration does (idempotent)."""
    import importlib

    from django.apps import apps

    from zhengwu.workdays.selectors import forget_calendar

    seed = importlib.import_module("zhengwu.workdays.migrations.0002_seed_calendar_and_time_limits")
    seed.seed(apps, None)
    forget_calendar()


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/staff/")


def _logout(page) -> None:
    page.get_by_role("button", name="注销").click()


def test_ledger_journey_from_meeting_decision_to_closed(live_server, page) -> None:
    _seed_policy()
    cast = make_cast()
    base = live_server.url
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    # The office records the meeting and turns its decision into a task.
    _login(page, base, "office")
    page.get_by_role("link", name="12340工作台账").first.click()
    page.get_by_role("link", name="会议和领导交办").click()
    page.get_by_role("link", name="新建会议").click()
    page.get_by_label("会议类型").select_option("director_office")
    page.get_by_label("召开日期").fill("2026-03-02")
    page.get_by_label("标题").fill("局长办公会（2026年第5次）")
    page.get_by_label("会议纪要").fill("研究部署春季扬尘治理。")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("heading", name="局长办公会（2026年第5次）").first.wait_for()
    page.locator("#id_d0-title").fill("开展建筑工地扬尘专项检查")
    page.locator("#id_d0-instructing_leader").select_option(label="局长甲")
    page.locator("#id_d0-lead_unit").select_option(label="大气科")
    page.get_by_role("button", name="创建并交办").click()
    page.get_by_text("已交办1项").first.wait_for()
    page.get_by_role("link", name=re.compile("开展建筑工地扬尘专项检查")).click()
    task_url = page.url
    assert page.get_by_text("研究部署反馈").first.is_visible()
    _logout(page)

    # The liaison drafts the deployment feedback.
    _login(page, base, "air_liaison")
    page.goto(task_url)
    page.locator("form.sv-draft textarea").first.fill("已部署。")
    page.locator("form.sv-draft").first.get_by_role("button", name="保存报告").click()
    page.get_by_text("报告已保存").first.wait_for()
    _logout(page)

    # The head signs it off.
    _login(page, base, "air_head")
    page.goto(task_url)
    page.get_by_role("button", name="审核把关并报送办公室").click()
    page.get_by_text("已审核把关").first.wait_for()
    _logout(page)

    # The office returns it: it does not name people, facts, root causes and effects.
    _login(page, base, "office")
    page.goto(task_url)
    page.get_by_label("退回理由").first.fill("未做到见人见事、见根见效，请补充责任人和整改成效。")
    page.get_by_role("button", name="退回报告").click()
    page.get_by_text("报告已退回").first.wait_for()
    _logout(page)

    # The liaison redrafts; the head signs off again.
    _login(page, base, "air_liaison")
    page.goto(task_url)
    page.get_by_text("未做到见人见事").first.wait_for()
    page.locator("form.sv-draft textarea").first.fill(
        "大气科科长丁带队检查工地12个，发现围挡不全等问题5个，根源是施工方责任未落实，已全部整改。"
    )
    page.locator("form.sv-draft").first.get_by_role("button", name="保存报告").click()
    page.get_by_text("报告已保存").first.wait_for()
    _logout(page)
    _login(page, base, "air_head")
    page.goto(task_url)
    page.get_by_role("button", name="审核把关并报送办公室").click()
    page.get_by_text("已审核把关").first.wait_for()
    _logout(page)

    # The office accepts it and closes the task with its result.
    _login(page, base, "office")
    page.goto(task_url)
    page.get_by_role("button", name="采纳报告").click()
    page.get_by_text("报告已采纳").first.wait_for()
    page.get_by_label("办理结果").fill("检查工地12个，问题5个全部整改到位。")
    page.get_by_role("button", name="销号").click()
    page.get_by_text("事项已销号").first.wait_for()
    assert page.get_by_text("已销号").first.is_visible()
    timeline = page.locator(".sv-timeline").inner_text()
    for step in ("交办并通知承办单位", "报告退回重写", "办公室采纳报告", "事项销号"):
        assert step in timeline, step

    # The undertaker's open count is zero.
    page.goto(f"{base}/supervision/units/{cast.air.pk}/")
    assert page.get_by_test_id("open-count").inner_text().startswith("未办结事项：0")
    assert errors == []
