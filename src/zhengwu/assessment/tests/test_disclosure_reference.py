"""D-12 checked on records made through the services (not hand-made clocks): items published on
time and late against D-7, applications answered on time and late against R-3 (an extension
included), an application closed without an answer (not an answer), and the year each counts in."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengwu.applications import services as applications
from zhengwu.applications.tests.helpers import at, make_app_cast, received
from zhengwu.assessment.selectors import Period, disclosure_details, disclosure_figures
from zhengwu.disclosure.tests.helpers import draft, publish
from zhengwu.workdays.selectors import current_calendar

D = dt.date
YEAR = 2025


@pytest.fixture(autouse=True)
def _setup(tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ZHENGWU_CAPTCHA = False
    settings.ZHENGWU_INTAKE_RATE = "0"


def _due(application) -> dt.date:  # type: ignore[no-untyped-def]
    return applications.answer_deadline(application).due_date


def _answer(ac, application, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    with at(day):
        applications.answer(by=ac.officer, application=application, outcome="3.1",
                            answered_on=day)  # fmt: skip


def _next_workday(day: dt.date) -> dt.date:
    calendar = current_calendar()
    day += dt.timedelta(days=1)
    while not calendar.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def test_D12_publication_and_answers_through_the_services_per_section_and_year(cast) -> None:
    ac = make_app_cast(cast)
    # D-7: one item published the day it was formed, one after its 20 working days.
    with at(D(YEAR, 3, 3)):
        on_time = publish(ac.dc, draft(ac.dc, title="2025年大气污染防治实施方案"))
        late = draft(ac.dc, title="2024年空气质量年报")
    with at(D(YEAR, 5, 6)):
        late = publish(ac.dc, late)
    # on its due date; a working day late; after the original due date but within the
    # extension; closed for no supplement (no answer at all); open past its due date; received
    # in December and answered on time in January (a figure of the next year).
    on_due = received(ac, D(YEAR, 3, 3))
    _answer(ac, on_due, _due(on_due))
    overdue = received(ac, D(YEAR, 4, 1))
    _answer(ac, overdue, _next_workday(_due(overdue)))
    extended = received(ac, D(YEAR, 5, 6))
    original = _due(extended)
    with at(D(YEAR, 5, 20)):
        applications.extend(by=ac.office_head, application=extended, days=10, reason="需检索档案")
    _answer(ac, extended, _next_workday(original))
    silent = received(ac, D(YEAR, 9, 1))
    with at(D(YEAR, 9, 2)):
        request = applications.ask_supplement(
            by=ac.officer, application=silent, asked_on=D(YEAR, 9, 2), what="请写明文件名称"
        )
    with at(request.reply_by + dt.timedelta(days=1)):
        assert applications.close_expired(today=request.reply_by + dt.timedelta(days=1)) == 1
    forgotten = received(ac, D(YEAR, 11, 3))
    december = received(ac, D(YEAR, 12, 15))
    _answer(ac, december, _due(december))
    assert _due(december).year == YEAR + 1

    with at(D(YEAR + 1, 2, 2)):
        figures = disclosure_figures(ac.officer, period=Period(YEAR), bureau_id=ac.bureau.pk)
        answered_late = disclosure_details(
            ac.officer, period=Period(YEAR), figure="answered_late", bureau_id=ac.bureau.pk
        )
        following = disclosure_figures(ac.officer, period=Period(YEAR + 1),
                                       bureau_id=ac.bureau.pk)  # fmt: skip
    by_name = {row.name: row for row in figures.rows}
    air = by_name[ac.air.name]  # the items' author is the air section's liaison
    assert (air.published_on_time, air.published_late) == (1, 1)
    handling = by_name[ac.officer.unit.name]  # the handler's section
    assert (handling.answered_on_time, handling.answered_late) == (2, 1)
    unassigned = next(row for row in figures.rows if row.unit is None)  # no handler yet
    assert (unassigned.answered_on_time, unassigned.answered_late) == (0, 1)
    assert sorted(r.reference for r in answered_late) == sorted(
        [overdue.tracking_number, forgotten.tracking_number]
    )
    assert (figures.total.published, figures.total.answered) == (2, 4)
    assert silent.tracking_number not in {
        r.reference for r in answered_late
    }  # closed, not answered late
    assert (following.total.answered_on_time, following.total.answered_late) == (1, 0)
    assert on_time.published_on == D(YEAR, 3, 3) and late.published_on == D(YEAR, 5, 6)
