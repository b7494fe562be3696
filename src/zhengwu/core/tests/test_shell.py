"""UI shell (foundation point 7): login, staff home, public home, languages, local assets, CSP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

PAGES = ["/", "/accounts/login/"]


def test_public_home_is_chinese_by_default(client, cast) -> None:
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in body
    assert "政府信息公开" in body
    assert cast.bureau.name in body


def test_language_switch_to_english_and_back(client, cast) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Government information disclosure" in body
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"}, follow=True)
    assert "政府信息公开" in response.content.decode()


def test_staff_home_needs_login(client) -> None:
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_home_shows_my_roles(client, cast) -> None:
    client.force_login(cast.leader)
    body = client.get("/staff/").content.decode()
    assert "分管领导" in body
    assert "大气科" in body


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_no_external_asset(client, cast, path: str) -> None:
    body = client.get(path).content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+)"', body):
        assert not url.startswith(("http://", "https://", "//")), url


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_a_strict_content_security_policy(client, cast, path: str) -> None:
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script(client, cast) -> None:
    client.force_login(cast.admin)
    for path in ["/", "/staff/", "/accounts/login/"]:
        body = client.get(path).content.decode()
        assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body) is None, path


def test_every_referenced_static_file_is_served_by_the_project(client, cast) -> None:
    body = client.get("/").content.decode()
    paths = re.findall(r'(?:src|href)="/static/([^"]+)"', body)
    assert "core/htmx.min.js" in paths
    for path in paths:
        assert finders.find(path), path


def test_reading_works_without_javascript(client, cast) -> None:
    # The language switch is a plain form with a submit button; no JS is needed to use it.
    body = client.get("/").content.decode()
    assert 'action="/language/" method="get"' in body
    assert 'type="submit"' in body


def test_responses_carry_a_request_id(client) -> None:
    response = client.get("/")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_all_translations_are_complete() -> None:
    import polib

    for po_file in Path(settings.PACKAGE_DIR).glob("*/locale/zh_Hans/LC_MESSAGES/django.po"):
        untranslated = [e.msgid for e in polib.pofile(str(po_file)) if not e.translated()]
        assert untranslated == [], po_file


def test_chinese_is_the_default_whatever_the_browser_asks(client, cast) -> None:
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="en">' in body


def test_nul_characters_are_refused_with_a_clear_message(client, cast) -> None:
    response = client.get("/", {"q": "a\x00b"})
    assert response.status_code == 422
    assert "控制字符" in response.content.decode()
    response = client.post(
        "/api/v1/public/items", data='{"x": "\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "control_characters"
