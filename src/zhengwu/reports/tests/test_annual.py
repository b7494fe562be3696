"""The annual report's tables 3 and 4 computed from a year of applications built by hand (D-13,
R-10), the carry-over across two years, the invariants and the `zhengwu report annual` command."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from zhengwu.applications import policy as applications_policy
from zhengwu.applications import services
from zhengwu.applications.models import Application
from zhengwu.applications.tests.helpers import CREDIT_CODE, apply_online, at, received
from zhengwu.reports import policy, selectors

D = dt.date
YEAR = 2026


def receive(ac, day: dt.date, category: str = "natural_person") -> Application:
    if category == "natural_person":
        return received(ac, day)
    return received(
        ac,
        day,
        applicant_kind="organisation",
        applicant_category=category,
        name="某某有限公司",
        legal_representative="王五",
        credit_code=CREDIT_CODE,
    )


def answer(ac, application: Application, outcome: str, day: dt.date) -> Application:
    with at(day):
        return services.answer(
            by=ac.officer, application=application, outcome=outcome, answered_on=day
        )


def empty_table3() -> dict[str, dict[str, int]]:
    return {row: dict.fromkeys(policy.COLUMNS, 0) for row in policy.ROWS}


def add(table: dict[str, dict[str, int]], rows: list[str], category: str) -> None:
    for row in rows:
        table[row][category] += 1
        table[row]["total"] += 1


def group_of(key: str) -> list[str]:
    group = key[:3]
    return [group, key] if key != group else [group]


@pytest.fixture
def year_of_applications(ac):
    """Applications of 2025 and 2026 with every outcome; returns the expected tables 3."""
    expected = {YEAR - 1: empty_table3(), YEAR: empty_table3()}
    # Received and answered in 2025: only in the 2025 report.
    early = receive(ac, D(2025, 3, 3), "commercial")
    answer(ac, early, "3.1", D(2025, 3, 10))
    add(expected[YEAR - 1], ["1", "3.1", "3.7"], "commercial")
    # Received in late 2025, answered in January 2026: carried over.
    carried = receive(ac, D(2025, 12, 22), "commercial")
    answer(ac, carried, "3.2", D(2026, 1, 8))
    add(expected[YEAR - 1], ["1", "4"], "commercial")
    add(expected[YEAR], ["2", "3.2", "3.7"], "commercial")
    # Received in late 2025 and still open at the end of 2026: carried over twice.
    receive(ac, D(2025, 12, 29), "research")
    add(expected[YEAR - 1], ["1", "4"], "research")
    add(expected[YEAR], ["2", "4"], "research")
    # 2026: one application for every outcome answered directly, columns in turn.
    answerable = [
        o.key for o in applications_policy.OUTCOMES if o.key not in ("3.4.3", "3.6.1", "3.6.2")
    ]
    for i, key in enumerate(answerable):
        category = policy.CATEGORY_COLUMNS[i % len(policy.CATEGORY_COLUMNS)]
        application = receive(ac, D(2026, 3, 2), category)
        answer(ac, application, key, D(2026, 3, 10))
        add(expected[YEAR], ["1", *group_of(key), "3.7"], category)
    # 3.4.3: still unclear after the supplement.
    unclear = receive(ac, D(2026, 4, 1), "legal_services")
    with at(D(2026, 4, 2)):
        services.ask_supplement(
            by=ac.officer, application=unclear, asked_on=D(2026, 4, 2), what="请明确"
        )
    with at(D(2026, 4, 7)):
        services.receive_supplement(by=ac.officer, application=unclear, received_on=D(2026, 4, 7))
    answer(ac, unclear, "3.4.3", D(2026, 4, 15))
    add(expected[YEAR], ["1", "3.4", "3.4.3", "3.7"], "legal_services")
    # 3.6.1: no supplement in time; 3.6.2: fee not paid in time (closed by the job).
    silent = receive(ac, D(2026, 5, 6), "public_interest")
    with at(D(2026, 5, 7)):
        request = services.ask_supplement(
            by=ac.officer, application=silent, asked_on=D(2026, 5, 7), what="补正"
        )
    unpaid = receive(ac, D(2026, 5, 6), "other")
    with at(D(2026, 5, 8)):
        fee = services.send_fee_notice(
            by=ac.officer,
            application=unpaid,
            method="pages",
            quantity=31,
            notified_on=D(2026, 5, 8),
        )
    closing_day = max(request.reply_by, fee.pay_by) + dt.timedelta(days=1)
    with at(closing_day):
        assert services.close_expired(today=closing_day) == 2
    add(expected[YEAR], ["1", "3.6", "3.6.1", "3.7"], "public_interest")
    add(expected[YEAR], ["1", "3.6", "3.6.2", "3.7"], "other")
    # Received in December 2026, answered in January 2027: carried over to 2027.
    late = receive(ac, D(2026, 12, 21), "legal_services")
    answer(ac, late, "3.1", D(2027, 1, 5))
    add(expected[YEAR], ["1", "4"], "legal_services")
    # Submitted online on 30 December 2026, receipt not yet confirmed: received and open.
    with at(D(2026, 12, 30)):
        apply_online(ac)
    add(expected[YEAR], ["1", "4"], "natural_person")
    # Received in 2027: in neither report.
    receive(ac, D(2027, 1, 4), "commercial")
    return expected


def test_D13_table3_every_cell_of_a_year_of_applications(ac, year_of_applications) -> None:
    figures = selectors.annual_figures(bureau=ac.bureau, year=YEAR)
    assert figures.table3 == year_of_applications[YEAR]
    # every outcome once, plus the application carried in from 2025
    assert figures.table3["3.7"]["total"] == len(applications_policy.OUTCOMES) + 1
    assert selectors.check(figures) == []


def test_D13_carry_over_across_two_years(ac, year_of_applications) -> None:
    before = selectors.annual_figures(bureau=ac.bureau, year=YEAR - 1)
    after = selectors.annual_figures(bureau=ac.bureau, year=YEAR)
    assert before.table3 == year_of_applications[YEAR - 1]
    assert before.table3["4"] == after.table3["2"]
    assert after.table3["2"]["total"] == 2
    assert selectors.check(before) == [] and selectors.check(after, previous=before) == []


def test_D13_other_bureaus_applications_are_not_counted(ac, year_of_applications) -> None:
    other = ac.other_officer.bureau
    figures = selectors.annual_figures(bureau=other, year=YEAR)
    assert figures.table3 == empty_table3()


def test_D13_table4_every_cell_of_review_and_litigation(ac) -> None:
    application = receive(ac, D(2025, 3, 3))
    answer(ac, application, "3.3.6", D(2025, 3, 10))

    def case(kind: str, filed: dt.date, outcome: str = "", concluded: dt.date | None = None):
        with at(filed):
            made = services.open_case(
                by=ac.officer, application=application, kind=kind, body="市人民政府", filed_on=filed
            )
        if outcome:
            with at(concluded):
                services.conclude_case(
                    by=ac.officer, case=made, outcome=outcome, concluded_on=concluded
                )

    case("review", D(2026, 5, 6), "maintained", D(2026, 6, 1))
    case("review", D(2026, 7, 1), "corrected", D(2026, 8, 3))
    case("review", D(2026, 11, 2))  # pending
    case("review", D(2026, 11, 3), "other", D(2027, 1, 11))  # pending on 31 December
    case("litigation_direct", D(2025, 10, 9), "corrected", D(2026, 2, 2))  # result this year
    case("litigation_direct", D(2025, 6, 2), "maintained", D(2025, 9, 1))  # last year only
    case("litigation_after_review", D(2026, 3, 2), "other", D(2026, 4, 1))
    case("litigation_after_review", D(2026, 3, 3), "maintained", D(2026, 4, 2))
    expected = dict.fromkeys(policy.TABLE4_KEYS, 0)
    expected.update(
        {
            "review.upheld": 1,
            "review.corrected": 1,
            "review.pending": 2,
            "review.total": 4,
            "litigation_direct.corrected": 1,
            "litigation_direct.total": 1,
            "litigation_after_review.upheld": 1,
            "litigation_after_review.other": 1,
            "litigation_after_review.total": 2,
        }
    )
    figures = selectors.annual_figures(bureau=ac.bureau, year=YEAR)
    assert figures.table4 == expected
    assert (
        selectors.annual_figures(bureau=ac.bureau, year=YEAR - 1).table4["litigation_direct.total"]
        == 2
    )
    assert selectors.check(figures) == []


def test_R10_a_broken_record_is_reported_with_its_application(ac, year_of_applications) -> None:
    # Records changed behind the services' back: an answer without an outcome, an outcome that
    # is a group without its numbered row, an applicant without a category.
    answered = Application.objects.filter(answered_on__year=YEAR).order_by("pk")
    no_outcome, group_only, no_category = answered[0], answered[1], answered[2]
    Application.objects.filter(pk=no_outcome.pk).update(outcome="")
    Application.objects.filter(pk=group_only.pk).update(outcome="3.3")
    Application.objects.filter(pk=no_category.pk).update(applicant_category="")
    violations = selectors.check(selectors.annual_figures(bureau=ac.bureau, year=YEAR))
    rules = {(v.rule, v.applications) for v in violations}
    assert ("3.7=3.1+…+3.6", (no_outcome.tracking_number,)) in rules
    assert ("3.3=sum(3.3.n)", (group_only.tracking_number,)) in rules
    assert ("total=sum(columns)", (no_category.tracking_number,)) in rules

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "report",
            "annual",
            "--bureau",
            ac.bureau.code,
            "--year",
            str(YEAR),
            stdout=out,
            stderr=err,
        )
    assert exit_info.value.code == 1
    message = err.getvalue()
    for application in (no_outcome, group_only, no_category):
        assert application.tracking_number in message


def test_R10_carry_over_differing_from_last_year_is_reported(ac, year_of_applications) -> None:
    before = selectors.annual_figures(bureau=ac.bureau, year=YEAR - 1)
    after = selectors.annual_figures(bureau=ac.bureau, year=YEAR)
    stale = Application.objects.get(received_on=D(2025, 12, 29))
    before.members3[("4", "research")].discard(stale.tracking_number)
    violations = selectors.check(after, previous=before)
    assert [(v.rule, v.where, v.applications) for v in violations] == [
        ("2(N)=4(N-1)", "research", (stale.tracking_number,))
    ]


def test_R10_command_prints_the_three_tables_as_json(ac, year_of_applications) -> None:
    out = io.StringIO()
    call_command(
        "report",
        "annual",
        "--bureau",
        ac.bureau.code,
        "--year",
        str(YEAR),
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert set(data) == {"table2", "table3", "table4"}
    assert data["table3"] == year_of_applications[YEAR]
    assert data["table4"] == dict.fromkeys(policy.TABLE4_KEYS, 0)
    assert data["table2"]["normative_documents"] == {"made": 0, "abolished": 0, "in_force": 0}


@pytest.mark.parametrize(
    "args, words",
    [
        (["--year", "2026"], ["--bureau", "OTHER-JT", "TEST-HB"]),  # two bureaus: say which
        (["--bureau", "NOPE", "--year", "2026"], ["NOPE", "TEST-HB"]),
        (["--bureau", "TEST-HB", "--year", "20x6"], ["YYYY"]),
        (["--bureau", "TEST-HB", "--year", "1900"], ["2019"]),
        (["--bureau", "TEST-HB", "--year", "2026", "--format", "xml"], ["json"]),
    ],
)
def test_R10_command_refuses_bad_arguments_with_exit_2(ac, args, words) -> None:
    with pytest.raises(CommandError) as error:
        call_command("report", "annual", *args)
    assert error.value.returncode == 2
    for word in words:
        assert word in str(error.value)


def test_D13_table2_normative_documents_made_abolished_in_force(ac) -> None:
    from zhengwu.disclosure import services as disclosure_services
    from zhengwu.disclosure.tests.helpers import draft, publish

    with at(D(2025, 6, 2)):
        old = publish(ac.dc, draft(ac.dc, title="示例市扬尘污染防治管理办法", is_normative=True))
    with at(D(2026, 3, 2)):
        publish(ac.dc, draft(ac.dc, title="示例市噪声污染防治规定", is_normative=True))
        publish(ac.dc, draft(ac.dc, title="关于春季植树的通知"))  # not normative
    with at(D(2026, 9, 1)):
        disclosure_services.set_validity(by=ac.officer, item=old, validity="abolished")
    table2 = selectors.annual_figures(bureau=ac.bureau, year=YEAR).table2
    assert table2["normative_documents"] == {"made": 1, "abolished": 1, "in_force": 1}
    assert selectors.annual_figures(bureau=ac.bureau, year=YEAR - 1).table2[
        "normative_documents"
    ] == {"made": 1, "abolished": 0, "in_force": 1}  # in force on 31 December 2025
    assert table2["regulations"] == {"made": None, "abolished": None, "in_force": None}
