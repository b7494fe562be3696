"""Accessibility of the portal and the disclosure staff pages (issue 6 point 6: labels, contrast,
keyboard, mobile).

axe-core (vendored, tests/e2e/vendor/README.md) is injected into each page, in Chinese and in
English; any "serious" or "critical" violation fails. The search form and the catalogue filters
are driven with the keyboard alone, and every page is checked at a 375 px wide (phone) viewport for
horizontal overflow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.e2e.test_disclosure import reseed
from zhengwu.disclosure import services
from zhengwu.disclosure.models import Attribute
from zhengwu.disclosure.tests import files
from zhengwu.disclosure.tests.helpers import draft, make_disclosure_cast, publish
from zhengwu.org.tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return {
    rulesPassed: result.passes.length,
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary),
    })),
  };
}"""

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter(el => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) return false;
    // inside a deliberate horizontal scroller (wide tables) is fine
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (["auto", "scroll"].includes(style.overflowX) && p.clientWidth <= width) return false;
    }
    return true;
  }).slice(0, 5).map(el => el.tagName + "." + el.className + " right=" +
                            Math.round(el.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


@pytest.fixture
def register() -> dict[str, Any]:
    from django.core.cache import cache

    cache.clear()
    reseed()
    dc = make_disclosure_cast()
    item = draft(dc, title="关于开展大气污染防治专项检查的通知", summary="专项检查安排",
                 document_number="测环发〔2026〕7号", is_normative=True)  # fmt: skip
    services.add_attachment(
        by=dc.air_liaison, item=item, upload=SimpleUploadedFile("检查表.xlsx",
        files.excel([["企业", "结果"], ["鑫源化工", "合格"]])),
    )  # fmt: skip
    services.add_attachment(
        by=dc.air_liaison, item=item, upload=SimpleUploadedFile("现场.png", files.png()),
        description="专项检查现场照片",
    )  # fmt: skip
    publish(dc, item)
    other = publish(dc, draft(dc, title="2026年水污染防治工作要点"))
    waiting = draft(dc, title="重污染天气应急预案（修订稿）", concerned_units=[dc.water])
    services.submit_for_review(by=dc.air_liaison, item=waiting)
    withheld = draft(
        dc, title="内部讨论稿", attribute=Attribute.WITHHELD, withhold_reason="process"
    )
    return {"dc": dc, "item": item, "other": other, "waiting": waiting, "withheld": withheld}


@pytest.fixture
def context_factory(browser) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(language: str = "zh-hans", width: int = 1280) -> Any:
        # The CSP forbids inline scripts; axe is injected as one, so the test context bypasses it.
        context = browser.new_context(
            locale="zh-CN", viewport={"width": width, "height": 900}, bypass_csp=True
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def _set_language(context: Any, base: str, language: str) -> None:
    context.add_cookies([{"name": "zhengwu_language", "value": language, "url": base}])


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{base}/staff/")


def _violations(page: Any, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.add_script_tag(path=str(AXE))
    outcome = page.evaluate(RUN_AXE)
    assert outcome["rulesPassed"] > 10, f"axe did not run on {url}"
    found = outcome["violations"]
    for v in found:
        if v["impact"] not in BLOCKING:
            print(f"{url} [{v['impact']}] {v['id']}: {v['help']}")  # reported, not failing
    return [
        f"{url} [{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in found
        if v["impact"] in BLOCKING
    ]


def _portal_pages(base: str, data: dict[str, Any]) -> list[str]:
    return [
        f"{base}/",  # the home page carries the Atom feed link
        f"{base}/guide/",
        f"{base}/catalogue/",
        f"{base}/catalogue/?category={data['item'].category_id}",
        f"{base}/info/{data['item'].pk}/",
        f"{base}/search/?q=大气污染",
        f"{base}/search/?q=鑫源化工",  # a hit in an attachment
        f"{base}/search/?q=无此内容词",
        f"{base}/annual-reports/",
        f"{base}/open/",
        f"{base}/open/proactive/",
        f"{base}/open/proactive/inspections/",
    ]


def _staff_pages(base: str, data: dict[str, Any]) -> list[str]:
    return [
        f"{base}/staff/",
        f"{base}/staff/disclosure/",
        f"{base}/staff/disclosure/worklist/",
        f"{base}/staff/disclosure/new/",
        f"{base}/staff/disclosure/{data['item'].pk}/",
        f"{base}/staff/disclosure/{data['waiting'].pk}/",
        f"{base}/staff/disclosure/{data['withheld'].pk}/",
        f"{base}/staff/disclosure/{data['withheld'].pk}/edit/",
        f"{base}/staff/disclosure/clarifications/new/",
        f"{base}/staff/disclosure/guide/",
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_R11_portal_and_staff_pages_have_no_serious_accessibility_violations(
    live_server, context_factory, register, language
) -> None:
    base = live_server.url
    context = context_factory()
    _set_language(context, base, language)
    page = context.new_page()
    problems: list[str] = []
    for url in _portal_pages(base, register):
        problems += _violations(page, url)
        assert page.locator("html").get_attribute("lang") == language, url
    _login(page, base, "office")  # the disclosure officer
    _set_language(context, base, language)
    for url in _staff_pages(base, register):
        problems += _violations(page, url)
    assert not problems, "\n".join(problems)


def test_R11_pages_fit_a_phone_screen_without_horizontal_scrolling(
    live_server, context_factory, register
) -> None:
    base = live_server.url
    page = context_factory(width=375).new_page()
    overflowing = []
    for url in _portal_pages(base, register):
        page.goto(url)
        result = page.evaluate(OVERFLOW)
        if result["scroll"] > result["width"] or result["wide"]:
            overflowing.append(f"{url}: {result}")
    _login(page, base, "office")
    for url in _staff_pages(base, register):
        page.goto(url)
        result = page.evaluate(OVERFLOW)
        if result["scroll"] > result["width"]:
            overflowing.append(f"{url}: {result}")
    assert not overflowing, "\n".join(overflowing)


def _focus_is_visible(page: Any) -> bool:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
                 || style.boxShadow !== "none";
        }"""
    )


def _tab_to(page: Any, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            assert _focus_is_visible(page), f"focus on {selector} is not visible"
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_R11_search_and_catalogue_filters_work_with_the_keyboard_alone(
    live_server, context_factory, register
) -> None:
    base = live_server.url
    page = context_factory().new_page()
    page.goto(f"{base}/")
    # The first Tab reaches the skip link; Enter moves to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert _focus_is_visible(page)
    assert page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect();"
        " return r.width > 0 && r.top >= 0; }"
    ), "the skip link must be on screen when focused"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")

    _tab_to(page, "input[name=q]")
    page.keyboard.type("大气污染")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".result-title a").first.inner_text() == register["item"].title

    page.goto(f"{base}/catalogue/")
    _tab_to(page, "#f-year")
    page.keyboard.press("ArrowDown")  # a closed select changes its value with the arrow keys
    year = page.locator("#f-year").input_value()
    assert year, "the year filter did not change with the arrow key"
    _tab_to(page, "form.card button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/catalogue/?*year={year}*")
    assert register["item"].title in page.locator("table").inner_text()


def test_R11_portal_works_without_javascript(live_server, browser, register) -> None:
    """With scripts off, a reader searches, filters the catalogue, opens an item and its
    attachment, and switches to English: every step is a plain link or form."""
    base = live_server.url
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto(f"{base}/")
        page.locator("input[name=q]").first.fill("鑫源化工")  # only in the Excel attachment
        page.locator("form[role=search] button[type=submit]").first.click()
        page.wait_for_url("**/search/?q=*")
        assert page.locator(".result-title a").first.inner_text() == register["item"].title
        assert "检查表.xlsx" in page.content()

        page.goto(f"{base}/catalogue/")
        page.select_option("#f-category", str(register["item"].category_id))
        page.locator("form.card button[type=submit]").click()
        page.wait_for_url(f"**/catalogue/?category={register['item'].category_id}*")
        table = page.locator("table").inner_text()
        assert register["item"].title in table and "内部讨论稿" not in table

        page.get_by_role("link", name=register["item"].title).click()
        page.wait_for_url(f"**/info/{register['item'].pk}/")
        metadata = page.locator("table").first.inner_text()
        assert register["item"].index_number in metadata and "测环发〔2026〕7号" in metadata
        with page.expect_download() as download:
            page.get_by_role("link", name="检查表.xlsx").click()
        assert download.value.suggested_filename.endswith(".xlsx")
        assert page.locator("img[alt='专项检查现场照片']").count() == 1

        page.select_option("#lang-select", "en")
        page.get_by_test_id("switch-language").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "en"
        assert "Index number" in page.locator("table").first.inner_text()
    finally:
        context.close()
