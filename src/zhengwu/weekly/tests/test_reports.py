"""S-10 and S-13: editing, issuing and archiving the weekly reports, who may do what, the
confidential task, the .docx and the API."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.test import Client

from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.notifications.models import Notification
from zhengwu.supervision import services as ledger
from zhengwu.supervision.tests.helpers import task
from zhengwu.weekly import services
from zhengwu.weekly.models import ReportKind, ReportStatus, WeeklyReport
from zhengwu.weekly.tests.helpers import MONDAY, draft, ledger_week, report

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 11, 27, 10, 0)


def _client(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    return client


def _issued_leader_report(cast) -> WeeklyReport:  # type: ignore[no-untyped-def]
    ledger_week(cast)
    draft(cast)
    leader = report(cast, ReportKind.LEADER)
    with clock.frozen(AT):
        leader = services.edit_report(by=cast.air_head, report=leader, summary="本周推进有序。",
                                      problems="", next_steps="")  # fmt: skip
        return services.issue_report(by=cast.air_head, report=leader)


def test_S10_preparer_edits_issues_and_the_office_archives_with_audit_and_notice(cast):
    leader = _issued_leader_report(cast)
    assert leader.status == ReportStatus.ISSUED and leader.issued_by == cast.air_head
    # Issued to the leader, copies to the office.
    notified = set(
        Notification.objects.filter(kind="weekly.report_issued").values_list("recipient", flat=True)
    )
    assert notified == {cast.leader.pk, cast.office_staff.pk}
    with clock.frozen(AT):
        archived = services.archive_report(by=cast.office_staff, report=leader)
    assert archived.status == ReportStatus.ARCHIVED
    actions = list(
        Event.objects.filter(object_type="weekly.weeklyreport", object_id=str(leader.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [services.Actions.DRAFTED, services.Actions.EDITED,
                       services.Actions.ISSUED, services.Actions.ARCHIVED]  # fmt: skip


def test_S10_issued_reports_are_frozen_and_invalid_transitions_say_why(cast):
    leader = _issued_leader_report(cast)
    with pytest.raises(DomainError, match="已报送"):
        services.edit_report(by=cast.air_head, report=leader, summary="改", problems="",
                             next_steps="")  # fmt: skip
    with pytest.raises(DomainError):
        services.refresh_figures(by=cast.air_head, report=leader)
    with pytest.raises(DomainError):
        services.issue_report(by=cast.air_head, report=leader)
    draft_report = report(cast, ReportKind.DIRECTOR)
    with pytest.raises(DomainError, match="归档"):
        services.archive_report(by=cast.office_staff, report=draft_report)
    with pytest.raises(DomainError, match="小结"):
        services.issue_report(by=cast.office_staff, report=draft_report)
    assert report(cast, ReportKind.DIRECTOR).status == ReportStatus.DRAFT


def test_S10_only_the_preparer_side_edits_and_only_the_office_archives(cast):
    ledger_week(cast)
    draft(cast)
    leader = report(cast, ReportKind.LEADER)
    director = report(cast, ReportKind.DIRECTOR)
    for outsider in (cast.water_head, cast.office_staff, cast.leader, cast.outsider, cast.admin):
        with pytest.raises(PermissionDenied):
            services.edit_report(by=outsider, report=leader, summary="x", problems="",
                                 next_steps="")  # fmt: skip
    # The office prepares the director's report; the section head may not.
    services.edit_report(by=cast.office_staff, report=director, summary="局长事项小结",
                         problems="", next_steps="")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.edit_report(by=cast.air_head, report=director, summary="x", problems="",
                             next_steps="")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.issue_report(by=cast.director, report=director)
    with clock.frozen(AT):
        services.issue_report(by=cast.office_staff, report=director)
    with pytest.raises(PermissionDenied):
        services.archive_report(by=cast.director, report=director)


def test_S10_refresh_figures_recomputes_the_draft_from_the_ledger(cast):
    tasks = ledger_week(cast)
    draft(cast)
    leader = report(cast, ReportKind.LEADER)
    assert leader.figures["counts"]["closed"] == 0
    with clock.frozen(dt.datetime(2026, 11, 26, 15, 0)):
        ledger.close_task(
            by=cast.office_staff, task=tasks["leader"], result="检查完成，问题已整改。",
            reason="整改已完成，书面报告并入周报。",
        )  # fmt: skip
    with clock.frozen(AT):
        leader = services.refresh_figures(by=cast.air_head, report=leader)
    assert leader.figures["counts"]["closed"] == 1
    assert leader.figures["counts"]["in_progress"] == 0
    assert Event.objects.filter(action=services.Actions.REFRESHED).count() == 1


def test_S10_overdue_items_carry_their_warning_level(cast):
    from zhengwu.warnings import services as warnings

    with clock.frozen(dt.datetime(2026, 11, 16, 9, 0)):
        overdue = task(cast, title="逾期事项", instructing_leader=cast.leader)
    with clock.frozen(dt.datetime(2026, 11, 27, 7, 0)):
        warnings.sweep()
    draft(cast)
    row = next(r for r in report(cast, ReportKind.LEADER).figures["items"]
               if r["task_id"] == overdue.pk)  # fmt: skip
    assert row["overdue"] and row["warning_level"] >= 1


def test_S13_confidential_task_only_when_preparer_and_recipient_are_both_named(cast):
    with clock.frozen(MONDAY):
        both = task(cast, title="涉密事项甲", instructing_leader=cast.leader, confidential=True,
                    named_readers=[cast.leader, cast.air_head])  # fmt: skip
        only_leader = task(cast, title="涉密事项乙", instructing_leader=cast.leader,
                           confidential=True, named_readers=[cast.leader])  # fmt: skip
    # The office clerk who registered them is named too; here the office is not in the know.
    for secret in (both, only_leader):
        secret.named_readers.remove(cast.office_staff)
    draft(cast)
    leader = report(cast, ReportKind.LEADER)
    ids = [r["task_id"] for r in leader.figures["items"]]
    assert both.pk in ids and only_leader.pk not in ids
    assert leader.figures["counts"]["in_progress"] == 1
    # The consolidated report (office → director): neither is named there, so in no count.
    consolidated = report(cast, ReportKind.CONSOLIDATED)
    assert consolidated.figures["items"] == [] and consolidated.figures["counts"]["new"] == 0
    # The office reads the copy of the leader's report without the row and without its count.
    office = _client(cast.office_staff)
    page = office.get(f"/weekly/{leader.pk}/").content.decode()
    assert "涉密事项甲" not in page
    api = office.get(f"/api/v1/weekly/reports/{leader.pk}").json()
    assert api["items"] == [] and api["counts"]["in_progress"] == 0
    assert "涉密事项甲" not in _docx_text(office.get(f"/weekly/{leader.pk}/download.docx").content)
    # The named people see it.
    assert "涉密事项甲" in _client(cast.leader).get(f"/weekly/{leader.pk}/").content.decode()
    assert "涉密事项甲" in _docx_text(
        _client(cast.air_head).get(f"/weekly/{leader.pk}/download.docx").content
    )


def _docx_text(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_S10_docx_is_the_bureau_form_with_title_lines_sections_table_and_page_numbers(cast):
    from docx import Document
    from docx.oxml.ns import qn

    leader = _issued_leader_report(cast)
    response = _client(cast.leader).get(f"/weekly/{leader.pk}/download.docx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "测试市生态环境局重点工作落实情况周报（2026年第48周）"
    assert "报送：副局长乙同志" in texts
    assert "抄送：办公室" in texts
    assert "报送日期：2026年11月27日" in texts
    assert any(t.startswith("拟稿单位：大气科") and "大气科长丁" in t for t in texts)
    headings = [t for t in texts if t[:2] in {"一、", "二、", "三、", "四、"}]
    assert headings == [
        "一、本周工作总体情况",
        "二、存在的问题",
        "三、下步工作安排",
        "四、事项清单",
    ]
    assert "本周推进有序。" in texts
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "事项",
        "承办单位",
        "时限",
        "进展",
        "预警",
    ]
    first = [c.text for c in table.rows[1].cells]
    assert first[0] == "1" and "扬尘专项检查" in first[1] and first[2] == "大气科"
    # Chinese fonts: the East Asian font attribute is set (仿宋 body, 宋体 title).
    title_fonts = doc.paragraphs[0].runs[0]._element.rPr.rFonts
    assert title_fonts.get(qn("w:eastAsia")) == "宋体"
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    # Page numbers: a PAGE field in the footer.
    footer_xml = doc.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml


def test_S10_pages_list_and_report_show_what_each_role_may_see(cast):
    ledger_week(cast)
    draft(cast)
    leader = report(cast, ReportKind.LEADER)
    director = report(cast, ReportKind.DIRECTOR)
    office = _client(cast.office_staff)
    listing = office.get("/weekly/").content.decode()
    assert listing.count("/weekly/") >= 3
    assert office.get(f"/weekly/{leader.pk}/").status_code == 200
    # The leader sees only what is addressed to them; the section head what it prepares.
    assert _client(cast.leader).get(f"/weekly/{director.pk}/").status_code == 404
    assert _client(cast.air_head).get(f"/weekly/{director.pk}/").status_code == 404
    assert _client(cast.water_head).get(f"/weekly/{leader.pk}/").status_code == 404
    assert _client(cast.outsider).get("/weekly/").status_code == 403
    assert _client(cast.outsider).get(f"/weekly/{leader.pk}/download.docx").status_code == 404
    filtered = office.get("/weekly/?kind=director&week=2026-11-25").content.decode()
    assert f"/weekly/{director.pk}/" in filtered and f"/weekly/{leader.pk}/" not in filtered
    # The section head edits its draft on the page and issues it.
    head = _client(cast.air_head)
    r = head.post(f"/weekly/{leader.pk}/", {"action": "save", "summary": "页面填写的小结",
                                             "problems": "", "next_steps": ""})  # fmt: skip
    assert r.status_code == 302
    assert report(cast, ReportKind.LEADER).summary == "页面填写的小结"
    # Someone who may only read gets a refusal and nothing changes.
    r = _client(cast.leader).post(f"/weekly/{leader.pk}/", {"action": "save", "summary": "x"})
    assert r.status_code == 403
    with clock.frozen(AT):
        r = head.post(f"/weekly/{leader.pk}/", {"action": "issue", "summary": "页面填写的小结",
                                                 "problems": "", "next_steps": ""})  # fmt: skip
    assert r.status_code == 302 and report(cast, ReportKind.LEADER).status == "issued"
    # An invalid transition is a message on the page, not an error.
    r = office.post(f"/weekly/{director.pk}/", {"action": "archive"})
    assert r.status_code == 200 and "只有已报送的周报才能归档" in r.content.decode()
    # Staff home: the office's panel lists this week's drafts to prepare.
    with clock.frozen(AT):
        home = office.get("/staff/").content.decode()
    assert 'data-testid="weekly-panel"' in home and f"/weekly/{director.pk}/" in home


def test_S10_api_lists_drafts_edits_issues_archives_and_downloads(cast):
    ledger_week(cast)
    office = _client(cast.office_staff)

    def post(client, url, data=None):  # type: ignore[no-untyped-def]
        return client.post(url, json.dumps(data or {}), content_type="application/json")

    r = post(office, "/api/v1/weekly/draft", {"date": "2026-11-26"})
    assert r.status_code == 400 and "2026-11-27" in r.json()["detail"]
    with clock.frozen(AT):
        r = post(office, "/api/v1/weekly/draft", {"date": "2026-11-27"})
    assert r.status_code == 200 and len(r.json()["created"]) == 3
    with clock.frozen(AT):
        again = post(office, "/api/v1/weekly/draft", {"date": "2026-11-27"}).json()
    assert again["created"] == [] and len(again["existing"]) == 3
    listing = office.get("/api/v1/weekly/reports?kind=director").json()
    assert [r["kind"] for r in listing] == ["director"]
    rid = listing[0]["id"]
    assert listing[0]["title"].startswith("测试市生态环境局")
    r = office.patch(f"/api/v1/weekly/reports/{rid}", json.dumps({"summary": "接口小结"}),
                     content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["summary"] == "接口小结"
    assert post(office, f"/api/v1/weekly/reports/{rid}/refresh").status_code == 200
    with clock.frozen(AT):
        assert post(office, f"/api/v1/weekly/reports/{rid}/issue").json()["status"] == "issued"
    assert post(office, f"/api/v1/weekly/reports/{rid}/issue").status_code == 400
    director = _client(cast.director)
    assert director.get(f"/api/v1/weekly/reports/{rid}").status_code == 200
    assert director.get(f"/api/v1/weekly/reports/{rid}/docx").status_code == 200
    assert post(director, f"/api/v1/weekly/reports/{rid}/archive").status_code == 403
    assert post(office, f"/api/v1/weekly/reports/{rid}/archive").json()["status"] == "archived"


def test_S10_api_denies_by_default(cast):
    ledger_week(cast)
    draft(cast)
    rid = report(cast, ReportKind.LEADER).pk
    outsider = _client(cast.outsider)
    assert outsider.get("/api/v1/weekly/reports").status_code == 403
    assert outsider.get(f"/api/v1/weekly/reports/{rid}").status_code == 404
    assert outsider.get(f"/api/v1/weekly/reports/{rid}/docx").status_code == 404
    r = outsider.post("/api/v1/weekly/draft", json.dumps({"date": "2026-11-27"}),
                      content_type="application/json")  # fmt: skip
    assert r.status_code == 403
    # A section head may not draft by hand, nor edit another section's report.
    water = _client(cast.water_head)
    r = water.post("/api/v1/weekly/draft", json.dumps({"date": "2026-11-27"}),
                   content_type="application/json")  # fmt: skip
    assert r.status_code == 403
    r = water.patch(f"/api/v1/weekly/reports/{rid}", json.dumps({"summary": "x"}),
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 404
    assert Client().get("/api/v1/weekly/reports").status_code == 401


def test_S10_bad_input_is_refused_with_a_message_and_nothing_changes(cast):
    ledger_week(cast)
    draft(cast)
    director = report(cast, ReportKind.DIRECTOR)
    with pytest.raises(DomainError, match="过长"):
        services.edit_report(by=cast.office_staff, report=director,
                             summary="字" * (services.NARRATIVE_MAX_CHARS + 1), problems="",
                             next_steps="")  # fmt: skip
    assert report(cast, ReportKind.DIRECTOR).summary == ""
    r = _client(cast.office_staff).post(f"/weekly/{director.pk}/", {"action": "launch"})
    assert r.status_code == 200 and "未知操作" in r.content.decode()


def test_S10_each_leader_lists_only_the_reports_addressed_to_them(cast):
    ledger_week(cast)
    draft(cast)
    mine = {r["kind"] for r in _client(cast.leader).get("/api/v1/weekly/reports").json()}
    assert mine == {"leader"}
    theirs = {r["kind"] for r in _client(cast.director).get("/api/v1/weekly/reports").json()}
    assert theirs == {"director", "consolidated"}
    prepared = _client(cast.air_head).get("/api/v1/weekly/reports").json()
    assert [r["preparing_unit"] for r in prepared] == ["大气科"]
    assert len(_client(cast.office_staff).get("/api/v1/weekly/reports").json()) == 3


def test_S10_consolidated_draft_shows_leaders_reports_written_after_drafting(cast):
    """The office consolidates what the sections report: a leader's report written after the
    drafts were made shows in the consolidated draft at once, and issuing freezes it."""
    leader = _issued_leader_report(cast)  # written and issued after the week was drafted
    consolidated = report(cast, ReportKind.CONSOLIDATED)
    office = _client(cast.office_staff)
    page = office.get(f"/weekly/{consolidated.pk}/").content.decode()
    assert "本周推进有序。" in page
    docx = office.get(f"/weekly/{consolidated.pk}/download.docx").content
    assert "本周推进有序。" in _docx_text(docx)
    with clock.frozen(AT):
        consolidated = services.edit_report(
            by=cast.office_staff,
            report=consolidated,
            summary="全局汇总。",
            problems="",
            next_steps="",
        )
        consolidated = services.issue_report(by=cast.office_staff, report=consolidated)
    # What the director received stays as it was, whatever happens to the leader's report later.
    WeeklyReport.objects.filter(pk=leader.pk).update(summary="事后改动")
    page = office.get(f"/weekly/{consolidated.pk}/").content.decode()
    assert "本周推进有序。" in page and "事后改动" not in page
