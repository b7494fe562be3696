"""Browser test: draft → review → sign-off → approval → publish → found by portal search.

Every step is a different person (D-10, D-11), through the pages a user would click.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhengwu.disclosure.models import Category
from zhengwu.disclosure.tests.helpers import make_disclosure_cast
from zhengwu.org.tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "示例市秸秆禁烧专项执法检查方案"


def reseed() -> None:
    """Transactional tests that ran before may have flushed the data migrations' rows (calendar,
    time limits, catalogue): put them back the way the migrations wrote them."""
    import importlib

    from django.apps import apps

    from zhengwu.workdays.models import TimeLimit

    if not TimeLimit.objects.exists():
        importlib.import_module(
            "zhengwu.workdays.migrations.0002_seed_calendar_and_time_limits"
        ).seed(apps, None)
    from django.db import connection

    if connection.vendor == "sqlite":  # the flush emptied the content table, not the FTS index
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO disclosure_fts(disclosure_fts) VALUES ('rebuild')")
    if not Category.objects.exists() or not TimeLimit.objects.filter(rule_id="D-2.reassess"):
        importlib.import_module(
            "zhengwu.disclosure.migrations.0002_search_index_and_catalogue"
        ).seed(apps, None)
        importlib.import_module(
            "zhengwu.disclosure.migrations.0008_policy_interpretations_and_catalogue_tree"
        ).clean_tree(apps, None)


def login(page, base: str, username: str, target: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next={target}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}{target}")


def test_D11_draft_review_signoff_publish_and_found_by_search(live_server, page) -> None:
    from django.core.cache import cache

    cache.clear()
    reseed()
    make_disclosure_cast()
    category = Category.objects.get(code="R20-13")
    base = live_server.url

    login(page, base, "air_liaison", "/staff/disclosure/new/")
    page.get_by_label("标题", exact=True).fill(TITLE)
    page.get_by_label("目录类别").select_option(str(category.pk))
    page.get_by_label("成文日期").fill("2026-11-20")
    page.get_by_label("正文").fill("全面加强秸秆焚烧监管，开展露天焚烧专项执法检查。")
    page.get_by_label("水科").check()
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已登记；索引号在发布时编制").wait_for()
    assert page.get_by_test_id("item-status").inner_text() == "草稿"
    expect(page.get_by_text("期限届满日").first).to_be_visible()  # D-7 clock shown
    item_url = page.url.removeprefix(base)
    page.get_by_role("button", name="提交保密审查").click()
    page.get_by_text("已提交保密审查。").wait_for()
    # The author is offered no review form (D-11).
    assert page.get_by_role("button", name="登记审查结论").count() == 0

    login(page, base, "reviewer", item_url)
    page.get_by_label("审查结论").select_option("passed")
    page.get_by_role("button", name="登记审查结论").click()
    page.get_by_text("已登记审查结论。").wait_for()
    assert page.get_by_test_id("item-status").inner_text() == "协调确认"

    login(page, base, "water_head", item_url)
    page.get_by_label("决定").select_option("confirm")
    page.get_by_role("button", name="代表水科确认").click()
    page.get_by_text("已登记确认意见。").wait_for()

    login(page, base, "leader", item_url)
    page.get_by_role("button", name="批准发布").click()
    page.get_by_text("已批准。").wait_for()

    # Not yet public: the portal refuses the item whatever the URL.
    item_id = item_url.rstrip("/").rsplit("/", 1)[-1]
    page.context.clear_cookies()
    response = page.goto(f"{base}/info/{item_id}/")
    assert response.status == 404

    login(page, base, "office", item_url)
    page.get_by_label("报刊").check()
    page.get_by_role("button", name="发布").click()
    page.get_by_text("已在门户网站公开。").wait_for()
    expect(page.get_by_text("按时公开")).to_be_visible()
    page.context.clear_cookies()
    page.goto(f"{base}/")
    page.get_by_label("检索公开信息").fill("秸秆")
    page.locator("form.portal-search button").click()
    page.get_by_role("link", name=TITLE).wait_for()
    assert page.locator("mark", has_text="秸秆").count() >= 1
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text("索引号")).to_be_visible()
