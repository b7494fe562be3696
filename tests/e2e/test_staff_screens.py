"""The staff screens fit the work (issue 15, point 3), seen in the browser at 1440 px and 375 px.

Each main screen — staff home, ledger, task, ledger dashboard, annual assessment, weekly reports,
disclosure register, applications — is opened on a desktop (1440 px and 1280 px) and on a phone
and saved as a PNG (under the test's tmp_path, `screens/`). On the desktop the page never scrolls
sideways, the menu is one row (every top-level item at the same height), and task numbers, names
and badges stay on one line; the chart's category names do not overlap as drawn. On the phone the
menu folds behind its switch and opens with it. Choosing co-undertakers is a list of checkboxes
with a filter box above it (JavaScript), and the same list without it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.test_disclosure import reseed
from zhengwu.core import clock
from zhengwu.disclosure.tests.helpers import draft, make_disclosure_cast
from zhengwu.org import services as org_services
from zhengwu.org.models import Person, Role
from zhengwu.org.tests.factories import PASSWORD, OrgUnitFactory, PersonFactory
from zhengwu.supervision.tests.helpers import task
from zhengwu.weekly import policy
from zhengwu.weekly import services as weekly

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP, LAPTOP, PHONE = 1440, 1280, 375
LONG_UNITS = [
    "生态环境保护综合行政执法支队",
    "固体废物和化学品管理中心",
    "辐射环境监督站",
    "环境监测站",
    "机动车排污监控中心",
    "环境信息与宣传教育中心",
]

OVERFLOW = """() => ({scroll: document.documentElement.scrollWidth,
                     body: document.body.scrollWidth,
                     width: document.documentElement.clientWidth})"""

# The top of each visible top-level menu item.
MENU_TOPS = """() => [...document.querySelectorAll('[data-testid="staff-menu"] > li.menu-top')]
  .filter(li => li.getBoundingClientRect().width > 0)
  .map(li => li.getBoundingClientRect().top)"""

# How many lines each element's text takes: the distinct tops of its text's line boxes, and
# its height against one line of its own line height.
LINES = """(els) => els.map(el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                       .map(r => Math.round(r.top)));
  const style = getComputedStyle(el);
  const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.6;
  return {text: el.textContent.trim(), lines: tops.size,
          height: range.getBoundingClientRect().height, line};
})"""

# Category names of every chart, as drawn: pairs whose boxes overlap.
CHART_OVERLAPS = """() => {
  const found = [];
  document.querySelectorAll("svg.chart").forEach(svg => {
    const boxes = [...svg.querySelectorAll("text.chart-category")]
      .map(t => ({text: t.textContent, box: t.getBoundingClientRect()}));
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
      if (a.box.left < b.box.right && b.box.left < a.box.right &&
          a.box.top < b.box.bottom && b.box.top < a.box.bottom) found.push([a.text, b.text]);
    }));
  });
  return found;
}"""


@pytest.fixture
def bureau_at_work() -> dict[str, Any]:
    """A bureau with ledger tasks (long titles, several co-undertakers, urgent and confidential
    ones), this week's reports, a disclosure item in the register; the director has a title."""
    reseed()
    dc = make_disclosure_cast()
    cast = dc.cast
    Person.objects.filter(pk=cast.director.pk).update(full_name="王建国", job_title="局长")
    cast.director.refresh_from_db()
    hr = PersonFactory(username="hr", full_name="人事科庚", bureau=cast.bureau, unit=cast.office)
    org_services.assign_role(
        by=None, person=hr, role=Role.HR, unit=None, units_in_charge=[],
        valid_from=dt.date(2020, 1, 1),
    )  # fmt: skip
    units = [OrgUnitFactory(bureau=cast.bureau, name=name) for name in LONG_UNITS]
    day = policy.report_day(clock.today()) or policy.week_of(clock.today())
    monday = policy.week_of(day)
    tasks = []
    with clock.frozen(dt.datetime(monday.year, monday.month, monday.day, 9, 0)):
        for i, title in enumerate(
            [
                "开展建筑工地扬尘专项检查，对全市在建工地落实“六个百分百”情况逐一核查并建立问题清单",
                "饮用水水源地环境问题整治",
                "重点行业挥发性有机物综合治理",
                "中央生态环境保护督察反馈问题整改",
            ]
        ):
            tasks.append(
                task(
                    cast,
                    title=title,
                    instructing_leader=cast.director if i % 2 == 0 else cast.leader,
                    co_units=units[: 2 + i],
                    urgent=i == 0,
                    confidential=i == 3,
                    named_readers=[cast.office_staff] if i == 3 else [],
                )
            )
    with clock.frozen(clock.at_local(day, 8, 0)):
        weekly.draft_week(bureau=cast.bureau, day=day)
    draft(dc, title="关于开展2026年大气污染防治专项检查的通知")
    year, week, _ = monday.isocalendar()
    return {"cast": cast, "tasks": tasks, "week": f"{year}年第{week}周"}


def _context(browser: Any, width: int, *, javascript: bool = True) -> Any:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    context.set_default_timeout(15_000)
    return context


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/staff/")


def _screens(base: str, data: dict[str, Any]) -> list[tuple[str, str, str]]:
    first = data["tasks"][0]
    return [
        ("home", "office", "/staff/"),
        ("ledger", "office", "/supervision/"),
        ("task", "office", f"/supervision/tasks/{first.pk}/"),
        ("dashboard", "director", "/assessment/dashboard/"),
        ("assessment", "hr", "/assessment/annual/"),
        ("weekly", "office", "/weekly/"),
        ("register", "office", "/staff/disclosure/"),
        ("applications", "office", "/staff/applications/"),
    ]


