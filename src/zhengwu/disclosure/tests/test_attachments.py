"""Attachments (D-2 point 1, issue 6 point 6): type by content, size limit, text read for the
portal search (PDF, Word, Excel; images by their description), bounded, never failing an upload."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.core.errors import DomainError
from zhengwu.disclosure import policy, selectors, services
from zhengwu.disclosure.models import Attachment, ExtractionStatus, InformationItem
from zhengwu.disclosure.tests import files
from zhengwu.disclosure.tests.helpers import draft, publish


def _attach(dc, item, name: str, data: bytes, description: str = "") -> Attachment:
    return services.add_attachment(
        by=dc.air_liaison,
        item=item,
        upload=SimpleUploadedFile(name, data),
        description=description,
    )


def test_R11_portal_search_finds_a_word_that_is_only_in_a_pdf_attachment(dc, client) -> None:
    item = draft(dc, title="关于地下水监测的通知")
    attachment = _attach(
        dc, item, "监测方案.pdf", files.pdf("Groundwater remediation plan", "Annex sampling")
    )
    assert attachment.extraction_status == ExtractionStatus.EXTRACTED
    assert "remediation" in attachment.text and "sampling" in attachment.text
    publish(dc, item)
    html = client.get("/search/", {"q": "remediation"}).content.decode()
    assert item.title in html
    assert "监测方案.pdf" in html  # the result says the hit is in this attachment
    assert "<mark>remediation</mark>" in html.lower() or "<mark>Remediation</mark>" in html


def test_R11_portal_search_finds_a_chinese_word_only_in_a_pdf_attachment(dc, client) -> None:
    """Government PDFs carry Chinese text in CID fonts: it is read and segmented like the body."""
    item = draft(dc, title="关于开展专项检查的通知", body="详见附件。")
    attachment = _attach(
        dc, item, "名录.pdf", files.chinese_pdf("2026年重点排污单位名录", "红旗化工有限公司")
    )
    assert attachment.extraction_status == ExtractionStatus.EXTRACTED
    assert "重点排污单位名录" in attachment.text and "红旗化工有限公司" in attachment.text
    publish(dc, item)
    results, _, _ = selectors.search_public("排污")  # a two-character word
    assert [r.item for r in results] == [item]
    assert results[0].attachment is not None and results[0].attachment.name == "名录.pdf"
    html = client.get("/search/", {"q": "红旗化工"}).content.decode()
    assert item.title in html and "名录.pdf" in html


def test_R11_portal_search_finds_chinese_words_only_in_word_and_excel_attachments(
    dc, client
) -> None:
    item = draft(dc, title="关于环境监测工作的通知", body="详见附件。")
    word = _attach(
        dc,
        item,
        "方案.docx",
        files.word("挥发性有机物综合治理方案", table=[["监测点位", "臭氧前体物"]]),
    )
    sheet = _attach(
        dc, item, "清单.xlsx", files.excel([["企业名称", "排放量"], ["鑫源化工", 12.5]])
    )
    assert word.extraction_status == sheet.extraction_status == ExtractionStatus.EXTRACTED
    assert "臭氧前体物" in word.text  # table cells are read too
    assert "鑫源化工" in sheet.text and "12.5" in sheet.text
    publish(dc, item)
    for word_in_attachment, name in (("臭氧", "方案.docx"), ("鑫源化工", "清单.xlsx")):
        results, _, _ = selectors.search_public(word_in_attachment)
        assert [r.item for r in results] == [item], word_in_attachment
        assert results[0].attachment is not None and results[0].attachment.name == name
        html = client.get("/search/", {"q": word_in_attachment}).content.decode()
        assert f"附件“{name}”" in html


def test_R11_attachments_of_unpublished_or_confidential_items_are_never_searchable(
    dc, client
) -> None:
    unpublished = draft(dc, title="草稿")
    _attach(dc, unpublished, "a.docx", files.word("草稿附件专有词甲乙丙"))
    confidential = draft(dc, title="涉密", is_confidential=True)
    _attach(dc, confidential, "b.pdf", files.pdf("secretword only in a confidential pdf"))
    publish(dc, confidential)
    withdrawn = draft(dc, title="已撤回")
    _attach(dc, withdrawn, "c.xlsx", files.excel([["撤回附件专有词"]]))
    publish(dc, withdrawn)
    services.withdraw_item(by=dc.officer, item=withdrawn, reason="信息有误")
    for query in ("甲乙丙", "secretword", "撤回附件专有词"):
        assert selectors.search_public(query)[0] == []
        html = client.get("/search/", {"q": query}).content.decode()
        assert "/info/" not in html
        assert client.get("/api/v1/public/search", {"q": query}).json()["results"] == []


def test_D2_an_image_needs_its_description_which_is_its_alt_text_and_is_searchable(
    dc, client
) -> None:
    item = draft(dc)
    with pytest.raises(DomainError, match="替代文本"):
        _attach(dc, item, "现场.png", files.png())
    assert not item.attachments.exists()
    image = _attach(dc, item, "现场.png", files.png(), description="河道清淤施工现场照片")
    assert image.extraction_status == ExtractionStatus.DESCRIBED
    publish(dc, item)
    html = client.get(f"/info/{item.pk}/").content.decode()
    assert f'alt="{image.description}"' in html
    inline = client.get(f"/files/{image.pk}/", {"view": "inline"})
    assert inline["Content-Type"] == "image/png"
    assert "attachment" not in inline.get("Content-Disposition", "")
    results, _, _ = selectors.search_public("清淤")
    assert [r.item for r in results] == [item]


def test_D2_a_malformed_file_is_attached_with_its_failure_shown_to_staff(dc, client) -> None:
    item = draft(dc)
    broken = files.word("正文")[:2000]  # a .docx cut short: the zip cannot be opened
    attachment = _attach(dc, item, "坏文件.docx", broken)
    assert attachment.extraction_status == ExtractionStatus.FAILED
    assert attachment.text == "" and attachment.extraction_message
    bad_pdf = _attach(dc, item, "坏.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 50)
    assert bad_pdf.extraction_status in (ExtractionStatus.FAILED, ExtractionStatus.EMPTY)
    client.force_login(dc.air_liaison)
    html = client.get(f"/staff/disclosure/{item.pk}/").content.decode()
    assert "无法读取文件" in html or "文件无法读取" in html


def test_D2_extraction_is_bounded_by_policy(dc, monkeypatch) -> None:
    monkeypatch.setattr(policy, "MAX_PDF_PAGES", 2)
    monkeypatch.setattr(policy, "MAX_SPREADSHEET_CELLS", 3)
    monkeypatch.setattr(policy, "MAX_EXTRACTED_CHARS", 50)
    item = draft(dc)
    long_pdf = _attach(dc, item, "p.pdf", files.pdf("first", "second", "third page"))
    assert long_pdf.extraction_status == ExtractionStatus.TRUNCATED
    assert "second" in long_pdf.text and "third" not in long_pdf.text
    sheet = _attach(dc, item, "s.xlsx", files.excel([["a1", "b1"], ["a2", "b2"]]))
    assert sheet.extraction_status == ExtractionStatus.TRUNCATED
    assert sheet.text.split() == ["a1", "b1", "a2"]
    wordy = _attach(dc, item, "w.docx", files.word("字" * 80))
    assert wordy.extraction_status == ExtractionStatus.TRUNCATED and len(wordy.text) == 50


def test_D2_attachment_type_is_checked_by_content_and_size_is_limited(dc, monkeypatch) -> None:
    item = draft(dc)
    with pytest.raises(DomainError):
        _attach(dc, item, "伪装.pdf", b"MZ\x90\x00" * 10)
    monkeypatch.setattr(policy, "MAX_ATTACHMENT_BYTES", 100)
    with pytest.raises(DomainError, match="MB"):
        _attach(dc, item, "大.pdf", files.pdf("x" * 200))
    assert not InformationItem.objects.get(pk=item.pk).attachments.exists()


def test_D2_staff_upload_through_the_page_with_description_and_status(dc, client) -> None:
    item = draft(dc)
    client.force_login(dc.air_liaison)
    url = f"/staff/disclosure/{item.pk}/attachments/"
    refused = client.post(url, {"file": SimpleUploadedFile("图.png", files.png())}, follow=True)
    assert "请填写图片说明" in refused.content.decode()
    assert not item.attachments.exists()
    client.post(
        url,
        {"file": SimpleUploadedFile("表.xlsx", files.excel([["排放清单"]])), "description": "清单"},
    )
    html = client.get(f"/staff/disclosure/{item.pk}/").content.decode()
    assert "表.xlsx" in html and "已提取文字" in html
    client.force_login(dc.reviewer)  # sees the draft, neither author nor disclosure officer
    denied = client.post(url, {"file": SimpleUploadedFile("b.txt", b"x")})
    assert denied.status_code == 403
    assert item.attachments.count() == 1


def test_R11_attachments_stored_before_text_was_read_are_read_and_found(dc, client) -> None:
    """Files uploaded before text extraction existed: `zhengwu reread_attachments` reads them from
    storage, re-indexes the published item, and a second run changes nothing."""
    from io import StringIO

    from django.core.management import call_command

    from zhengwu.audit.models import Event

    item = draft(dc, title="关于土壤污染防治的通知")
    pdf = _attach(dc, item, "名录.pdf", files.pdf("Brownfield register"))
    sheet = _attach(dc, item, "清单.xlsx", files.excel([["地块名称"], ["红旗化工旧址"]]))
    # As such rows were stored then: no text, the field's default status.
    Attachment.objects.filter(pk__in=[pdf.pk, sheet.pk]).update(
        text="", extraction_status=ExtractionStatus.UNSUPPORTED, extraction_message=""
    )
    publish(dc, item)
    assert selectors.search_public("红旗化工")[0] == []

    out = StringIO()
    call_command("reread_attachments", stdout=out)
    assert "extracted: 2" in out.getvalue()
    sheet.refresh_from_db()
    assert sheet.extraction_status == ExtractionStatus.EXTRACTED and "红旗化工旧址" in sheet.text
    assert [r.item for r in selectors.search_public("红旗化工")[0]] == [item]
    assert "Brownfield" in client.get("/search/", {"q": "Brownfield"}).content.decode()
    events = Event.objects.filter(action="disclosure.attachment_text_read")
    assert events.count() == 2

    again = StringIO()
    call_command("reread_attachments", stdout=again)
    assert "0 attachments looked at" in again.getvalue()
    assert events.count() == 2
