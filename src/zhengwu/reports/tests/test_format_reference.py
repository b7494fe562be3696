"""The annual report checked against the national format document and the issue's command
contract, independently of the other report tests (D-13, R-10, D-12).

Invariants of ../shared/spec/annual-report-format.md, each with a test below that breaks it and
sees approval blocked with the applications or cases behind it named:

- table 3: 总计 = 自然人 + the five organisation columns (every row)
- table 3: 一 + 二 = 三（七） + 四 (every column)
- table 3: 三（七） = （一）+…+（六）; each of （三）…（六） = the sum of its numbered rows
- table 3: 二 of year N = 四 of year N−1 (N−1 computed or imported)
- table 3: each application counted once (by its outcome in the year answered, else in 四)
- table 4: each 总计 = the sum of the four before it
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from zhengwu.applications import services as applications
from zhengwu.applications.models import Application, RemedyCase
from zhengwu.applications.tests.helpers import at, received
from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.reports import selectors, services
from zhengwu.reports.models import ImportedYear, ReportStatus
from zhengwu.reports.tests.helpers import enter_table2
from zhengwu.reports.tests.test_annual import answer, receive

D = dt.date
YEAR = 2025

# The keys exactly as the issue lists them (point 6), written out rather than taken from policy.
ISSUE_ROWS = (
    ["1", "2", "3.1", "3.2"]
    + [f"3.3.{n}" for n in range(1, 9)]
    + [f"3.4.{n}" for n in range(1, 4)]
    + [f"3.5.{n}" for n in range(1, 6)]
    + [f"3.6.{n}" for n in range(1, 4)]
    + ["3.3", "3.4", "3.5", "3.6", "3.7", "4"]
)
ISSUE_COLUMNS = [
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other",
    "total",
]
ISSUE_TABLE4 = [
    f"{group}.{column}"
    for group in ("review", "litigation_direct", "litigation_after_review")
    for column in ("upheld", "corrected", "other", "pending", "total")
]


def annual_json(*args: str) -> tuple[int, dict, str]:
    """`zhengwu report annual … --format json`: (exit code, JSON printed, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("report", "annual", *args, "--format", "json", stdout=out, stderr=err)
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    return code, json.loads(out.getvalue()), err.getvalue()


def zero3() -> dict[str, dict[str, int]]:
    return {row: dict.fromkeys(ISSUE_COLUMNS, 0) for row in ISSUE_ROWS}


def put(table: dict[str, dict[str, int]], column: str, *rows: str) -> None:
    for row in rows:
        table[row][column] += 1
        table[row]["total"] += 1


def open_case(ac, application, kind: str, filed: dt.date, outcome: str = "", on=None):  # type: ignore[no-untyped-def]
    with at(filed):
        case = applications.open_case(
            by=ac.officer, application=application, kind=kind, body="市人民政府", filed_on=filed
        )
    if outcome:
        with at(on):
            case = applications.conclude_case(
                by=ac.officer, case=case, outcome=outcome, concluded_on=on
            )
    return case


def approval_refused(ac, cast, year: int = YEAR) -> str:  # type: ignore[no-untyped-def]
    """Draft, fill table 2, submit and try to approve the year's report; the refusal's message."""
    with clock.frozen(clock.at_local(D(year + 1, 1, 12), 10)):
        report, _created = services.draft_report(by=ac.officer, bureau=ac.bureau, year=year)
        enter_table2(ac, year)
        report = services.submit(by=ac.officer, report=report)
        with pytest.raises(DomainError) as error:
            services.approve(by=cast.director, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert error.value.code == "invariant"
    return error.value.message


# --- 1. the command contract (issue point 6) -----------------------------------------------------


def test_R10_command_json_has_exactly_the_rows_columns_and_keys_of_the_issue(ac) -> None:
    first = receive(ac, D(YEAR, 3, 3), "research")
    answer(ac, first, "3.3.4", D(YEAR, 3, 20))
    open_case(ac, first, "litigation_after_review", D(YEAR, 5, 6))
    code, data, err = annual_json("--bureau", ac.bureau.code, "--year", str(YEAR))
    assert (code, err) == (0, "")
    assert list(data) == ["table2", "table3", "table4"]
    assert sorted(data["table3"]) == sorted(ISSUE_ROWS)
    for row in ISSUE_ROWS:
        assert sorted(data["table3"][row]) == sorted(ISSUE_COLUMNS)
        assert all(type(n) is int for n in data["table3"][row].values())
    assert sorted(data["table4"]) == sorted(ISSUE_TABLE4)
    assert all(type(n) is int for n in data["table4"].values())
    expected = zero3()
    put(expected, "research", "1", "3.3", "3.3.4", "3.7")
    assert data["table3"] == expected
    assert {k: n for k, n in data["table4"].items() if n} == {
        "litigation_after_review.pending": 1,
        "litigation_after_review.total": 1,
    }
    assert isinstance(data["table2"], dict) and data["table2"]


def test_R10_command_needs_no_bureau_when_there_is_one(cast) -> None:
    code, data, _err = annual_json("--year", str(YEAR))
    assert code == 0 and data["table3"] == zero3()
    assert data["table4"] == dict.fromkeys(ISSUE_TABLE4, 0)


def test_R10_command_exits_1_listing_every_violated_invariant(ac) -> None:
    a, b, c = (receive(ac, D(YEAR, 4, day)) for day in (1, 2, 3))
    for application in (a, b, c):
        answer(ac, application, "3.1", D(YEAR, 4, 10))
    case = open_case(ac, a, "review", D(YEAR, 6, 2), "maintained", D(YEAR, 7, 1))
    Application.objects.filter(pk=a.pk).update(outcome="")  # in no outcome row
    Application.objects.filter(pk=b.pk).update(outcome="3.5")  # a group without its row
    Application.objects.filter(pk=c.pk).update(applicant_category="")  # no column
    RemedyCase.objects.filter(pk=case.pk).update(outcome="")  # concluded with no result
    code, data, err = annual_json("--bureau", ac.bureau.code, "--year", str(YEAR))
    assert code == 1
    assert sorted(data["table3"]) == sorted(ISSUE_ROWS)  # the tables are still printed
    lines = err.strip().splitlines()
    violations = selectors.check(selectors.annual_figures(bureau=ac.bureau, year=YEAR))
    assert lines[0].startswith(f"{len(violations)} ")
    assert lines[1:] == [v.describe() for v in violations]
    text = err
    for needle in ("3.7=3.1+…+3.6", "3.5=sum(3.5.n)", "total=sum(columns)",
                   "total=upheld+corrected+other+pending", a.tracking_number, b.tracking_number,
                   c.tracking_number, f"case {case.pk}"):  # fmt: skip
        assert needle in text


@pytest.mark.parametrize(
    "args, words",
    [
        (["--bureau", "TEST-HB"], ["--year"]),  # the year is required
        (["--bureau", "TEST-HB", "--year", "25"], ["2019"]),
        (["--bureau", "test-hb ", "--year", "2025"], ["TEST-HB"]),
    ],
)
def test_R10_command_bad_arguments_get_a_clear_message(ac, args, words) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError) as error:
        call_command("report", "annual", *args, "--format", "json")
    for word in words:
        assert word in str(error.value)


# --- 2. every invariant blocks approval and names what is behind it -----------------------------


def a_clean_year(ac):  # type: ignore[no-untyped-def]
    """Three answered applications of the year, each a different column."""
    made = []
    for i, category in enumerate(("natural_person", "commercial", "other")):
        application = receive(ac, D(YEAR, 5, 5 + i), category)
        answer(ac, application, "3.1", D(YEAR, 5, 20))
        made.append(application)
    return made


@pytest.mark.parametrize(
    "change, rule",
    [
        ({"applicant_category": ""}, "total=sum(columns)"),
        ({"applicant_category": "government"}, "total=sum(columns)"),
        ({"outcome": "3.3"}, "3.3=sum(3.3.n)"),
        ({"outcome": "3.4"}, "3.4=sum(3.4.n)"),
        ({"outcome": "3.5"}, "3.5=sum(3.5.n)"),
        ({"outcome": "3.6"}, "3.6=sum(3.6.n)"),
        ({"outcome": ""}, "3.7=3.1+…+3.6"),
        ({"outcome": "3.9.1"}, "3.7=3.1+…+3.6"),
    ],
)
def test_D13_each_table3_sum_broken_by_a_record_blocks_approval_naming_it(
    ac, cast, change, rule
) -> None:
    broken = a_clean_year(ac)[1]
    Application.objects.filter(pk=broken.pk).update(**change)  # behind the services' back
    message = approval_refused(ac, cast)
    assert rule in message and broken.tracking_number in message
    others = Application.objects.exclude(pk=broken.pk).values_list("tracking_number", flat=True)
    assert not any(number in message for number in others)


def test_D13_an_application_answered_before_it_came_in_is_counted_once_or_blocks(ac, cast) -> None:
    """Each application counted once: one answered (by the record) before its intake date would
    fall out of every year's table 3 without any sum failing."""
    broken = a_clean_year(ac)[0]
    Application.objects.filter(pk=broken.pk).update(answered_on=D(YEAR - 1, 12, 20))
    message = approval_refused(ac, cast)
    assert selectors.ANSWERED_AFTER_INTAKE in message and broken.tracking_number in message


def test_D13_an_answered_application_without_its_answer_date_blocks(ac, cast) -> None:
    """Answered (outcome and status recorded) but with no date: it would sit in 四 for ever."""
    broken = a_clean_year(ac)[2]
    Application.objects.filter(pk=broken.pk).update(answered_on=None)
    message = approval_refused(ac, cast)
    assert selectors.ANSWER_DATED in message and broken.tracking_number in message


def test_D13_table4_total_not_the_sum_of_its_four_blocks_approval_naming_the_case(ac, cast) -> None:
    application = a_clean_year(ac)[0]
    fine = open_case(ac, application, "review", D(YEAR, 6, 1), "corrected", D(YEAR, 7, 1))
    broken = open_case(ac, application, "litigation_direct", D(YEAR, 6, 2), "other",
                       D(YEAR, 8, 3))  # fmt: skip
    RemedyCase.objects.filter(pk=broken.pk).update(outcome="dismissed")
    message = approval_refused(ac, cast)
    assert "total=upheld+corrected+other+pending" in message and "litigation_direct" in message
    assert f"case {broken.pk}" in message and f"case {fine.pk}" not in message


def imported(ac, year: int, *, carried_out: int = 0, carried_in: int = 0, balanced=True):  # type: ignore[no-untyped-def]
    """A published year with one application answered, `carried_in` from the year before and
    `carried_out` to the next (natural persons)."""
    table3 = zero3()
    for row, n in (("1", 1 + carried_out), ("2", carried_in), ("3.1", 1 + carried_in),
                   ("3.7", 1 + carried_in), ("4", carried_out)):  # fmt: skip
        table3[row]["natural_person"] = table3[row]["total"] = n
    if not balanced:  # 一 + 二 ≠ 三（七） + 四 (the other sums hold)
        table3["1"]["natural_person"] += 1
        table3["1"]["total"] += 1
    table4 = dict.fromkeys(ISSUE_TABLE4, 0)
    return ImportedYear.objects.create(
        bureau=ac.bureau, year=year, table3=table3, table4=table4, imported_at=clock.now()
    )


def test_D13_balance_1_plus_2_equals_37_plus_4_blocks_approval_and_import(ac, cast) -> None:
    # Records cannot break it (each application is in 一 or 二 and in 三（七） or 四), so the
    # check is seen on a year kept outside the system.
    year = imported(ac, YEAR, balanced=False)
    assert {(v.rule, v.where) for v in selectors.check(selectors.annual_figures(
        bureau=ac.bureau, year=YEAR))} == {("1+2=3.7+4", "natural_person"),
                                           ("1+2=3.7+4", "total")}  # fmt: skip
    message = approval_refused(ac, cast)
    assert "1+2=3.7+4" in message
    table3, table4 = year.table3, year.table4
    year.delete()
    with pytest.raises(DomainError) as error:
        services.import_year(by=ac.officer, bureau=ac.bureau, year=YEAR, table3=table3,
                             table4=table4)  # fmt: skip
    assert "1+2=3.7+4" in error.value.message


def test_D13_carry_over_against_an_imported_year_names_the_applications_carried_in(
    ac, cast
) -> None:
    imported(ac, YEAR - 1, carried_out=1)
    first = receive(ac, D(YEAR - 1, 12, 23), "commercial")  # the one carried over, wrong column
    answer(ac, first, "3.1", D(YEAR, 1, 6))
    a_clean_year(ac)
    figures = selectors.annual_figures(bureau=ac.bureau, year=YEAR)
    assert figures.table3["2"]["total"] == 1  # in total it matches; by column it does not
    found = {(v.rule, v.where, v.applications) for v in selectors.check(figures)}
    assert found == {
        ("2(N)=4(N-1)", "natural_person", ()),
        ("2(N)=4(N-1)", "commercial", (first.tracking_number,)),
    }
    message = approval_refused(ac, cast)
    assert "2(N)=4(N-1)" in message and first.tracking_number in message


def test_D13_carry_over_between_two_imported_years_is_checked(ac, cast) -> None:
    imported(ac, YEAR - 1, carried_out=2)
    imported(ac, YEAR, carried_in=1)  # the published 2025 says one came in, 2024 said two
    found = selectors.check(selectors.annual_figures(bureau=ac.bureau, year=YEAR))
    assert {(v.rule, v.where, v.left, v.right) for v in found} == {
        ("2(N)=4(N-1)", "natural_person", 1, 2),
        ("2(N)=4(N-1)", "total", 1, 2),
    }
    assert "2(N)=4(N-1)" in approval_refused(ac, cast)


def test_D13_carry_over_computed_both_years_and_into_an_imported_next_year(ac) -> None:
    a_clean_year(ac)
    receive(ac, D(YEAR, 12, 30), "legal_services")  # open on 31 December
    this = selectors.annual_figures(bureau=ac.bureau, year=YEAR)
    following = selectors.annual_figures(bureau=ac.bureau, year=YEAR + 1)
    assert following.table3["2"] == this.table3["4"]
    assert this.table3["4"]["legal_services"] == this.table3["4"]["total"] == 1
    assert selectors.check(this) == [] and selectors.check(following) == []


# --- 3. counting rules ------------------------------------------------------------------------


def test_D13_counting_rules_over_two_years_cell_by_cell(ac) -> None:
    """December received and January answered; withdrawn (其他); closed for no supplement and
    for an unpaid fee (the fee one in the next year); the column as recorded at intake."""
    expected = {YEAR: zero3(), YEAR + 1: zero3()}
    december = receive(ac, D(YEAR, 12, 15), "public_interest")
    answer(ac, december, "3.4.1", D(YEAR + 1, 1, 7))
    put(expected[YEAR], "public_interest", "1", "4")
    put(expected[YEAR + 1], "public_interest", "2", "3.4", "3.4.1", "3.7")
    withdrawn = receive(ac, D(YEAR, 6, 2), "natural_person")  # the applicant withdrew it
    answer(ac, withdrawn, "3.6.3", D(YEAR, 6, 5))
    put(expected[YEAR], "natural_person", "1", "3.6", "3.6.3", "3.7")
    silent = receive(ac, D(YEAR, 9, 1), "research")
    with at(D(YEAR, 9, 2)):
        request = applications.ask_supplement(
            by=ac.officer, application=silent, asked_on=D(YEAR, 9, 2), what="请写明文件名称"
        )
    unpaid = receive(ac, D(YEAR, 12, 1), "legal_services")
    with at(D(YEAR, 12, 15)):
        fee = applications.send_fee_notice(by=ac.officer, application=unpaid, method="pages",
                                           quantity=120, notified_on=D(YEAR, 12, 15))  # fmt: skip
    assert request.reply_by.year == YEAR and fee.pay_by.year == YEAR + 1
    for day in (request.reply_by, fee.pay_by):
        after = day + dt.timedelta(days=1)
        with at(after):
            assert applications.close_expired(today=after) == 1
    put(expected[YEAR], "research", "1", "3.6", "3.6.1", "3.7")
    put(expected[YEAR], "legal_services", "1", "4")
    put(expected[YEAR + 1], "legal_services", "2", "3.6", "3.6.2", "3.7")
    for n, category in enumerate(("commercial", "other")):  # still open at the end of YEAR + 1
        receive(ac, D(YEAR + 1, 11, 2 + n), category)
        put(expected[YEAR + 1], category, "1", "4")
    for year in (YEAR, YEAR + 1):
        figures = selectors.annual_figures(bureau=ac.bureau, year=year)
        assert figures.table3 == expected[year], year
        assert selectors.check(figures) == []
    code, data, _err = annual_json("--bureau", ac.bureau.code, "--year", str(YEAR + 1))
    assert code == 0 and data["table3"] == expected[YEAR + 1]


def test_D13_received_31_december_answered_1_january(ac) -> None:
    edge = received(ac, D(YEAR, 12, 31))
    answer(ac, edge, "3.2", D(YEAR + 1, 1, 2))
    this = selectors.annual_figures(bureau=ac.bureau, year=YEAR).table3
    following = selectors.annual_figures(bureau=ac.bureau, year=YEAR + 1).table3
    assert (this["1"]["total"], this["4"]["total"], this["3.7"]["total"]) == (1, 1, 0)
    assert (following["1"]["total"], following["2"]["total"], following["3.2"]["total"]) == (
        0, 1, 1)  # fmt: skip


def test_D13_table4_by_kind_and_outcome_with_pending_cases(ac) -> None:
    application = a_clean_year(ac)[0]
    open_case(ac, application, "review", D(YEAR, 6, 1), "maintained", D(YEAR, 7, 1))
    open_case(ac, application, "review", D(YEAR, 6, 2), "corrected", D(YEAR, 7, 2))
    open_case(ac, application, "review", D(YEAR, 12, 1))  # pending at year end
    open_case(ac, application, "litigation_direct", D(YEAR, 8, 1), "other", D(YEAR, 9, 1))
    open_case(ac, application, "litigation_direct", D(YEAR, 9, 1), "corrected",
              D(YEAR + 1, 2, 1))  # fmt: skip
    open_case(ac, application, "litigation_after_review", D(YEAR, 10, 1), "maintained",
              D(YEAR, 11, 1))  # fmt: skip
    open_case(ac, application, "litigation_after_review", D(YEAR + 1, 1, 5))  # next year
    expected = dict.fromkeys(ISSUE_TABLE4, 0)
    expected.update({
        "review.upheld": 1, "review.corrected": 1, "review.pending": 1, "review.total": 3,
        "litigation_direct.other": 1, "litigation_direct.pending": 1,
        "litigation_direct.total": 2, "litigation_after_review.upheld": 1,
        "litigation_after_review.total": 1,
    })  # fmt: skip
    code, data, _err = annual_json("--bureau", ac.bureau.code, "--year", str(YEAR))
    assert code == 0 and data["table4"] == expected


# --- 4. table 2 from the register's validity --------------------------------------------------


def test_D13_table2_made_and_abolished_in_the_same_year_and_drafts_not_counted(ac) -> None:
    from zhengwu.disclosure import services as disclosure
    from zhengwu.disclosure.tests.helpers import draft, publish

    with at(D(YEAR, 2, 3)):
        short = publish(ac.dc, draft(ac.dc, title="临时管控措施的通告", is_normative=True))
        lasting = publish(ac.dc, draft(ac.dc, title="排污许可管理实施细则", is_normative=True))
        unpublished = draft(ac.dc, title="未发布的规范性文件草案", is_normative=True)
    with at(D(YEAR, 10, 9)):
        disclosure.set_validity(by=ac.officer, item=short, validity="abolished")
        disclosure.set_validity(by=ac.officer, item=unpublished, validity="abolished")
    with at(D(YEAR + 1, 3, 2)):
        disclosure.set_validity(by=ac.officer, item=lasting, validity="abolished")
    table2 = selectors.annual_figures(bureau=ac.bureau, year=YEAR).table2
    assert table2["normative_documents"] == {"made": 2, "abolished": 1, "in_force": 1}
    table2 = selectors.annual_figures(bureau=ac.bureau, year=YEAR + 1).table2
    assert table2["normative_documents"] == {"made": 0, "abolished": 1, "in_force": 0}


def test_D13_table2_in_force_on_31_december_whatever_changed_since(ac) -> None:
    """现行有效件数 is the count on 31 December: a document amended by a new version or abolished
    after the year was in force then; one abolished in the year and restored since was not."""
    from zhengwu.disclosure import services as disclosure
    from zhengwu.disclosure.tests.helpers import draft, publish

    with at(D(YEAR, 2, 3)):
        amended = publish(ac.dc, draft(ac.dc, title="排污许可管理实施细则", is_normative=True))
        restored = publish(ac.dc, draft(ac.dc, title="扬尘污染防治办法", is_normative=True))
        abolished = publish(ac.dc, draft(ac.dc, title="机动车排气检测规定", is_normative=True))
        amended_too = publish(ac.dc, draft(ac.dc, title="噪声污染防治规定", is_normative=True))
    with at(D(YEAR, 6, 2)):
        disclosure.set_validity(by=ac.officer, item=restored, validity="abolished")
    with at(D(YEAR + 1, 1, 6)):  # while the report of YEAR is being drafted
        publish(ac.dc, draft(ac.dc, title="排污许可管理实施细则（修订）", is_normative=True,
                             supersedes=amended))  # fmt: skip
        publish(ac.dc, draft(ac.dc, title="噪声污染防治规定（修订）", is_normative=True,
                             supersedes=amended_too))  # fmt: skip
        disclosure.set_validity(by=ac.officer, item=restored, validity="effective")
        disclosure.set_validity(by=ac.officer, item=abolished, validity="abolished")
    amended.refresh_from_db()
    assert amended.validity == "amended"
    table2 = selectors.annual_figures(bureau=ac.bureau, year=YEAR).table2
    assert table2["normative_documents"] == {"made": 4, "abolished": 1, "in_force": 3}
    table2 = selectors.annual_figures(bureau=ac.bureau, year=YEAR + 1).table2
    assert table2["normative_documents"] == {"made": 2, "abolished": 1, "in_force": 3}
