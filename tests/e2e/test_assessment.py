"""Browser: HR opens the annual assessment, follows a figure to its items, downloads the .xlsx."""

from __future__ import annotations

import io
import os

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.menu import open_page
from zhengwu.assessment import selectors
from zhengwu.assessment.tests.conftest import build_ledger
from zhengwu.org.tests.factories import PASSWORD, make_cast
from zhengwu.warnings.tests.helpers import ensure_default_limits

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/staff/")


def test_S14_hr_reads_the_assessment_follows_a_figure_and_downloads_the_xlsx(  # type: ignore[no-untyped-def]
    live_server, page
):
    ensure_default_limits()  # earlier transactional tests flush the seeded policy rows
    ledger = build_ledger(make_cast())
    expected = next(
        r
        for r in selectors.figures(ledger.hr, period=selectors.Period(2026)).rows
        if r.unit.name == "大气科"
    )

    login(page, live_server, "hr")
    open_page(page, "报表", "年度目标考核")
    page.get_by_label("年度").select_option("2026")
    page.get_by_role("button", name="查看").click()
    row = page.locator('tr[data-unit="大气科"]')
    # the confidential T3 counts (S-14), though HR is not named on it
    assert row.locator('[data-figure="items"]').inner_text() == "3"
    assert row.locator('[data-figure="warnings_1"]').inner_text() == "3"
    if os.environ.get("ZHENGWU_SCREENSHOTS"):
        page.screenshot(path=os.environ["ZHENGWU_SCREENSHOTS"] + "/assessment.png", full_page=True)

    row.locator('[data-figure="warnings_1"]').click()
    items = page.get_by_test_id("figure-items")
    assert items.locator("tbody tr").count() == 3
    text = items.inner_text()
    assert ledger.tasks["T1"].number in text and ledger.tasks["T2"].number in text
    assert "事项T3" not in text and "机密事项" in text  # S-13: no title for HR, not named
    page.go_back()

    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    download = info.value
    assert download.suggested_filename == "assessment-2026.xlsx"
    with open(download.path(), "rb") as stream:  # the temp file has no .xlsx suffix
        book = load_workbook(io.BytesIO(stream.read()))
    summary = book["汇总"]
    header = next(r for r in range(1, 20) if summary.cell(row=r, column=1).value == "承办单位")
    headings = [c.value for c in summary[header]]
    air = next(r for r in summary.iter_rows(min_row=header + 1, values_only=True)
               if r[0] == "大气科")  # fmt: skip
    values = dict(zip(headings, air, strict=True))
    assert values["事项数"] == expected.items == 3
    assert values["应办节点"] == expected.due
    assert values["按时办结率"] == expected.on_time_rate
    assert (values["第1次预警"], values["第2次预警"], values["第3次预警"]) == (3, 1, 1)
    assert values["退回报告"] == 2 and values["问责"] == 2
    warnings = [r for r in book["预警"].iter_rows(min_row=2, values_only=True) if r[0] == "大气科"]
    assert len(warnings) == expected.warnings == 5


def test_S8_leader_dashboard_draws_charts_and_a_bar_leads_to_its_items(live_server, page):  # type: ignore[no-untyped-def]
    ensure_default_limits()
    cast = make_cast()
    build_ledger(cast)
    login(page, live_server, "leader")  # in charge of 大气科 only
    open_page(page, "报表", "台账看板")
    page.get_by_label("年度").select_option("2026")
    page.get_by_role("button", name="查看").click()
    chart = page.get_by_test_id("open-closed")
    expect(chart).to_be_visible()
    assert "水科" not in page.get_by_test_id("open-closed-table").inner_text()
    if os.environ.get("ZHENGWU_SCREENSHOTS"):
        page.screenshot(path=os.environ["ZHENGWU_SCREENSHOTS"] + "/dashboard.png", full_page=True)
    chart.locator("a").first.click()  # the 大气科 "open" bar
    # T2 and the confidential T3 (counted, S-14; shown without its title, S-13)
    assert page.get_by_test_id("figure-items").locator("tbody tr").count() == 2
