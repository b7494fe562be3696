"""D-12: the disclosure assessment per section — publication on time / late against D-7, answers
on time / late against R-3 (at the exact due-date boundary), answers corrected by review or
litigation, clarifications, accountability cases on disclosure clocks; confidentiality, tenancy,
the page and the .xlsx."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from zhengwu.applications.models import Application, CaseOutcome, RemedyCase
from zhengwu.assessment.selectors import Period, disclosure_details, disclosure_figures
from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.disclosure.models import Clarification, InformationItem, Status
from zhengwu.disclosure.tests.helpers import category
from zhengwu.org import services as org_services
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import BureauFactory, PersonFactory
from zhengwu.warnings.models import AccountabilityCase
from zhengwu.workdays.models import Deadline, DeadlineStatus, TimeLimit

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 7, 1, 10, 0)
D = dt.date.fromisoformat
YEAR = Period(2026)


def _role(person: Any, role: str) -> None:
    org_services.assign_role(
        by=None, person=person, role=role, unit=None, units_in_charge=[],
        valid_from=dt.date(2020, 1, 1),
    )  # fmt: skip


def _clock(owner_type: str, owner_id: int, rule: str, due: str, *, bureau: Any,
           met: str | None = None, status: str | None = None) -> Deadline:  # fmt: skip
    now = clock.now()
    return Deadline.objects.create(
        bureau_id=bureau.pk, owner_type=owner_type, owner_id=str(owner_id), rule_id=rule,
        time_limit=TimeLimit.objects.filter(rule_id=rule).first(), start_date=D(due),
        due_date=D(due), met_on=D(met) if met else None,
        status=status or (DeadlineStatus.MET if met else DeadlineStatus.OPEN),
        created_at=now, updated_at=now,
    )  # fmt: skip


class Records:
    """A year of disclosure records built by hand, with known answers (see `records`)."""

    def __init__(self, cast: Any) -> None:
        self.cast = cast
        self.n = 0

    def item(self, title: str, author: Any, formed: str, due: str, *, published: str | None = None,
             publisher: Any = None, confidential: bool = False, named: tuple[Any, ...] = (),
             bureau: Any = None) -> InformationItem:  # fmt: skip
        self.n += 1
        now = clock.now()
        bureau = bureau or self.cast.bureau
        item = InformationItem.objects.create(
            bureau=bureau, publisher_unit=publisher, index_number=f"T-D12-{self.n:04d}",
            title=title, category=category(), formed_on=D(formed),
            published_on=D(published) if published else None,
            status=Status.PUBLISHED if published else Status.DRAFT, author=author,
            is_confidential=confidential, body=title, created_at=now, updated_at=now,
        )  # fmt: skip
        item.named_people.set(named)
        _clock("disclosure.informationitem", item.pk, "D-7", due, bureau=bureau, met=published)
        return item

    def application(self, title: str, handler: Any, received: str, due: str, *,
                    answered: str | None = None, bureau: Any = None) -> Application:  # fmt: skip
        self.n += 1
        now = clock.now()
        bureau = bureau or self.cast.bureau
        application = Application.objects.create(
            bureau=bureau, tracking_number=f"D12-{self.n:04d}", channel="in_person",
            applicant_kind="natural_person", applicant_category="natural_person", name="张三",
            id_type="resident_id", id_number="11010519491231002X", phone="13800138000",
            info_title=title, description=title, form="paper", delivery="post",
            status="answered" if answered else "handling", submitted_at=now,
            received_on=D(received), handler=handler, outcome="1" if answered else "",
            answered_on=D(answered) if answered else None, created_at=now, updated_at=now,
        )  # fmt: skip
        _clock("applications.application", application.pk, "R-3", due, bureau=bureau,
               met=answered)  # fmt: skip
        return application


@pytest.fixture
def records(cast: Any) -> Records:
    """Known answers for 2026, "today" 1 July 2026.

    大气科 (air; items by its liaison): A1 published on its due date (on time), A2 published the
    day after (late), A3 unpublished and overdue since 2026-06-30 (late), A4 unpublished, due
    2026-07-01 = today (not counted yet), A5 published 2025 (not a 2026 figure), A6 confidential,
    air_head named, published on time. Clarification C1 found 2026-03-03 (publisher: air).
    办公室 (office; applications handled by the disclosure officer): P1 answered on its due date
    (on time), P2 answered the day after (late) and corrected by review, P3 unanswered past its due
    date (late), P4 answered in 2025. An accountability case on A2's clock (air) and one on P3's
    clock (office). Another bureau's item and application are counted nowhere here.
    """
    cast = cast
    cast.hr = PersonFactory(
        username="hr", full_name="人事科庚", bureau=cast.bureau, unit=cast.office
    )
    _role(cast.hr, Role.HR)
    cast.officer = PersonFactory(
        username="officer", full_name="公开员甲", bureau=cast.bureau, unit=cast.office
    )
    _role(cast.officer, Role.DISCLOSURE_OFFICER)
    cast.supervisor = PersonFactory(
        username="supervisor", full_name="监察室癸", bureau=cast.bureau, unit=cast.office
    )
    _role(cast.supervisor, Role.SUPERVISION_STAFF)
    r = Records(cast)
    liaison = cast.air_liaison
    with clock.frozen(TODAY):
        r.a1 = r.item(
            "2026年大气污染防治实施方案",
            liaison,
            "2026-02-02",
            "2026-03-02",
            published="2026-03-02",
        )
        r.a2 = r.item(
            "2026年第一季度空气质量通报",
            liaison,
            "2026-04-01",
            "2026-04-29",
            published="2026-04-30",
        )
        r.a3 = r.item("重污染天气应急预案修订稿", liaison, "2026-06-01", "2026-06-30")
        r.a4 = r.item("扬尘污染防治工作要点", liaison, "2026-06-02", "2026-07-01")
        r.a5 = r.item(
            "2025年大气污染防治工作总结",
            liaison,
            "2025-11-03",
            "2025-12-01",
            published="2025-11-20",
        )
        r.a6 = r.item(
            "涉密监测点位调整方案",
            liaison,
            "2026-05-04",
            "2026-06-01",
            published="2026-05-20",
            confidential=True,
            named=(cast.air_head,),
        )
        clarifying = r.item(
            "关于网传“空气质量数据造假”的澄清说明",
            liaison,
            "2026-03-03",
            "2026-03-31",
            published="2026-03-03",
            publisher=cast.air,
        )
        Clarification.objects.create(
            bureau=cast.bureau, found_where="某微信公众号", found_on=D("2026-03-03"),
            false_information="称监测数据造假", corrects=r.a1, clarification=clarifying,
            recorded_by=cast.officer, created_at=clock.now(),
        )  # fmt: skip
        officer = cast.officer
        r.p1 = r.application(
            "2025年度环境信访处理情况", officer, "2026-03-02", "2026-03-30", answered="2026-03-30"
        )
        r.p2 = r.application(
            "某企业排污许可证副本", officer, "2026-04-01", "2026-04-29", answered="2026-04-30"
        )
        r.p3 = r.application("城区噪声监测点位分布", officer, "2026-05-06", "2026-06-03")
        r.p4 = r.application(
            "2024年环评审批台账", officer, "2025-10-09", "2025-11-06", answered="2025-11-05"
        )
        RemedyCase.objects.create(
            application=r.p2, bureau=cast.bureau, kind="review", body="示例市人民政府",
            case_number="示复〔2026〕12号", filed_on=D("2026-05-10"),
            outcome=CaseOutcome.CORRECTED, concluded_on=D("2026-06-15"),
        )  # fmt: skip
        RemedyCase.objects.create(
            application=r.p1, bureau=cast.bureau, kind="review", body="示例市人民政府",
            filed_on=D("2026-04-10"), outcome=CaseOutcome.MAINTAINED, concluded_on=D("2026-05-20"),
        )  # fmt: skip
        for owner, subject in ((r.a2, "大气科"), (r.p3, "办公室")):
            owner_type = (
                "disclosure.informationitem"
                if isinstance(owner, InformationItem)
                else "applications.application"
            )
            AccountabilityCase.objects.create(
                deadline=Deadline.objects.get(owner_type=owner_type, owner_id=str(owner.pk)),
                bureau_id=cast.bureau.pk, subject=subject, reason="逾期未办",
                opened_at=clock.at_local(D("2026-06-20"), 10), opened_by=cast.supervisor,
            )  # fmt: skip
        other = BureauFactory(name="另一市交通运输局", code="OTHER-JT")
        stranger = PersonFactory(username="stranger", full_name="外局人员", bureau=other)
        r.item(
            "外局公告", stranger, "2026-02-02", "2026-03-02", published="2026-03-05", bureau=other
        )
        r.application(
            "外局申请", stranger, "2026-03-02", "2026-03-30", answered="2026-04-01", bureau=other
        )
    return r


def _row(figures: Any, name: str) -> Any:
    return next(r for r in figures.rows if r.name == name)


def test_D12_counts_per_section_on_time_and_late_at_the_due_date_boundary(records) -> None:
    cast = records.cast
    with clock.frozen(TODAY):
        figures = disclosure_figures(cast.hr, period=YEAR)
    air, office = _row(figures, "大气科"), _row(figures, "办公室")
    # A1 on its due date and A6 (confidential, counted for everyone) on time; the clarification
    # published the day it was formed; A2 a day late; A3 overdue; A4 due today not yet counted.
    assert (air.published_on_time, air.published_late) == (3, 2)
    assert air.clarifications == 1
    assert air.disclosure_cases == 1
    # P1 on its due date; P2 a day late; P3 overdue unanswered; P4 answered in 2025.
    assert (office.answered_on_time, office.answered_late) == (1, 2)
    assert office.corrected == 1  # P2's review corrected the answer; P1's maintained it
    assert office.disclosure_cases == 1
    assert (office.published, air.answered, air.corrected) == (0, 0, 0)
    assert _row(figures, "水科").published == 0
    total = figures.total
    assert (total.published, total.answered, total.corrected, total.clarifications,
            total.disclosure_cases) == (5, 3, 1, 1, 2)  # fmt: skip
    with clock.frozen(TODAY):
        late = disclosure_details(cast.hr, period=YEAR, figure="published_late")
        on_time = disclosure_details(cast.hr, period=YEAR, figure="answered_on_time")
    assert [r.title for r in late] == ["2026年第一季度空气质量通报", "重污染天气应急预案修订稿"]
    assert [(r.due_date, r.date) for r in on_time] == [(D("2026-03-30"), D("2026-03-30"))]
    with clock.frozen(TODAY):
        last_year = disclosure_figures(cast.hr, period=Period(2025))
    assert _row(last_year, "大气科").published_on_time == 1
    assert _row(last_year, "办公室").answered_on_time == 1


def test_D12_an_item_due_today_turns_late_the_day_after(records) -> None:
    cast = records.cast
    with clock.frozen(dt.datetime(2026, 7, 2, 9, 0)):
        air = _row(disclosure_figures(cast.hr, period=YEAR), "大气科")
    assert air.published_late == 3  # A4, due 2026-07-01, still unpublished


def test_D12_confidential_rows_are_counted_but_shown_as_confidential_matter(records) -> None:
    cast = records.cast
    with clock.frozen(TODAY):
        hidden = disclosure_details(cast.hr, period=YEAR, figure="published_on_time")
        named = disclosure_details(cast.air_head, period=YEAR, figure="published_on_time")
        assert _row(disclosure_figures(cast.air_head, period=YEAR), "大气科").published == 5
    secret = [r for r in hidden if r.confidential]
    assert len(secret) == 1 and secret[0].title == "机密事项" and secret[0].reference == ""
    assert secret[0].link == "" and secret[0].date == D("2026-05-20")
    assert "涉密监测点位调整方案" in [r.title for r in named]
    assert not any(r.confidential for r in named)


def login(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_D12_page_and_xlsx_for_hr_director_and_disclosure_officer_only(records) -> None:
    cast = records.cast
    with clock.frozen(TODAY):
        for person in (cast.hr, cast.director, cast.officer):
            page = login(person).get("/assessment/disclosure/?year=2026")
            assert page.status_code == 200, person
        for person in (cast.air_head, cast.office_staff, cast.outsider, cast.supervisor):
            assert login(person).get("/assessment/disclosure/").status_code == 403, person
            assert login(person).get("/assessment/disclosure/export/").status_code == 403
        html = login(cast.hr).get("/assessment/disclosure/?year=2026").content.decode()
        items = login(cast.hr).get(
            f"/assessment/disclosure/items/?year=2026&figure=disclosure_cases&unit={cast.air.pk}"
        )
        bad = login(cast.hr).get("/assessment/disclosure/items/?figure=nope")
        other = login(cast.hr).get(
            f"/assessment/disclosure/?bureau={cast.outsider.bureau_id + 999}"
        )
        response = login(cast.hr).get("/assessment/disclosure/export/?year=2026")
    assert 'data-unit="大气科"' in html and "外局" not in html
    assert "2026年第一季度空气质量通报" in items.content.decode()
    assert f"/staff/disclosure/{records.a2.pk}/" in items.content.decode()
    assert bad.status_code == 400 and other.status_code == 404
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    summary = book.worksheets[0]
    rows = {r[0]: r[1:] for r in summary.iter_rows(values_only=True) if r and r[0]}
    assert rows["大气科"][:3] == (5, 3, 2)
    assert rows["办公室"][3:7] == (3, 1, 2, 1)
    answers = list(book.worksheets[2].iter_rows(values_only=True))[1:]
    assert {r[1] for r in answers} == {"D12-0008", "D12-0009", "D12-0010"}
    publication = list(book.worksheets[1].iter_rows(values_only=True))[1:]
    assert "涉密监测点位调整方案" not in {r[2] for r in publication}
    assert Event.objects.filter(action="assessment.disclosure_exported").count() == 1
