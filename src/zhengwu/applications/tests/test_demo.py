"""The demo bureau's applications: the previous year whole and the current year up to today,
with every outcome row of table 3, every applicant column, applications carried over 31 December,
and review and litigation cases of every kind and result — and every invariant of the annual
report holds for both years."""

from __future__ import annotations

import pytest

from zhengwu.applications import policy
from zhengwu.applications.models import Application, RemedyCase
from zhengwu.core import clock
from zhengwu.core.demo_loader import load_demo
from zhengwu.reports import policy as report_policy
from zhengwu.reports import selectors as reports
from zhengwu.workdays.models import Deadline

pytestmark = pytest.mark.demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module's tests (and rolled back after them)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_demo()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
def test_R7_demo_has_applications_across_every_outcome_and_loads_once(demo) -> None:
    outcomes = set(Application.objects.values_list("outcome", flat=True))
    assert {o.key for o in policy.OUTCOMES} <= outcomes
    assert Application.objects.filter(outcome="").count() >= 2  # still open
    count = Application.objects.count()
    load_demo()
    assert Application.objects.count() == count


@pytest.mark.django_db
def test_R7_D14_demo_years_pass_every_invariant_of_the_annual_report(demo) -> None:
    ctx = demo
    today = clock.today()
    figures = {
        year: reports.annual_figures(bureau=ctx.bureau, year=year)
        for year in (today.year - 1, today.year)
    }
    for year, f in figures.items():
        assert reports.check(f) == [], (year, [v.describe() for v in reports.check(f)])
        table3, table4 = f.table3, f.table4
        # Every applicant column has applications received in the year.
        assert all(table3["1"][c] > 0 for c in report_policy.CATEGORY_COLUMNS), (year, table3["1"])
        # Applications still open on 31 December (today's are open too).
        assert table3["4"]["total"] > 0, year
        # Table 4: every kind of case with every result (pending included) in both years.
        assert all(table4[key] > 0 for key in report_policy.TABLE4_KEYS), (year, table4)
    # Carried over from the previous year into this one.
    assert figures[today.year].table3["2"]["total"] == figures[today.year - 1].table3["4"]["total"]
    # Every row of table 3 has at least one application in some year.
    empty = [
        row
        for row in report_policy.ROWS
        if not any(f.table3[row]["total"] for f in figures.values())
    ]
    assert empty == []


@pytest.mark.django_db
def test_R3_demo_dates_are_believable(demo) -> None:
    ctx = demo
    answered = Application.objects.filter(bureau=ctx.bureau).exclude(answered_on=None)
    assert answered.count() >= 80
    for application in answered:
        assert application.received_on <= application.answered_on <= clock.today()
    met = Deadline.objects.filter(owner_type="applications.application", rule_id="R-3").exclude(
        met_on=None
    )
    late = [d for d in met if d.met_on > d.due_date]
    assert 0 < len(late) <= len(met) // 10  # mostly within the legal period, a few late
    for case in RemedyCase.objects.all():
        assert case.filed_on > case.application.answered_on
        assert case.concluded_on is None or case.filed_on < case.concluded_on <= clock.today()


@pytest.mark.django_db
def test_R8_demo_has_correction_requests_answered_and_open(demo) -> None:
    from zhengwu.applications.models import CorrectionRequest

    statuses = set(CorrectionRequest.objects.values_list("status", flat=True))
    assert {"corrected", "refused", "referred", "open"} <= statuses
