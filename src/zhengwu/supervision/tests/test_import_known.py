"""S-7: the Excel import knows what the ledger already holds."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.supervision import importer, services
from zhengwu.supervision.importer import OnExisting, RowAction
from zhengwu.supervision.models import Task
from zhengwu.supervision.tests.helpers import MONDAY, task

pytestmark = pytest.mark.django_db


def _client(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    return client


def _ledger(cast):  # type: ignore[no-untyped-def]
    """Three tasks, one of them closed, and the system's own export of them."""
    with clock.frozen(MONDAY):
        a = task(cast)
        b = task(cast, title="黑臭水体排查", lead_unit=cast.water)
        c = task(cast, title="已办结事项")
        services.close_task(by=cast.office_staff, task=c, result="已办结", reason="并入其他事项")
        content = _client(cast.office_staff).get("/supervision/export.xlsx").content
    return (a, b, c), content


def _rows(content: bytes):  # type: ignore[no-untyped-def]
    headers, rows = importer.read_workbook(content)
    return headers, rows, importer.guess_mapping(headers)


def test_S7_reimporting_the_export_shows_every_row_as_a_duplicate_and_imports_nothing(cast):
    tasks, content = _ledger(cast)
    headers, rows, mapping = _rows(content)
    assert mapping["number"] == headers.index("编号")
    with clock.frozen(MONDAY):
        checks = importer.check_rows(cast.bureau, rows, mapping, by=cast.office_staff)
        assert [c.action for c in checks] == [RowAction.DUPLICATE] * 3
        assert {c.existing.pk for c in checks} == {t.pk for t in tasks}
        assert not any(c.is_import for c in checks)
        with pytest.raises(DomainError) as refused:
            importer.commit_rows(
                by=cast.office_staff, bureau=cast.bureau, rows=rows, mapping=mapping
            )
    assert refused.value.code == "duplicates"
    assert Task.objects.count() == 3


def test_S7_the_preview_marks_duplicates_and_new_rows(cast):
    tasks, content = _ledger(cast)
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    ws.append([4, "", "新增的一项", "局长办公会", "副局长乙", "大气科", "", "", "", "一般性问题"])
    out = io.BytesIO()
    wb.save(out)
    client = _client(cast.office_staff)
    with clock.frozen(MONDAY):
        client.post(
            "/supervision/import/", {"file": SimpleUploadedFile("台账.xlsx", out.getvalue())}
        )
        page = client.get("/supervision/import/preview/").content.decode()
        assert page.count('data-action="duplicate"') == 3
        assert page.count('data-action="new"') == 1
        mapping = _rows(out.getvalue())[2]
        form = {f"map-{k}": "" if v is None else str(v) for k, v in mapping.items()}
        response = client.post(
            "/supervision/import/preview/", {**form, "on_existing": "skip", "commit": "1"}
        )
    assert response.status_code == 302
    assert Task.objects.count() == 4
    assert Task.objects.filter(title="新增的一项").exists()
    event = Event.objects.get(action="supervision.ledger_imported")
    assert sorted(event.after["skipped"]) == sorted(t.number for t in tasks)


def test_S7_the_office_may_update_the_named_fields_of_existing_tasks_audited(cast):
    (a, b, closed), content = _ledger(cast)
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    header = [c.value for c in ws[3]]
    for row in ws.iter_rows(min_row=4):
        if row[header.index("编号")].value == a.number:
            row[header.index("事项")].value = "开展建筑工地扬尘专项检查（扩大到拆迁工地）"
            row[header.index("紧急")].value = "是"
        if row[header.index("编号")].value == closed.number:
            row[header.index("事项")].value = "改一个已销号事项"
    out = io.BytesIO()
    wb.save(out)
    _headers, rows, mapping = _rows(out.getvalue())
    with clock.frozen(MONDAY):
        checks = importer.check_rows(
            cast.bureau, rows, mapping, by=cast.office_staff, on_existing=OnExisting.UPDATE
        )
        by_number = {c.values["number"]: c for c in checks}
        assert by_number[a.number].action == RowAction.UPDATE
        assert set(by_number[a.number].changes) == {"督办事项", "急事急办"}
        assert by_number[b.number].action == RowAction.UNCHANGED
        assert by_number[closed.number].action == RowAction.DUPLICATE  # closed: not changed
        importer.commit_rows(
            by=cast.office_staff, bureau=cast.bureau, rows=rows, mapping=mapping,
            on_existing=OnExisting.UPDATE,
        )  # fmt: skip
    a.refresh_from_db()
    closed.refresh_from_db()
    assert a.title == "开展建筑工地扬尘专项检查（扩大到拆迁工地）" and a.urgent
    assert closed.title == "已办结事项"
    assert Task.objects.count() == 3
    edit = Event.objects.get(action=services.Actions.TASK_EDITED, object_id=str(a.pk))
    assert set(edit.after["fields"]) == {"title", "urgent"}


def test_S7_a_number_twice_in_the_workbook_is_an_error(cast):
    _tasks, content = _ledger(cast)
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    ws.append([4, "督〔2026〕99号", "甲", "", "副局长乙", "大气科"])
    ws.append([5, "督〔2026〕99号", "乙", "", "副局长乙", "大气科"])
    out = io.BytesIO()
    wb.save(out)
    _headers, rows, mapping = _rows(out.getvalue())
    with clock.frozen(MONDAY):
        checks = importer.check_rows(cast.bureau, rows, mapping, by=cast.office_staff)
    assert checks[3].action == RowAction.NEW and not checks[3].errors
    assert checks[4].errors
