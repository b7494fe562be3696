"""Browser (S-10): the office opens this week's draft, writes the summary and issues it; the
director reads it and downloads the .docx."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.menu import open_page
from zhengwu.core import clock
from zhengwu.org.tests.factories import PASSWORD, make_cast
from zhengwu.supervision.tests.helpers import task
from zhengwu.weekly import policy, services

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


def login(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/staff/")


def test_S10_office_issues_this_weeks_report_and_the_director_downloads_it(  # type: ignore[no-untyped-def]
    live_server, page, tmp_path
):
    from docx import Document

    _seed_policy()
    cast = make_cast()
    day = policy.report_day(clock.today()) or policy.week_of(clock.today())
    monday = policy.week_of(day)
    with clock.frozen(dt.datetime(monday.year, monday.month, monday.day, 9, 0)):
        task(cast, title="饮用水水源地环境问题整治", lead_unit=cast.water,
             instructing_leader=cast.director)  # fmt: skip
    with clock.frozen(clock.at_local(day, 8, 0)):
        services.draft_week(bureau=cast.bureau, day=day)

    login(page, live_server, "office")
    panel = page.get_by_test_id("weekly-panel")
    panel.get_by_role("link", name="局长交办事项 · 局长甲").click()
    assert "重点工作落实情况周报" in page.get_by_test_id("report-title").inner_text()
    assert "饮用水水源地环境问题整治" in page.get_by_test_id("items").inner_text()
    page.get_by_label("工作小结").fill("局长交办事项本周推进有序。")
    page.get_by_test_id("issue").click()
    page.get_by_text("周报已报送。").wait_for()
    assert page.get_by_test_id("report-status").inner_text() == "已报送"
    page.get_by_role("button", name="退出").click()

    login(page, live_server, "director")
    open_page(page, "督查督办", "周报")
    rows = page.get_by_test_id("weekly-reports").get_by_role("row")
    rows.filter(has_text="局长交办事项").get_by_role("link", name="查看").click()
    assert "局长交办事项本周推进有序。" in page.get_by_test_id("summary").inner_text()
    with page.expect_download() as info:
        page.get_by_test_id("download-docx").click()
    path = tmp_path / "report.docx"
    info.value.save_as(path)
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].startswith("测试市生态环境局重点工作落实情况周报（")
    assert "报送：局长甲同志" in texts
    assert "局长交办事项本周推进有序。" in texts
    assert "饮用水水源地环境问题整治" in doc.tables[0].rows[1].cells[1].text
