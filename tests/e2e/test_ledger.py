"""Browser journeys of the 12340 ledger: office enters a meeting's decision → liaison drafts
feedback → head signs off → the leader in charge checks it → office returns it → redraft →
accepted → closed; the leader sends a report back, the office changes a task, a plan's file."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.menu import open_page
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
    page.get_by_role("button", name="退出").click()


def _leader_checks(page, base: str, task_url: str) -> None:
    _login(page, base, "leader")
    page.goto(task_url)
    page.get_by_role("button", name="把关通过并报送办公室").click()
    page.get_by_text("已把关，报告已报送办公室").first.wait_for()
    _logout(page)


def test_ledger_journey_from_meeting_decision_to_closed(live_server, page) -> None:
    _seed_policy()
    cast = make_cast()
    base = live_server.url
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    # The office records the meeting and turns its decision into a task.
    _login(page, base, "office")
    open_page(page, "督查督办", "12340工作台账")
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
    page.wait_for_url(re.compile(r"/supervision/tasks/\d+/$"))
    task_url = page.url
    expect(page.get_by_text("研究部署反馈").filter(visible=True).first).to_be_visible()
    _logout(page)

    # The liaison drafts the deployment feedback.
    _login(page, base, "air_liaison")
    page.goto(task_url)
    page.locator("form.sv-draft textarea").first.fill("已部署。")
    page.locator("form.sv-draft").first.get_by_role("button", name="保存报告").click()
    page.get_by_text("报告已保存").first.wait_for()
    _logout(page)

    # The head signs it off; the leader in charge of the section checks it (S-13).
    _login(page, base, "air_head")
    page.goto(task_url)
    page.get_by_role("button", name="审核把关并报送分管领导").click()
    page.get_by_text("已审核把关").first.wait_for()
    _logout(page)
    _leader_checks(page, base, task_url)

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
    page.get_by_role("button", name="审核把关并报送分管领导").click()
    page.get_by_text("已审核把关").first.wait_for()
    _logout(page)
    _leader_checks(page, base, task_url)

    # The office accepts it and closes the task with its result.
    _login(page, base, "office")
    page.goto(task_url)
    page.get_by_role("button", name="采纳报告").click()
    page.get_by_text("报告已采纳").first.wait_for()
    page.get_by_label("办理结果").fill("检查工地12个，问题5个全部整改到位。")
    # S-5: the reports still owed count as missed; closing over them needs a reason.
    page.get_by_label("未报齐即销号的原因").fill("其余报告并入整改总结，分管领导同意销号。")
    page.get_by_role("button", name="销号").click()
    page.get_by_text("事项已销号").first.wait_for()
    expect(page.get_by_text("已销号").first).to_be_visible()
    timeline = page.locator(".sv-timeline").inner_text()
    for step in (
        "交办并通知承办单位",
        "分管领导审核把关",
        "报告退回重写",
        "办公室采纳报告",
        "事项销号",
    ):
        assert step in timeline, step

    # The undertaker's open count is zero.
    page.goto(f"{base}/supervision/units/{cast.air.pk}/")
    assert page.get_by_test_id("open-count").inner_text().startswith("未办结事项：0")
    assert errors == []


def test_leader_sends_a_report_back_office_changes_the_task_and_a_plan_carries_a_file(
    live_server, page, tmp_path
) -> None:
    import datetime as dt

    from zhengwu.core import clock
    from zhengwu.supervision import services
    from zhengwu.supervision.models import IssueKind
    from zhengwu.workdays.selectors import current_calendar

    _seed_policy()
    cast = make_cast()
    base = live_server.url
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    today = clock.today()
    t = services.create_task(
        by=cast.office_staff,
        bureau=cast.bureau,
        data=services.TaskInput(
            title="推进重点行业VOCs治理", lead_unit=cast.air, instructing_leader=cast.leader,
            issue_kind=IssueKind.MAJOR,
        ),
    )  # fmt: skip
    fb = services.draft_feedback(
        by=cast.air_liaison, milestone=t.milestones.get(rule_id="S-1"), text="已部署。"
    )
    services.sign_off_feedback(by=cast.air_head, feedback=fb)
    task_url = f"{base}/supervision/tasks/{t.pk}/"

    # The leader in charge sends the report back with a reason (S-13).
    _login(page, base, "leader")
    page.goto(task_url)
    page.get_by_role("button", name="退回承办单位").click()
    page.get_by_text("请说明退回报告的理由").first.wait_for()  # a reason is required
    page.get_by_label("退回理由").fill("未写明责任人和整改成效。")
    page.get_by_role("button", name="退回承办单位").click()
    page.get_by_text("报告已退回承办单位重写").first.wait_for()
    expect(page.get_by_text("未写明责任人和整改成效。").first).to_be_visible()
    _logout(page)

    # The office changes the task: a clearer title, now urgent.
    _login(page, base, "office")
    page.goto(task_url)
    page.get_by_role("link", name="修改事项").click()
    page.get_by_label("督办事项").fill("推进重点行业VOCs综合治理")
    page.get_by_label("急事急办").check()
    page.get_by_role("button", name="保存修改").click()
    page.get_by_text("事项已修改。").first.wait_for()
    page.get_by_role("heading", name=re.compile("推进重点行业VOCs综合治理")).wait_for()
    assert "事项已修改" in page.locator(".sv-timeline").inner_text()
    _logout(page)

    # The liaison submits a plan with its written material attached (S-4).
    material = tmp_path / "实施方案.pdf"
    material.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    cal_day = current_calendar().next_workday(today + dt.timedelta(days=21))
    _login(page, base, "air_liaison")
    page.goto(task_url)
    page.get_by_label("工作方案", exact=True).fill("分两阶段推进。")
    page.get_by_label("时间节点", exact=True).fill(f"{cal_day.isoformat()} 完成排查")
    page.get_by_label("方案材料", exact=True).set_input_files(str(material))
    page.get_by_role("button", name="报送方案").click()
    page.get_by_role("link", name="实施方案.pdf").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="实施方案.pdf").click()
    assert download.value.suggested_filename == "实施方案.pdf"
    assert errors == []
