"""Excel export and import, and the Word supervision notice (issue 4, point 8)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.supervision import exports, importer, services
from zhengwu.supervision.models import Task, TaskStatus
from zhengwu.supervision.tests.helpers import MONDAY, task

pytestmark = pytest.mark.django_db


def _login(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_S7_ledger_exports_in_the_office_layout(cast):
    with clock.frozen(MONDAY):
        t = task(cast, co_units=[cast.water], urgent=True)
        response = _login(cast.office_staff).get("/supervision/export.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[3]]
    assert header[:9] == [
        "序号",
        "编号",
        "事项",
        "来源",
        "交办领导",
        "主办",
        "协办",
        "责任人",
        "联络员",
    ]
    assert "时限" in header and "进展" in header and "状态" in header
    row = [c.value for c in ws[4]]
    assert row[0] == 1
    assert row[1] == t.number
    assert row[2] == "开展建筑工地扬尘专项检查"
    assert row[4] == "副局长乙"
    assert row[5] == "大气科"
    assert row[6] == "水科"
    assert row[7] == "大气科长丁"
    assert "2026-03-03" in row[header.index("时限")]
    assert row[header.index("紧急")] == "是"


def _workbook(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年重点工作督办台账"])
    ws.append(["序号", "事项", "来源", "交办领导", "主办单位", "协办", "性质", "紧急", "交办日期"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = [1, "秸秆禁烧巡查", "局长办公会", "局长甲", "大气科", "水科", "一般", "是", "2026-03-02"]
BAD = [2, "黑臭水体排查", "局党组会议", "不存在的人", "土壤科", "", "特别", "", "2026-13-01"]


def test_S7_import_maps_columns_and_reports_every_bad_row(cast):
    headers, rows = importer.read_workbook(_workbook([GOOD, BAD]))
    mapping = importer.guess_mapping(headers)
    assert mapping["title"] == 1 and mapping["lead_unit"] == 4 and mapping["leader"] == 3
    checks = importer.check_rows(cast.bureau, rows, mapping)
    assert checks[0].errors == []
    assert len(checks[1].errors) == 4  # leader, unit, issue kind, date
    with pytest.raises(DomainError):
        importer.commit_rows(by=cast.office_staff, bureau=cast.bureau, rows=rows, mapping=mapping)
    assert Task.objects.count() == 0  # all or none


def test_S7_import_commits_all_rows_through_preview(cast):
    client = _login(cast.office_staff)
    upload = SimpleUploadedFile("台账.xlsx", _workbook([GOOD, [*GOOD[:1], "第二项", *GOOD[2:]]]))
    response = client.post("/supervision/import/", {"file": upload})
    assert response.status_code == 302
    preview = client.get("/supervision/import/preview/")
    assert "秸秆禁烧巡查" in preview.content.decode()
    form = {
        f"map-{k}": "" if v is None else str(v)
        for k, v in importer.guess_mapping(
            ["序号", "事项", "来源", "交办领导", "主办单位", "协办", "性质", "紧急", "交办日期"]
        ).items()
    }
    response = client.post("/supervision/import/preview/", {**form, "commit": "1"})
    assert response.status_code == 302
    tasks = list(Task.objects.order_by("pk"))
    assert [t.title for t in tasks] == ["秸秆禁烧巡查", "第二项"]
    assert tasks[0].urgent and tasks[0].status == TaskStatus.ASSIGNED
    assert list(tasks[0].co_units.all()) == [cast.water]
    assert tasks[0].source_note == "局长办公会"


def test_S7_import_refuses_a_file_that_is_not_a_workbook(cast):
    client = _login(cast.office_staff)
    upload = SimpleUploadedFile("x.xlsx", b"not a workbook")
    response = client.post("/supervision/import/", {"file": upload}, follow=True)
    assert "Excel" in response.content.decode()
    assert Task.objects.count() == 0


def test_S9_supervision_notice_is_a_word_document_with_explained_deadlines(cast):
    from docx import Document

    with clock.frozen(MONDAY):
        t = task(cast, co_units=[cast.water])
        response = _login(cast.air_liaison).get(f"/supervision/tasks/{t.pk}/notice.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "督办通知单" in text
    assert t.number in text
    assert "2026年03月03日前" in text
    cells = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
    assert cells["督办事项"] == t.title
    assert cells["主办单位"] == "大气科"
    assert cells["协办单位"] == "水科"
    assert cells["第一责任人"] == "大气科长丁"
    assert "签字" in doc.tables[1].cell(0, 0).text
    assert exports.notice_docx(t)[:2] == b"PK"


def test_S13_materials_checked_by_content_and_downloaded_with_permission(cast):
    from docx import Document

    t = task(cast)
    buf = io.BytesIO()
    Document().save(buf)
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf at all")
    with pytest.raises(DomainError):
        services.add_attachment(by=cast.air_liaison, task=t, upload=fake)
    good = SimpleUploadedFile("整改报告.docx", buf.getvalue())
    att = services.add_attachment(by=cast.air_liaison, task=t, upload=good)
    assert att.content_type.endswith("wordprocessingml.document")
    assert _login(cast.air_head).get(f"/supervision/attachments/{att.pk}/").status_code == 200
    assert _login(cast.water_head).get(f"/supervision/attachments/{att.pk}/").status_code == 404