def _one_line(page: Any, selector: str) -> list[dict[str, Any]]:
    """The elements matching `selector` whose text breaks onto a second line."""
    measured = page.eval_on_selector_all(selector, LINES)
    assert measured, f"nothing matches {selector}"
    return [m for m in measured if m["lines"] != 1 or m["height"] > 1.5 * m["line"]]


def test_foundation_main_staff_screens_fit_a_desktop_and_a_phone(
    live_server, browser, bureau_at_work, tmp_path: Path
) -> None:
    base = live_server.url
    shots = tmp_path / "screens"
    shots.mkdir()
    problems: list[str] = []
    for width in (DESKTOP, LAPTOP, PHONE):
        context = _context(browser, width)
        page = context.new_page()
        user = ""
        for name, username, path in _screens(base, bureau_at_work):
            if username != user:
                context.clear_cookies()
                _login(page, base, username)
                user = username
            response = page.goto(base + path)
            assert response is not None and response.status == 200, (path, username)
            png = shots / f"{name}-{width}.png"
            page.screenshot(path=str(png), full_page=True)
            assert png.stat().st_size > 5_000, png
            size = page.evaluate(OVERFLOW)
            if max(size["scroll"], size["body"]) > size["width"]:
                problems.append(f"{path} at {width}: the page scrolls sideways {size}")
            if width >= LAPTOP:
                tops = page.evaluate(MENU_TOPS)
                if len(tops) < 4 or max(tops) - min(tops) > 0.5:
                    problems.append(f"{path}: the menu is not one row {tops}")
                if page.locator("td .badge").count():
                    for m in _one_line(page, "td .badge"):
                        problems.append(f"{path}: badge wraps {m}")
                overlaps = page.evaluate(CHART_OVERLAPS)
                if overlaps:
                    problems.append(f"{path}: chart labels overlap {overlaps[:3]}")
            else:
                menu = page.get_by_test_id("staff-menu")
                if menu.is_visible():
                    problems.append(f"{path} at {width}: the menu is not folded")
            if name == "ledger":
                for selector in ('[data-testid="task-number"]', '[data-testid="task-leader"]'):
                    for m in _one_line(page, selector):
                        problems.append(f"ledger at {width}: {selector} wraps {m}")
                leaders = page.get_by_test_id("task-leader").all_inner_texts()
                assert "王建国（局长）" in leaders, leaders
            if name == "weekly":
                weeks = page.get_by_test_id("week").all_inner_texts()
                assert weeks and set(weeks) == {bureau_at_work["week"]}, weeks
        context.close()
    assert not problems, "\n".join(problems)
    assert len(list(shots.glob("*.png"))) == 3 * len(_screens(base, bureau_at_work))


def test_foundation_staff_menu_opens_groups_on_a_desktop_and_folds_on_a_phone(
    live_server, browser, bureau_at_work
) -> None:
    base = live_server.url
    for javascript in (True, False):
        context = _context(browser, DESKTOP, javascript=javascript)
        page = context.new_page()
        _login(page, base, "office")
        menu = page.get_by_test_id("staff-menu")
        ledger = menu.get_by_role("link", name="12340工作台账", exact=True)
        expect(ledger).to_be_hidden()
        menu.locator("summary", has_text="督查督办").click()
        expect(ledger).to_be_visible()
        ledger.click()
        page.wait_for_url(f"{base}/supervision/")
        expect(page.get_by_role("button", name="退出")).to_be_visible()
        context.close()

    context = _context(browser, PHONE, javascript=False)
    page = context.new_page()
    _login(page, base, "office")
    menu = page.get_by_test_id("staff-menu")
    expect(menu).to_be_hidden()
    page.get_by_test_id("menu-toggle").click()
    expect(menu).to_be_visible()
    menu.locator("summary", has_text="信息公开").click()
    menu.get_by_role("link", name="政务信息登记", exact=True).click()
    page.wait_for_url(f"{base}/staff/disclosure/")
    context.close()


def test_S9_co_undertakers_are_chosen_from_a_filtered_checkbox_list_without_ctrl_click(
    live_server, browser, bureau_at_work
) -> None:
    base = live_server.url
    first = bureau_at_work["tasks"][0]
    edit = f"{base}/supervision/tasks/{first.pk}/edit/"

    context = _context(browser, DESKTOP)
    page = context.new_page()
    _login(page, base, "office")
    page.goto(edit)
    group = page.get_by_role("group", name="协办单位")
    search = group.get_by_role("searchbox")
    search.fill("监测")
    visible = [
        label.inner_text().strip()
        for label in group.locator("label").all()
        if label.is_visible() and label.inner_text().strip()
    ]
    assert visible == ["环境监测站"], visible
    group.get_by_label("环境监测站").check()
    search.fill("")
    expect(group.get_by_label("水科")).to_be_visible()
    group.get_by_label("生态环境保护综合行政执法支队").uncheck()
    page.get_by_role("button", name="保存修改").click()
    page.wait_for_url(f"{base}/supervision/tasks/{first.pk}/")
    first.refresh_from_db()
    assert sorted(u.name for u in first.co_units.all()) == [
        "固体废物和化学品管理中心",
        "环境监测站",
    ]
    context.close()

    context = _context(browser, DESKTOP, javascript=False)
    page = context.new_page()
    _login(page, base, "office")
    page.goto(edit)
    group = page.get_by_role("group", name="协办单位")
    assert group.get_by_role("searchbox").count() == 0
    assert group.get_by_role("checkbox").count() >= len(bureau_at_work["tasks"]) + 4
    assert group.get_by_label("环境监测站").is_checked()
    readers = page.get_by_role("group", name="涉密事项知悉人员")
    assert readers.get_by_role("checkbox").count() >= 9
    context.close()
