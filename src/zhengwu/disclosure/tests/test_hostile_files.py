"""Hostile attachments cost bounded time and memory (security): an Office file is checked as a
zip before it is parsed, its XML is read as a stream up to the caps, the reading happens outside
any transaction, and a PDF that would run something when opened is stored without it."""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from pypdf import PdfReader

from zhengwu.audit.models import Event
from zhengwu.core.errors import DomainError
from zhengwu.disclosure import extraction, policy, services
from zhengwu.disclosure.models import ExtractionStatus
from zhengwu.disclosure.tests import files
from zhengwu.disclosure.tests.helpers import draft

# Generous for a loaded two-core machine; before the streaming readers these files took 10-30 s
# and one to three gigabytes.
SECONDS = policy.MAX_EXTRACTION_SECONDS + 7
MEGABYTES = 250

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _rss_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError(field)


def _upload_measured(dc, item, name: str, data: bytes):
    """Attach through the service; returns the attachment, the seconds and the growth of the
    process's peak resident memory (MB) while it ran."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # resets the peak (VmHWM) to the current resident size
    before = _rss_kb("VmRSS")
    started = time.monotonic()
    attachment = services.add_attachment(
        by=dc.air_liaison, item=item, upload=SimpleUploadedFile(name, data)
    )
    seconds = time.monotonic() - started
    return attachment, seconds, (_rss_kb("VmHWM") - before) / 1024


def _word_bomb(paragraphs: int) -> bytes:
    document = (
        (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}">'
            "<w:body><w:p><w:r><w:t>开头的文字</w:t></w:r></w:p>"
        ).encode()
        + b"<w:p/>" * paragraphs
        + b"</w:body></w:document>"
    )
    return files.replace_part(files.word("x"), "word/document.xml", document)


def test_foundation_a_word_file_of_millions_of_empty_paragraphs_costs_bounded_time_and_memory(
    dc,
) -> None:
    bomb = _word_bomb(2_500_000)
    assert len(bomb) < 400 * 1024  # a small upload
    attachment, seconds, megabytes = _upload_measured(dc, draft(dc), "空段落.docx", bomb)
    assert seconds < SECONDS, seconds
    assert megabytes < MEGABYTES, megabytes
    assert attachment.pk and attachment.extraction_status in (
        ExtractionStatus.TRUNCATED,
        ExtractionStatus.EXTRACTED,
        ExtractionStatus.FAILED,
    )
    assert attachment.extraction_message or attachment.extraction_status == "extracted"


def test_foundation_an_excel_file_of_millions_of_shared_strings_costs_bounded_time_and_memory(
    dc,
) -> None:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    shared = (
        f'<sst xmlns="{main}" count="3000001"><si><t>排放清单</t></si>'.encode()
        + b"<si><t>x</t></si>" * 3_000_000
        + b"</sst>"
    )
    bomb = files.excel_shared(shared, [[0, 1], [2, 0]])
    assert len(bomb) < 200 * 1024
    attachment, seconds, megabytes = _upload_measured(dc, draft(dc), "共享字符串.xlsx", bomb)
    assert seconds < SECONDS, seconds
    assert megabytes < MEGABYTES, megabytes
    # the cells that use the first strings are read
    assert attachment.text.split() == ["排放清单", "x", "x", "排放清单"]


def test_foundation_excel_shared_strings_and_word_text_are_read_in_order() -> None:
    sheet = extraction.extract("xlsx", files.excel_shared(["地块", "红旗化工旧址"], [[0], [1]]))
    assert sheet.status == ExtractionStatus.EXTRACTED and sheet.text.split() == [
        "地块",
        "红旗化工旧址",
    ]
    word = extraction.extract("docx", files.word("正文一段", table=[["甲", "乙"]]))
    assert word.text.split() == ["正文一段", "甲", "乙"]


def test_foundation_office_files_beyond_the_zip_limits_are_refused_before_parsing(
    dc, monkeypatch
) -> None:
    item = draft(dc)
    parsed = []
    monkeypatch.setattr(extraction, "extract", lambda *a, **k: parsed.append(a))
    monkeypatch.setattr(policy, "MAX_OFFICE_UNCOMPRESSED_BYTES", 5 * 1024 * 1024)
    with pytest.raises(DomainError, match="MB"):
        services.add_attachment(
            by=dc.air_liaison,
            item=item,
            upload=SimpleUploadedFile("大.docx", _word_bomb(1_000_000)),  # 6 MB of XML
        )
    monkeypatch.setattr(policy, "MAX_OFFICE_MEMBERS", 5)
    with pytest.raises(DomainError, match="5"):
        services.add_attachment(
            by=dc.air_liaison,
            item=item,
            upload=SimpleUploadedFile("多.xlsx", files.excel([["a"]])),  # 9 parts
        )
    assert parsed == [] and not item.attachments.exists()


# serialized_rollback: a transactional test elsewhere on this worker may have emptied the tables
# the migrations fill (catalogue, calendar, time limits); this restores them first.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_foundation_attachment_text_is_read_outside_any_transaction(dc, monkeypatch) -> None:
    item = draft(dc)
    seen = []
    real = extraction.extract

    def spy(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(extraction, "extract", spy)
    services.add_attachment(
        by=dc.air_liaison, item=item, upload=SimpleUploadedFile("a.docx", files.word("正文"))
    )
    assert seen == [False]


def test_foundation_a_pdf_that_runs_scripts_is_stored_with_them_removed(dc, client) -> None:
    hostile = files.pdf_with_actions("Emission inventory")
    assert b"/JavaScript" in hostile and b"/OpenAction" in hostile
    item = draft(dc)
    attachment = services.add_attachment(
        by=dc.air_liaison, item=item, upload=SimpleUploadedFile("清单.pdf", hostile)
    )
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    for word in (b"/JavaScript", b"/OpenAction", b"/JS", b"/Launch", b"/AA"):
        assert word not in stored, word
    reader = PdfReader(io.BytesIO(stored))
    assert "Emission inventory" in reader.pages[0].extract_text()
    assert attachment.size == len(stored)
    assert "Emission inventory" in attachment.text
    assert "脚本" in attachment.extraction_message
    event = Event.objects.filter(object_id=str(item.pk)).order_by("-seq").first()
    assert event.after.get("scripts_removed") is True
    # an ordinary PDF is stored as it came
    plain = files.pdf("plain")
    kept = services.add_attachment(
        by=dc.air_liaison, item=item, upload=SimpleUploadedFile("p.pdf", plain)
    )
    with kept.file.open("rb") as handle:
        assert handle.read() == plain
