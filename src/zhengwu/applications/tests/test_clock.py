"""The answer clock (R-2…R-6) and the processing fee (R-6): stored deadlines and the calculator."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhengwu.applications import services
from zhengwu.applications.clock import derive, fee_for_items, fee_for_pages
from zhengwu.applications.models import Status
from zhengwu.applications.tests.helpers import at, received
from zhengwu.core.errors import DomainError

D = dt.date


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("applications", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_R3_due_on_the_20th_working_day_across_the_spring_festival(ac) -> None:
    application = received(ac, D(2026, 2, 13))  # Friday before the 2026 Spring Festival
    deadline = services.answer_deadline(application)
    # 02-14 is a 调休 working day, 02-15…02-23 are off, 02-28 is a working Saturday.
    assert deadline.due_date == D(2026, 3, 19)
    assert run("deadline", "--received", "2026-02-13")[-1] == "due=2026-03-19"


def test_R3_receipt_on_a_day_off_counts_on_the_next_working_day_and_says_so(ac) -> None:
    with at(D(2026, 10, 3)):
        application = received(ac, D(2026, 10, 3))  # National Day holiday
    deadline = services.answer_deadline(application)
    assert deadline.due_date == derive(received=D(2026, 10, 3)).due
    assert "2026-10-08" in deadline.explain()  # the first working day after the holiday week
    lines = run("deadline", "--received", "2026-10-03")
    assert "2026-10-08" in lines[0]
    assert lines[-1] == f"due={deadline.due_date.isoformat()}"


def test_R4_supplement_stops_the_clock_and_restarts_the_period(ac) -> None:
    application = received(ac, D(2026, 3, 2))
    with at(D(2026, 3, 4)):
        services.ask_supplement(
            by=ac.officer, application=application, asked_on=D(2026, 3, 4), what="请写明文件名称"
        )
    deadline = services.answer_deadline(application)
    assert deadline.status == "paused"
    with at(D(2026, 3, 20)):
        services.receive_supplement(
            by=ac.officer, application=application, received_on=D(2026, 3, 20)
        )
    deadline.refresh_from_db()
    # 20 working days after the day the supplement arrived (not after the first receipt).
    assert deadline.due_date == D(2026, 4, 20)
    assert deadline.status == "open"
    lines = run(
        "deadline",
        "--received",
        "2026-03-02",
        "--supplement-asked",
        "2026-03-04",
        "--supplement-received",
        "2026-03-20",
    )
    assert lines[-1] == "due=2026-04-20"


def test_R4_supplement_request_only_within_7_working_days_and_once(ac) -> None:
    application = received(ac, D(2026, 3, 2))
    with at(D(2026, 3, 12)), pytest.raises(DomainError):
        services.ask_supplement(
            by=ac.officer, application=application, asked_on=D(2026, 3, 12), what="补正"
        )
    with at(D(2026, 3, 11)):
        services.ask_supplement(
            by=ac.officer, application=application, asked_on=D(2026, 3, 11), what="补正"
        )


def test_R4_no_supplement_in_time_closes_with_other_1(ac) -> None:
    application = received(ac, D(2026, 3, 2))
    with at(D(2026, 3, 3)):
        request = services.ask_supplement(
            by=ac.officer, application=application, asked_on=D(2026, 3, 3), what="补正"
        )
    assert services.close_expired(today=request.reply_by) == 0
    assert services.close_expired(today=request.reply_by + dt.timedelta(days=1)) == 1
    application.refresh_from_db()
    assert (application.status, application.outcome) == (Status.CLOSED, "3.6.1")
    assert application.documents.filter(kind="letter").exists()


def test_R5_consultation_pauses_the_clock_by_its_working_days(ac) -> None:
    application = received(ac, D(2026, 3, 2))
    before = services.answer_deadline(application).due_date
    with at(D(2026, 3, 5)):
        consultation = services.start_consultation(
            by=ac.officer,
            application=application,
            kind="third_party",
            party="某公司",
            sent_on=D(2026, 3, 5),
        )
    assert consultation.answer_by == D(2026, 3, 26)  # 15 working days
    with at(D(2026, 3, 10)):
        services.record_consultation_answer(
            by=ac.officer,
            consultation=consultation,
            answered_on=D(2026, 3, 10),
            opinion="不同意公开",
        )
    deadline = services.answer_deadline(application)
    # 03-06, 03-09, 03-10 do not count: three working days later.
    assert deadline.paused_workdays == 3
    assert deadline.due_date == D(2026, 4, 2)
    assert before == D(2026, 3, 30)
    lines = run("deadline", "--received", "2026-03-02", "--pause", "2026-03-05:2026-03-10")
    assert lines[-1] == "due=2026-04-02"


def test_R3_one_extension_approved_by_the_office_head_from_the_current_due_date(ac) -> None:
    application = received(ac, D(2026, 3, 2))
    with at(D(2026, 3, 20)):
        with pytest.raises(DomainError):
            services.extend(by=ac.officer, application=application, days=10, reason="需调档")
        services.extend(by=ac.office_head, application=application, days=20, reason="需调档")
        with pytest.raises(DomainError):
            services.extend(by=ac.office_head, application=application, days=1, reason="再延")
    deadline = services.answer_deadline(application)
    assert deadline.due_date == D(2026, 4, 28)  # 03-30 + 20 working days (Qingming 04-06 off)
    assert run("deadline", "--received", "2026-03-02", "--extend", "20")[-1] == "due=2026-04-28"
    assert application.timeline.filter(kind="extended").exists()  # the applicant is told


def test_R6_unpaid_fee_closes_with_other_2(ac) -> None:
    application = received(ac, D(2026, 3, 2))
    with at(D(2026, 3, 4)):
        fee = services.send_fee_notice(
            by=ac.officer,
            application=application,
            method="pages",
            quantity=31,
            notified_on=D(2026, 3, 4),
        )
    assert fee.amount == 10
    assert fee.pay_by == D(2026, 4, 1)  # 20 working days from the day after the notice
    assert services.answer_deadline(application).status == "paused"
    services.close_expired(today=D(2026, 4, 2))
    application.refresh_from_db()
    assert (application.status, application.outcome) == (Status.CLOSED, "3.6.2")


def test_R6_paid_fee_resumes_the_clock(ac) -> None:
    application = received(ac, D(2026, 3, 2))
    with at(D(2026, 3, 4)):
        services.send_fee_notice(
            by=ac.officer,
            application=application,
            method="items",
            quantity=11,
            notified_on=D(2026, 3, 4),
        )
    with at(D(2026, 3, 6)):
        services.record_fee_paid(by=ac.officer, application=application, paid_on=D(2026, 3, 6))
    deadline = services.answer_deadline(application)
    assert deadline.status == "open" and deadline.paused_workdays == 2


@pytest.mark.parametrize(
    ("items", "fee"),
    [
        (0, 0),
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 2000),
        (31, 2200),
        (40, 4000),
        (41, 4300),
        (50, 7000),
        (51, 7400),
        (60, 11000),
        (61, 11500),
    ],
)
def test_R6_fee_per_item_at_every_band_edge(items: int, fee: int) -> None:
    assert fee_for_items(items) == fee
    assert run("fee", "--items", str(items))[-1] == f"fee={fee}"


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_R6_fee_per_page_at_every_band_edge(pages: int, fee: int) -> None:
    assert fee_for_pages(pages) == fee
    assert run("fee", "--pages", str(pages))[-1] == f"fee={fee}"


def test_R6_items_counted_per_applicant_per_month_on_the_excess_only() -> None:
    assert fee_for_items(5, already=8) == 300  # items 9, 10 free; 11, 12, 13 at 100


def test_R3_calculator_marks_unconfirmed_years(db) -> None:
    assert run("deadline", "--received", "2030-12-20")[-1].startswith("due=2031-")
    assert "unconfirmed=2030,2031" in run("deadline", "--received", "2030-12-20")[-1]


@pytest.mark.parametrize(
    "args",
    [
        ["--received", "2026-02-30"],
        ["--received", "2026-03-02", "--extend", "-1"],
        ["--received", "2026-03-02", "--extend", "21"],
        ["--received", "x"],
        ["--received", "2026-03-02", "--pause", "2026-03-05"],
    ],
)
def test_R3_calculator_refuses_bad_input_with_status_2(db, args: list[str]) -> None:
    with pytest.raises(CommandError) as error:
        run("deadline", *args)
    assert error.value.returncode == 2


def test_R3_calculator_exit_status_is_2_from_the_shell() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "zhengwu.cli",
            "applications",
            "deadline",
            "--received",
            "2026-13-01",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "YYYY-MM-DD" in done.stderr
