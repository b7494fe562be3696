"""Browser test: apply online → staff confirm receipt → partial disclosure with a redaction →
the applicant downloads the letter and the redacted copy with the tracking codes (R-1, R-2, R-7)."""

from __future__ import annotations

import importlib
import io

import pytest
from docx import Document as Docx

from tests.e2e.test_disclosure import login, reseed
from zhengwu.applications.models import Application
from zhengwu.applications.redaction import docx_text
from zhengwu.applications.tests.helpers import make_app_cast
from zhengwu.org.tests.factories import make_cast

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECRET = "联系人：王小明 电话13912345678"


def _copy(tmp_path) -> str:
    doc = Docx()
    doc.add_paragraph("2025年城区道路维修工程招标文件")
    doc.add_paragraph(SECRET)
    path = tmp_path / "招标文件.docx"
    doc.save(path)
    return str(path)


def test_R7_apply_confirm_partly_disclose_with_redaction_and_download(
    live_server, page, settings, tmp_path
) -> None:
    from django.apps import apps
    from django.core.cache import cache

    settings.ZHENGWU_CAPTCHA = False
    settings.ZHENGWU_INTAKE_RATE = "0"
    cache.clear()
    reseed()
    importlib.import_module("zhengwu.applications.migrations.0001_applications").seed_limits(
        apps, None
    )
    make_app_cast(make_cast())
    base = live_server.url

    # The applicant applies without an account.
    page.goto(f"{base}/apply/")
    page.select_option("#id_bureau", "TEST-HB")  # the cast has two bureaus
    page.fill("#id_name", "张三")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_phone", "13800138000")
    page.fill("#id_email", "zhangsan@example.com")
    page.fill("#id_description", "2025年城区道路维修工程招标文件")
    page.select_option("#id_delivery", "portal")
    page.locator("button[name=submit]").click()
    number = page.locator("#tracking-number").inner_text().strip()
    secret = page.locator("#secret").inner_text().strip()
    application = Application.objects.get(tracking_number=number)

    # Staff confirm receipt, answer "partly disclosed", attach the copy and redact it.
    url = f"/staff/applications/{application.pk}/"
    login(page, base, "office", url)
    page.locator("button[name=confirm]").click()
    page.wait_for_url(f"{base}{url}")
    page.select_option("select[name=outcome]", "3.2")
    page.locator("button[name=answer]").click()
    page.wait_for_url(f"{base}{url}")
    page.set_input_files("input[name=file]", _copy(tmp_path))
    page.locator("form[action$='/document/'] button[type=submit]").click()
    page.wait_for_url(f"{base}{url}")
    assert "王小明" in page.locator("textarea[name=passages]").input_value()  # suggested
    page.locator("form[action$='/redact/'] button[type=submit]").click()
    page.wait_for_url(f"{base}{url}")
    assert "部分公开" in page.locator("#outcome").inner_text()
    assert page.get_by_text("招标文件（区分处理）.docx").count() == 1

    # The applicant follows the application and downloads both files with the codes.
    page.context.clear_cookies()
    page.goto(f"{base}/apply/track/")
    page.fill("#tn", number)
    page.fill("#sc", secret)
    page.locator("form.card button[type=submit]").click()
    page.locator("#public-status").wait_for()
    buttons = page.locator("#documents button")
    names = [buttons.nth(i).inner_text() for i in range(buttons.count())]
    assert any("告知书" in n for n in names) and any("区分处理" in n for n in names)
    assert not any(n == "招标文件.docx" for n in names)  # the original is never offered
    files = {}
    for i, name in enumerate(names):
        with page.expect_download() as info:
            page.locator("#documents button").nth(i).click()
        files[name] = info.value.path().read_bytes()
        page.goto(f"{base}/apply/track/")
        page.fill("#tn", number)
        page.fill("#sc", secret)
        page.locator("form.card button[type=submit]").click()
        page.locator("#public-status").wait_for()
    redacted = next(data for name, data in files.items() if "区分处理" in name)
    text = docx_text(redacted)
    assert "招标文件" in text and "王小明" not in text and "13912345678" not in text
    letter = next(data for name, data in files.items() if "告知书" in name)
    assert "部分公开" in "\n".join(p.text for p in Docx(io.BytesIO(letter)).paragraphs)


def test_R1_published_items_are_suggested_while_the_applicant_types(
    live_server, page, settings
) -> None:
    from django.core.cache import cache

    from zhengwu.disclosure.tests.helpers import draft, publish

    settings.ZHENGWU_CAPTCHA = False
    cache.clear()
    reseed()
    ac = make_app_cast(make_cast())
    item = publish(ac.dc, draft(ac.dc, title="2025年城区道路维修工程招标公告"))
    unpublished = draft(ac.dc, title="2025年城区道路维修工程内部预算")

    page.goto(f"{live_server.url}/apply/")
    assert page.locator("#suggestions-live").count() == 0  # nothing before typing
    page.locator("#id_description").press_sequentially("城区道路维修工程", delay=60)
    found = page.locator("#suggestions-live a")
    found.first.wait_for(timeout=10_000)
    assert found.first.get_attribute("href") == f"/info/{item.pk}/"
    assert "招标公告" in found.first.inner_text()
    assert page.locator(f"#suggestions-live a[href='/info/{unpublished.pk}/']").count() == 0
    assert not Application.objects.exists()  # looking stores nothing
