"""S-3/S-4/S-5: a reopened task owes its reports again with new deadlines; the office corrects
a task's fields (audited field by field; the issue kind swaps S-3 and S-4); plans carry
materials (S-4, S-13)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.notifications.models import Notification
from zhengwu.supervision import selectors, services
from zhengwu.supervision.models import (
    Attachment,
    IssueKind,
    MilestoneStatus,
    Plan,
    TaskStatus,
)
from zhengwu.supervision.tests.helpers import MONDAY, task
from zhengwu.warnings.models import OverdueWarning
from zhengwu.warnings.services import sweep

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _login(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _open(t):
    return [
        (m.rule_id, m.deadline.due_date)
        for m in t.milestones.filter(status=MilestoneStatus.OPEN).order_by("order")
    ]


# --- S-5: reopening ----------------------------------------------------------------------------


def test_S5_reopened_task_gets_new_milestones_counted_from_the_reopening_day(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        services.close_task(
            by=cast.office_staff, task=t, result="检查工地12个，整改到位。", reason="同意提前销号"
        )
    assert _open(t) == []
    with clock.frozen(dt.datetime(2026, 3, 11, 9, 0)):  # Wednesday
        services.reopen_task(by=cast.office_staff, task=t, reason="督察组复查发现反弹")
    t.refresh_from_db()
    assert t.status == TaskStatus.IN_PROGRESS
    # Working days from the reopening day under the current time limits (1, 2, 3 days).
    assert _open(t) == [
        ("S-1", dt.date(2026, 3, 12)),
        ("S-2", dt.date(2026, 3, 13)),
        ("S-3", dt.date(2026, 3, 16)),
    ]
    # The reports owed at closing stay on record as missed (S-5: closing never hides lateness).
    assert t.milestones.filter(status=MilestoneStatus.MISSED).count() == 3
    event = selectors.timeline(t).get(action="supervision.task_reopened")
    assert event.after["reason"] == "督察组复查发现反弹"
    assert len(event.after["milestones"]) == 3
    note = Notification.objects.filter(kind="supervision.task_reopened").first()
    assert "2026-03-16" in note.body
    # The S-8 sweep warns on the new deadlines again, never on the stopped ones.
    sweep(at=clock.at_local(dt.date(2026, 3, 27), 9))
    warned = set(OverdueWarning.objects.values_list("deadline_id", flat=True))
    new = set(
        t.milestones.filter(status=MilestoneStatus.OPEN).values_list("deadline_id", flat=True)
    )
    old = set(
        t.milestones.filter(status=MilestoneStatus.CANCELLED).values_list("deadline_id", flat=True)
    )
    assert warned & new == new
    assert not warned & old


def test_S5_a_reopened_major_issue_owes_its_four_week_result_again(cast):
    with clock.frozen(MONDAY):
        t = task(cast, issue_kind=IssueKind.MAJOR)
        services.close_task(by=cast.office_staff, task=t, result="完成", reason="并入其他事项")
    with clock.frozen(dt.datetime(2026, 4, 1, 9, 0)):
        services.reopen_task(by=cast.office_staff, task=t, reason="复查")
    assert _open(t)[-1] == ("S-4", dt.date(2026, 4, 29))


# --- editing a task ----------------------------------------------------------------------------


def _data(t, **changes):
    values = {
        "title": t.title,
        "content": t.content,
        "lead_unit": t.lead_unit,
        "instructing_leader": t.instructing_leader,
        "co_units": list(t.co_units.all()),
        "issue_kind": t.issue_kind,
        "urgent": t.urgent,
        "confidential": t.confidential,
        "named_readers": list(t.named_readers.all()),
    }
    values.update(changes)
    return services.TaskInput(**values)


def test_S7_office_edits_a_task_and_the_audit_event_lists_the_changed_fields(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        services.edit_task(
            by=cast.office_staff, task=t,
            data=_data(t, title="开展建筑工地扬尘专项检查（扩大范围）", urgent=True,
                       co_units=[cast.water]),
        )  # fmt: skip
    t.refresh_from_db()
    assert t.title.endswith("（扩大范围）")
    assert t.urgent
    assert list(t.co_units.all()) == [cast.water]
    event = selectors.timeline(t).get(action="supervision.task_edited")
    assert event.after["fields"] == ["co_units", "title", "urgent"]
    assert event.before["urgent"] is False
    assert event.after["co_units"] == [cast.water.pk]
    # The new co-undertaker hears of the task; the milestones are untouched.
    assert Notification.objects.filter(
        recipient=cast.water_head, kind="supervision.task_assigned"
    ).exists()
    assert [r for r, _ in _open(t)] == ["S-1", "S-2", "S-3"]
    with pytest.raises(DomainError):
        services.edit_task(by=cast.office_staff, task=t, data=_data(t))  # nothing changed


def test_S7_bad_edits_change_nothing_and_only_the_office_edits_open_tasks(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
    before = Event.objects.count()
    for bad in (
        _data(t, title="  "),
        _data(t, co_units=[cast.air]),
        _data(t, instructing_leader=cast.water_head),
        _data(t, issue_kind="urgent"),
        _data(t, confidential=True, named_readers=[]),
    ):
        with pytest.raises(DomainError):
            services.edit_task(by=cast.office_staff, task=t, data=bad)
    for person in (cast.air_head, cast.air_liaison, cast.leader, cast.director, cast.admin):
        with pytest.raises(PermissionDenied):
            services.edit_task(by=person, task=t, data=_data(t, title="改"))
    services.close_task(by=cast.office_staff, task=t, result="完成", reason="并入其他事项")
    with pytest.raises(DomainError, match=r"reopen|重新打开"):
        services.edit_task(by=cast.office_staff, task=t, data=_data(t, title="改"))
    t.refresh_from_db()
    assert t.title == "开展建筑工地扬尘专项检查"
    assert not Event.objects.filter(pk__gt=before, action="supervision.task_edited").exists()


def test_S3_S4_changing_the_issue_kind_swaps_the_report_counted_from_assignment(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
    with clock.frozen(dt.datetime(2026, 3, 3, 9, 0)):
        services.edit_task(by=cast.office_staff, task=t, data=_data(t, issue_kind="major"))
    assert _open(t) == [
        ("S-1", dt.date(2026, 3, 3)),
        ("S-2", dt.date(2026, 3, 4)),
        ("S-4", dt.date(2026, 3, 30)),  # 4 weeks from the assignment on Monday 2 March
    ]
    event = selectors.timeline(t).get(action="supervision.task_edited")
    assert event.after["fields"] == ["issue_kind"]
    assert event.after["milestones"]
    with clock.frozen(dt.datetime(2026, 3, 3, 10, 0)):
        services.edit_task(by=cast.office_staff, task=t, data=_data(t, issue_kind="general"))
    assert [r for r, _ in _open(t)] == ["S-1", "S-2", "S-3"]
    assert _open(t)[-1][1] == dt.date(2026, 3, 5)


def test_S3_the_issue_kind_is_fixed_once_its_report_was_written_or_a_plan_submitted(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        services.draft_feedback(
            by=cast.air_liaison, milestone=t.milestones.get(rule_id="S-3"), text="已整改"
        )
        with pytest.raises(DomainError):
            services.edit_task(by=cast.office_staff, task=t, data=_data(t, issue_kind="major"))
        major = task(cast, issue_kind=IssueKind.MAJOR)
        services.submit_plan(
            by=cast.air_liaison, task=major, text="分两阶段",
            nodes=[(dt.date(2026, 4, 15), "完成排查")],
        )  # fmt: skip
        major.refresh_from_db()
        with pytest.raises(DomainError, match=r"plan|方案"):
            services.edit_task(
                by=cast.office_staff, task=major, data=_data(major, issue_kind="general")
            )
    assert [r for r, _ in _open(t)] == ["S-1", "S-2", "S-3"]


def test_S7_edit_page_and_api_with_permissions(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        url = f"/supervision/tasks/{t.pk}/edit/"
        office = _login(cast.office_staff)
        assert url in office.get(f"/supervision/tasks/{t.pk}/").content.decode()
        assert url not in _login(cast.air_head).get(f"/supervision/tasks/{t.pk}/").content.decode()
        page = office.get(url)
        assert page.status_code == 200
        assert "开展建筑工地扬尘专项检查" in page.content.decode()
        form = {
            "title": "开展工地扬尘专项检查",
            "content": t.content,
            "instructing_leader": cast.leader.pk,
            "lead_unit": cast.air.pk,
            "issue_kind": "general",
            "urgent": "on",
            "revision": t.revision,
        }
        r = office.post(url, form)
        assert r.status_code == 302
        t.refresh_from_db()
        assert t.title == "开展工地扬尘专项检查" and t.urgent
        assert _login(cast.air_head).get(url).status_code == 403
        assert _login(cast.air_head).post(url, form).status_code == 403
        assert _login(cast.water_head).get(url).status_code == 404
        assert Client().get(url).status_code == 302
        api = f"/api/v1/supervision/tasks/{t.pk}"

        def patch(person, data):
            return _login(person).patch(api, json.dumps(data), content_type="application/json")

        assert patch(cast.air_head, {"title": "改"}).status_code == 403
        assert patch(cast.water_head, {"title": "改"}).status_code == 404
        assert patch(cast.office_staff, {"title": " "}).status_code == 400
        r = patch(cast.office_staff, {"urgent": False, "co_unit_ids": [cast.water.pk]})
        assert r.status_code == 200, r.content
        assert r.json()["urgent"] is False
        assert r.json()["co_units"] == ["水科"]
        assert r.json()["title"] == "开展工地扬尘专项检查"


# --- two people editing the same task (foundation: faults) --------------------------------------


def test_foundation_second_editor_of_a_task_is_refused_with_a_conflict_and_keeps_the_input(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        url = f"/supervision/tasks/{t.pk}/edit/"
        first, second = _login(cast.office_staff), _login(cast.office_staff)
        # both open the edit page before either saves
        for client in (first, second):
            assert f'name="revision" value="{t.revision}"' in client.get(url).content.decode()

        def form(title):
            return {
                "title": title,
                "content": t.content,
                "instructing_leader": cast.leader.pk,
                "lead_unit": cast.air.pk,
                "issue_kind": "general",
                "revision": t.revision,
            }

        assert first.post(url, form("第一人修改的标题")).status_code == 302
        events = Event.objects.filter(action="supervision.task_edited").count()
        page = second.post(url, form("第二人修改的标题"))
        assert page.status_code == 200
        html = page.content.decode()
        assert "该任务已被他人修改" in html
        assert f'href="{url}"' in html  # a link to load the current version
        assert 'value="第二人修改的标题"' in html  # their input is not lost
        t.refresh_from_db()
        assert t.title == "第一人修改的标题"  # the first change stands
        assert Event.objects.filter(action="supervision.task_edited").count() == events
        # reloading shows the current version, from which the edit goes through
        fresh = second.get(url).content.decode()
        assert 'value="第一人修改的标题"' in fresh
        assert (
            second.post(url, {**form("第二人修改的标题"), "revision": t.revision}).status_code
            == 302
        )
        t.refresh_from_db()
        assert t.title == "第二人修改的标题"


def test_foundation_api_edit_from_an_old_revision_answers_409_and_changes_nothing(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        api = f"/api/v1/supervision/tasks/{t.pk}"
        client = _login(cast.office_staff)
        read = client.get(api).json()["revision"]

        def patch(data):
            return client.patch(api, json.dumps(data), content_type="application/json")

        r = patch({"title": "先到的修改", "revision": read})
        assert r.status_code == 200, r.content
        assert r.json()["revision"] == read + 1
        events = Event.objects.filter(action="supervision.task_edited").count()
        r = patch({"title": "后到的修改", "revision": read})
        assert r.status_code == 409
        assert r.json()["code"] == "conflict"
        t.refresh_from_db()
        assert t.title == "先到的修改"
        assert Event.objects.filter(action="supervision.task_edited").count() == events
        # the service refuses the same way, with the row locked
        with pytest.raises(DomainError, match="他人修改"):
            services.edit_task(
                by=cast.office_staff, task=t, data=_data(t, title="又一次"), expected_revision=read
            )


# --- S-4: plan materials -----------------------------------------------------------------------


def test_S4_plan_submission_stores_materials_checked_by_content(cast):
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    with clock.frozen(MONDAY):
        t = task(cast, issue_kind=IssueKind.MAJOR)
        nodes = [(dt.date(2026, 4, 15), "完成排查")]
        fake = SimpleUploadedFile("方案.pdf", b"MZ\x90\x00 not a pdf at all")
        with pytest.raises(DomainError, match="PDF"):
            services.submit_plan(
                by=cast.air_liaison, task=t, text="分两阶段", nodes=nodes, files=[fake]
            )
        assert not Plan.objects.exists()  # nothing changes
        t.refresh_from_db()
        assert t.status == TaskStatus.ASSIGNED
        plan = services.submit_plan(
            by=cast.air_liaison, task=t, text="分两阶段", nodes=nodes,
            files=[SimpleUploadedFile("实施方案.pdf", PDF),
                   SimpleUploadedFile("进度表.docx", buf.getvalue())],
        )  # fmt: skip
    names = sorted(plan.attachments.values_list("original_name", flat=True))
    assert names == ["实施方案.pdf", "进度表.docx"]
    assert {a.task_id for a in plan.attachments.all()} == {t.pk}
    assert plan.attachments.get(original_name="实施方案.pdf").content_type == "application/pdf"


def test_S4_plan_materials_upload_on_the_page_and_download_with_task_permissions(cast, settings):
    with clock.frozen(MONDAY):
        t = task(cast, issue_kind=IssueKind.MAJOR)
        liaison = _login(cast.air_liaison)
        page = liaison.get(f"/supervision/tasks/{t.pk}/").content.decode()
        assert 'enctype="multipart/form-data"' in page
        settings.ZHENGWU_SUPERVISION_MAX_UPLOAD_MB = 0
        r = liaison.post(
            f"/supervision/tasks/{t.pk}/plan/",
            {"text": "方案", "nodes": "2026-04-15 完成排查",
             "files": [SimpleUploadedFile("实施方案.pdf", PDF)]},
            follow=True,
        )  # fmt: skip
        assert "MB" in r.content.decode()
        assert not Plan.objects.exists()
        settings.ZHENGWU_SUPERVISION_MAX_UPLOAD_MB = 20
        r = liaison.post(
            f"/supervision/tasks/{t.pk}/plan/",
            {"text": "方案", "nodes": "2026-04-15 完成排查",
             "files": [SimpleUploadedFile("实施方案.pdf", PDF)]},
        )  # fmt: skip
        assert r.status_code == 302
    att = Attachment.objects.get(plan__task=t)
    url = f"/supervision/attachments/{att.pk}/"
    office_page = _login(cast.office_staff).get(f"/supervision/tasks/{t.pk}/").content.decode()
    assert url in office_page
    for person in (cast.office_staff, cast.leader, cast.director, cast.air_head):
        r = _login(person).get(url)
        assert r.status_code == 200, person
        assert b"".join(r.streaming_content) == PDF
    for person in (cast.water_head, cast.outsider):
        assert _login(person).get(url).status_code == 404
    assert Client().get(url).status_code == 302
