"""The annual report's workflow (D-13, R-10): draft with narratives and their versions, the
table 2 figures staff enter, submission, approval by the director (never a drafter, never while
a check fails), publication on the portal frozen, and the 31 January deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengwu.applications import services as applications
from zhengwu.applications.models import Application
from zhengwu.applications.tests.helpers import at, received
from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.org import services as org_services
from zhengwu.org.models import Role
from zhengwu.reports import policy, selectors, services
from zhengwu.reports.models import NarrativeVersion, ReportStatus
from zhengwu.reports.tests.helpers import YEAR, a_year_of_records, drafted, enter_table2
from zhengwu.reports.tests.test_import import published_2025
from zhengwu.workdays.models import Deadline

D = dt.date


def in_jan(day: int = 10, hour: int = 10):  # type: ignore[no-untyped-def]
    return clock.frozen(clock.at_local(D(YEAR + 1, 1, day), hour))


def ready(ac):  # type: ignore[no-untyped-def]
    a_year_of_records(ac)
    report = drafted(ac)
    with in_jan():
        enter_table2(ac)
        report = services.save_narrative(
            by=ac.officer, report=report, section="overview", text="本年度主动公开信息120条。"
        )
    return report


def test_D13_draft_narratives_approval_and_publication(ac, cast, client) -> None:
    report = ready(ac)
    with in_jan(12):
        report = services.save_narrative(
            by=ac.officer, report=report, section="overview", text="本年度主动公开信息128条。"
        )
        services.save_narrative(by=ac.officer, report=report, section="problems", text="问题")
        services.save_narrative(by=ac.officer, report=report, section="other", text="无")
        report = services.submit(by=ac.officer, report=report)
    assert report.status == ReportStatus.SUBMITTED
    versions = NarrativeVersion.objects.filter(report=report, section="overview")
    assert [(v.number, v.saved_by, v.text) for v in versions] == [
        (2, ac.officer, "本年度主动公开信息128条。"),
        (1, ac.officer, "本年度主动公开信息120条。"),
    ]
    from zhengwu.core.selectors import waiting_for

    assert "reports.approve" in {w.kind for w in waiting_for(cast.director)}
    assert "reports.approve" not in {w.kind for w in waiting_for(ac.officer)}
    with in_jan(13):
        report = services.approve(by=cast.director, report=report)
        report = services.publish(by=ac.officer, report=report)
    assert report.status == ReportStatus.PUBLISHED and report.approved_by == cast.director
    deadline = services.deadline_of(report)
    assert deadline.status == "met" and deadline.met_on == D(YEAR + 1, 1, 13)
    page = client.get(f"/annual-reports/{report.pk}/").content.decode()
    assert "本年度主动公开信息128条。" in page and 'data-testid="table3"' in page
    assert client.get("/annual-reports/").content.decode().count(f"/annual-reports/{report.pk}/")


def test_D13_published_report_is_frozen(ac, client) -> None:
    report = ready(ac)
    with in_jan(12):
        report = services.submit(by=ac.officer, report=report)
    from zhengwu.org.selectors import holders

    director = holders(Role.DIRECTOR, bureau_id=ac.bureau.pk).first()
    with in_jan(13):
        report = services.approve(by=director, report=report)
        report = services.publish(by=ac.officer, report=report)
    assert report.figures["table3"]["1"]["total"] == 2
    received(ac, D(YEAR, 12, 29))  # entered later: it changes the records, not the report
    assert selectors.annual_figures(bureau=ac.bureau, year=YEAR).table3["1"]["total"] == 3
    report.refresh_from_db()
    assert report.figures["table3"]["1"]["total"] == 2
    page = client.get(f"/annual-reports/{report.pk}/").content.decode()
    assert page.count('data-key="1"') == 1
    with pytest.raises(DomainError):
        services.save_narrative(by=ac.officer, report=report, section="overview", text="改")


def test_D13_a_violation_blocks_approval_and_the_page_names_the_application(
    ac, cast, client
) -> None:
    report = ready(ac)
    with in_jan(12):
        report = services.submit(by=ac.officer, report=report)
    broken = Application.objects.filter(bureau=ac.bureau).order_by("pk").first()
    Application.objects.filter(pk=broken.pk).update(outcome="")  # behind the services' back
    with in_jan(13), pytest.raises(DomainError) as error:
        services.approve(by=cast.director, report=report)
    assert error.value.code == "invariant" and broken.tracking_number in error.value.message
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    client.force_login(cast.director)
    page = client.get(f"/staff/reports/annual/{report.pk}/").content.decode()
    assert f'href="/staff/applications/{broken.pk}/"' in page
    assert 'data-testid="approve"' in page  # offered, and refused with the reason
    answer = client.post(f"/staff/reports/annual/{report.pk}/", {"action": "approve"})
    assert answer.status_code == 200 and broken.tracking_number in answer.content.decode()


def test_D13_carry_over_against_the_imported_previous_year_blocks_approval(ac, cast) -> None:
    table3, table4 = published_2025()  # 2025 published with one application carried out
    services.import_year(by=ac.officer, bureau=ac.bureau, year=YEAR, table3=table3, table4=table4)
    a_year_of_records(ac, YEAR + 1)
    with clock.frozen(clock.at_local(D(YEAR + 2, 1, 5), 9)):
        report, _ = services.draft_report(by=ac.officer, bureau=ac.bureau, year=YEAR + 1)
        enter_table2(ac, YEAR + 1)
        report = services.submit(by=ac.officer, report=report)
        with pytest.raises(DomainError) as error:
            services.approve(by=cast.director, report=report)
    assert "2(N)=4(N-1)" in error.value.message


def test_D13_missing_table2_figures_block_approval(ac, cast) -> None:
    a_year_of_records(ac)
    report = drafted(ac)
    with in_jan():
        report = services.submit(by=ac.officer, report=report)
        with pytest.raises(DomainError) as error:
            services.approve(by=cast.director, report=report)
    assert "licensing.decisions" in error.value.message


def test_D13_whoever_drafted_may_not_approve(ac, cast) -> None:
    org_services.assign_role(
        by=None, person=cast.director, role=Role.DISCLOSURE_OFFICER, unit=None,
        units_in_charge=[], valid_from=D(2020, 1, 1),
    )  # fmt: skip
    from zhengwu.org.selectors import forget_roles

    forget_roles(cast.director)
    report = ready(ac)
    with in_jan(12):
        report = services.save_narrative(
            by=cast.director, report=report, section="problems", text="局长写的问题"
        )
        report = services.submit(by=ac.officer, report=report)
    assert not cast.director.has_perm("reports.decide_report", report)
    with in_jan(13), pytest.raises(PermissionDenied):
        services.approve(by=cast.director, report=report)
    with in_jan(13), pytest.raises(PermissionDenied):
        services.approve(by=ac.officer, report=report)  # not the director


def test_D13_table2_figures_entered_with_their_source(ac) -> None:
    a_year_of_records(ac)
    with in_jan():
        services.enter_figure(
            by=ac.officer, bureau=ac.bureau, year=YEAR, key="licensing.decisions", value="412",
            source="行政审批科许可台账",
        )  # fmt: skip
        services.enter_figure(
            by=ac.officer, bureau=ac.bureau, year=YEAR, key="fees.amount_10k_yuan",
            value="12.3456", source="财务科",
        )  # fmt: skip
        for key, value, source in (
            ("licensing.decisions", "1.5", "台账"),  # a count is whole
            ("licensing.decisions", "-1", "台账"),
            ("fees.amount_10k_yuan", "1.23456", "财务科"),  # at most 4 decimals
            ("licensing.decisions", "abc", "台账"),
            ("licensing.decisions", "3", ""),  # no source
            ("normative_documents.made", "3", "台账"),  # the register holds these
        ):
            with pytest.raises(DomainError):
                services.enter_figure(
                    by=ac.officer, bureau=ac.bureau, year=YEAR, key=key, value=value,
                    source=source,
                )  # fmt: skip
    table2 = selectors.annual_figures(bureau=ac.bureau, year=YEAR).table2
    assert table2["licensing"] == {"decisions": 412}
    assert table2["fees"] == {"amount_10k_yuan": 12.3456}
    assert table2["penalty"] == {"decisions": None}
    snapshot = selectors.snapshot(selectors.annual_figures(bureau=ac.bureau, year=YEAR))
    assert snapshot["sources"]["licensing.decisions"] == "行政审批科许可台账"


def test_D13_section_six_fees_come_from_the_fee_records(ac) -> None:
    charged = received(ac, D(YEAR, 5, 6))
    with at(D(YEAR, 5, 8)):
        fee = applications.send_fee_notice(
            by=ac.officer, application=charged, method="pages", quantity=131,
            notified_on=D(YEAR, 5, 8),
        )  # fmt: skip
    fees = selectors.fees(ac.bureau, YEAR)
    assert fees == {
        "charged_count": 1, "charged_yuan": fee.amount, "collected_count": 0,
        "collected_yuan": 0,
    }  # fmt: skip
    assert fee.amount == 70 * 10 + 31 * 20  # pages 31–100 at 10, 101–131 at 20


def test_R10_deadline_31_january_reminds_before_and_warns_after(ac) -> None:
    from zhengwu.notifications.models import Notification
    from zhengwu.warnings import services as warnings
    from zhengwu.warnings.models import OverdueWarning

    report = drafted(ac)
    deadline = services.deadline_of(report)
    # 31 January 2026 is a Saturday: due the working day before.
    assert (deadline.rule_id, deadline.due_date) == ("R-10", D(2026, 1, 30))
    assert warnings.send_due_reminders(at=clock.at_local(D(2026, 1, 29), 9, 5)) == 1
    note = Notification.objects.get(recipient=ac.officer, kind="warnings.reminder")
    assert str(YEAR) in note.title and note.url == f"/staff/reports/annual/{report.pk}/"
    warnings.sweep(at=clock.at_local(D(2026, 2, 4), 10))
    assert OverdueWarning.objects.filter(deadline=deadline, level=1).exists()


def test_R10_january_job_drafts_last_years_report_once(ac) -> None:
    assert services.draft_due_reports(today=D(2026, 2, 1)) == []
    with clock.frozen(clock.at_local(D(2026, 1, 2), 8, 30)):
        made = services.draft_due_reports(today=D(2026, 1, 2))
        again = services.draft_due_reports(today=D(2026, 1, 3))
    assert {r.bureau for r in made} >= {ac.bureau} and again == []
    report = next(r for r in made if r.bureau == ac.bureau)
    assert report.year == 2025 and report.status == ReportStatus.DRAFT
    assert (
        Deadline.objects.filter(owner_type="reports.annualreport", owner_id=str(report.pk)).count()
        == 1
    )


def test_D13_nothing_unpublished_reaches_the_portal(ac, cast, client) -> None:
    report = ready(ac)
    assert client.get(f"/annual-reports/{report.pk}/").status_code == 404
    assert f"/annual-reports/{report.pk}/" not in client.get("/annual-reports/").content.decode()
    with in_jan(12):
        report = services.submit(by=ac.officer, report=report)
        report = services.approve(by=cast.director, report=report)
    assert client.get(f"/annual-reports/{report.pk}/").status_code == 404


def test_D13_other_bureaus_report_is_not_found(ac, client) -> None:
    report = ready(ac)
    client.force_login(ac.other_officer)
    assert client.get(f"/staff/reports/annual/{report.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.save_narrative(by=ac.other_officer, report=report, section="overview", text="x")


def test_D13_staff_pages_draft_write_and_versions(ac, client) -> None:
    a_year_of_records(ac)
    client.force_login(ac.officer)
    with in_jan():
        answer = client.post("/staff/reports/annual/", {"bureau": ac.bureau.pk, "year": YEAR})
        assert answer.status_code == 302
        url = answer["Location"]
        page = client.get(url).content.decode()
        for table in ("table2", "table3", "table4"):
            assert f'data-testid="{table}"' in page
        client.post(url, {"action": "narrative", "section": "overview", "text": "第一稿"})
        client.post(url, {"action": "narrative", "section": "overview", "text": "第二稿"})
        bad = client.post(url, {"action": "figure", "key": "penalty.decisions", "value": "x",
                                "source": "台账"})  # fmt: skip
        assert bad.status_code == 200 and 'data-testid="error"' in bad.content.decode()
        typo = {"bureau": ac.bureau.pk, "year": "20x5"}
        assert client.post("/staff/reports/annual/", typo).status_code == 200
    versions = client.get(url + "versions/overview/").content.decode()
    assert "第一稿" in versions and "+ 第二稿" in versions and "- 第一稿" in versions


def test_D13_previous_year_entered_in_a_form(ac, client) -> None:
    table3, table4 = published_2025()
    data = {"bureau": ac.bureau.pk, "year": YEAR, "note": "2025年报"}
    data.update({f"t3.{r}.{c}": n for r, row in table3.items() for c, n in row.items() if n})
    data.update({f"t4.{k}": n for k, n in table4.items() if n})
    client.force_login(ac.officer)
    wrong = dict(data, **{"t3.4.total": 5})
    answer = client.post("/staff/reports/annual/import/", wrong)
    assert answer.status_code == 200 and "1+2=3.7+4" in answer.content.decode()
    assert client.post("/staff/reports/annual/import/", data).status_code == 302
    assert selectors.annual_figures(bureau=ac.bureau, year=YEAR).table3 == table3
    assert policy.CARRIED_OUT in table3


def test_D13_published_report_downloads_as_word_and_excel_from_the_frozen_figures(
    ac, cast, client
) -> None:
    import io

    from docx import Document
    from openpyxl import load_workbook

    report = ready(ac)
    with in_jan(12):
        services.save_narrative(by=ac.officer, report=report, section="problems", text="人手不足")
        report = services.submit(by=ac.officer, report=report)
    with in_jan(13):
        report = services.approve(by=cast.director, report=report)
        assert client.get(f"/annual-reports/{report.pk}/report.docx").status_code == 404
        report = services.publish(by=ac.officer, report=report)
    received(ac, D(YEAR, 12, 29))  # later records do not change the published files
    page = client.get(f"/annual-reports/{report.pk}/").content.decode()
    assert f"/annual-reports/{report.pk}/report.docx" in page
    word = client.get(f"/annual-reports/{report.pk}/report.docx")
    assert word.status_code == 200 and word["Content-Type"].endswith("document")
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "本年度主动公开信息120条。" in text and "人手不足" in text
    assert "信息处理费" in text and f"{ac.bureau.name}{YEAR}年" in text
    excel = client.get(f"/annual-reports/{report.pk}/tables.xlsx")
    assert excel.status_code == 200
    book = load_workbook(io.BytesIO(excel.content))
    numbers = [c for s in book.worksheets for row in s.iter_rows() for c in row
               if isinstance(c.value, int)]  # fmt: skip
    assert numbers, "the tables' figures are numbers"
    assert report.figures["table3"]["1"]["total"] == 2
    assert 2 in [c.value for c in numbers]
