"""Error pages are the site's own, in Chinese first and English when switched (portal and staff)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client


def test_foundation_unknown_page_answers_the_sites_own_404_in_chinese_and_english(db) -> None:
    client = Client()
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    body = page.content.decode()
    assert "没有这个页面" in body and "返回首页" in body and "Not Found" not in body
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/no-such-page/").content.decode()
    assert "Page not found" in english and "没有这个页面" not in english


def test_foundation_refused_staff_page_answers_the_sites_own_403(cast) -> None:
    client = Client()
    client.force_login(cast.air_liaison)
    page = client.get("/staff/audit/")
    assert page.status_code == 403
    body = page.content.decode()
    assert "无权访问" in body and "工作台首页" in body


def test_foundation_server_error_page_needs_no_context_and_speaks_both_languages() -> None:
    body = render_to_string("500.html")
    assert "系统出错" in body and "Server error" in body and "favicon" in body
