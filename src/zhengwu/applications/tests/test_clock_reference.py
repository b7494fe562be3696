"""An independent reference model of the answer clock (R-2…R-6) and the fee (R-6), written from
the rules' words only, compared with the stored clock of the services, the what-if calculator
(`derive`) and the `zhengwu applications deadline` / `fee` commands.

The model walks the calendar one day at a time; it shares no code with `workdays`:

- the calendar is the data the database is seeded from (the chinesecalendar package: 2025 and
  2026 confirmed; 2027 has no notice yet, so only weekends are off and results are "unconfirmed");
- a receipt (or a supplement) on a day off counts as received on the next working day, and the
  day of receipt itself never counts (R-2, R-3);
- due on the 20th counted working day after it; an extension of N adds N more counted days
  from the current due date (R-3); a supplement restarts the count from its arrival (R-4);
- a pause (consultation R-5, fee notice R-6) from day B to day E: the working days after B up to
  and including E do not count. A day that no pause covers counts; a day two pauses cover does
  not count twice. The due date is the last working day whose count has not passed the limit.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from typing import Any

import chinese_calendar.constants as cc
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengwu.applications import services
from zhengwu.applications.clock import derive, fee_for_items, fee_for_pages
from zhengwu.applications.models import Status
from zhengwu.applications.tests.helpers import API, PAYLOAD, at, received
from zhengwu.core.errors import DomainError

D = dt.date
ONE = dt.timedelta(days=1)
ANSWER_DAYS = 20
EXTENSION_MAX = 20
SUPPLEMENT_ASK_DAYS = 7
CONSULTATION_DAYS = 15
FEE_PAY_DAYS = 20
FIRST, LAST = D(2025, 1, 1), D(2027, 12, 31)

# --- the reference calendar ------------------------------------------------------------------

CONFIRMED = {d.year for d in cc.holidays} | {d.year for d in cc.workdays}


def is_work(day: dt.date) -> bool:
    if day in cc.workdays:
        return True
    if day in cc.holidays:
        return False
    return day.weekday() < 5


def nth_working_day_after(day: dt.date, n: int) -> dt.date:
    while n:
        day += ONE
        n -= is_work(day)
    return day


def received_as(day: dt.date) -> dt.date:
    """A receipt on a day off counts as received on the next working day."""
    while not is_work(day):
        day += ONE
    return day


def ref_due(
    received_on: dt.date,
    *,
    supplement: tuple[dt.date, dt.date] | None = None,
    pauses: Iterable[tuple[dt.date, dt.date]] = (),
    extension: int = 0,
) -> dt.date:
    start = received_as(supplement[1] if supplement else received_on)
    pauses = list(pauses)

    def paused(day: dt.date) -> bool:
        return any(begin < day <= end for begin, end in pauses)

    limit = ANSWER_DAYS + extension
    counted, due, day = 0, start, start
    while True:
        day += ONE
        if not is_work(day):
            continue
        if paused(day):
            if counted == limit:
                due = day  # the count stands still: the answer may still come on this day
            continue
        if counted == limit:
            return due
        counted += 1
        due = day


def ref_unconfirmed(received_on: dt.date, due: dt.date) -> list[int]:
    return [y for y in range(received_on.year, due.year + 1) if y not in CONFIRMED]


def ref_item_fee(n: int) -> int:
    """Per item, one applicant, one month: 1–10 free, 11–30 at 100, then +100 per band of 10."""
    total = 0
    for k in range(1, n + 1):
        if k <= 10:
            price = 0
        elif k <= 30:
            price = 100
        else:
            price = 100 + 100 * ((k - 31) // 10 + 1)
        total += price
    return total


def ref_page_fee(p: int) -> int:
    """Per page: 1–30 free; 31–100 at 10; 101–200 at 20; from 201 at 40 (each page by its band)."""
    return sum(
        0 if k <= 30 else 10 if k <= 100 else 20 if k <= 200 else 40 for k in range(1, p + 1)
    )


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("applications", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def last_line(due: dt.date, received_on: dt.date) -> str:
    years = ref_unconfirmed(received_on, due)
    text = f"due={due.isoformat()}"
    return text + (" unconfirmed=" + ",".join(map(str, years)) if years else "")


def command_args(
    received_on: dt.date,
    supplement: tuple[dt.date, dt.date] | None,
    pauses: list[tuple[dt.date, dt.date]],
    extension: int,
) -> list[str]:
    args = ["deadline", "--received", received_on.isoformat()]
    if supplement:
        args += ["--supplement-asked", supplement[0].isoformat()]
        args += ["--supplement-received", supplement[1].isoformat()]
    for begin, end in pauses:
        args += ["--pause", f"{begin.isoformat()}:{end.isoformat()}"]
    if extension:
        args += ["--extend", str(extension)]
    return args


# --- the model itself, against the holiday notices as published ------------------------------


def test_R3_reference_calendar_reads_the_notices_as_published() -> None:
    # 2025 notice (../shared/data/holiday-notices/2025.txt): Spring Festival 01-28…02-04 off,
    # 01-26 (Sunday) and 02-08 (Saturday) worked; National Day 10-01…10-08 off, 09-28 and 10-11
    # worked.
    assert not any(is_work(D(2025, 1, 28) + ONE * i) for i in range(8))
    assert is_work(D(2025, 1, 26)) and is_work(D(2025, 2, 8))
    assert not any(is_work(D(2025, 10, 1) + ONE * i) for i in range(8))
    assert is_work(D(2025, 9, 28)) and is_work(D(2025, 10, 11))
    # 2026 (package data): Spring Festival 02-15…02-23 off, 02-14 and 02-28 worked.
    assert is_work(D(2026, 2, 14)) and is_work(D(2026, 2, 28))
    assert not is_work(D(2026, 2, 23)) and not is_work(D(2026, 10, 7))
    # 2027 has no notice: weekends only (New Year's Day 2027-01-01, a Friday, is still a workday).
    assert 2027 not in CONFIRMED and is_work(D(2027, 1, 1))
    assert ref_due(D(2026, 2, 13)) == D(2026, 3, 19)


# --- fixed cases: Spring Festival and National Day weeks, each step, combinations -------------

CASES = [
    # (received, supplement, pauses, extension, expected due)
    # receipt on the Friday before the 2025 Spring Festival: 01-26 already passed, 02-08 worked.
    (D(2025, 1, 24), None, [], 0, D(2025, 2, 27)),
    # receipt on the Spring Festival's working Sunday 2025-01-26 (a working day: counts itself).
    (D(2025, 1, 26), None, [], 0, D(2025, 2, 28)),
    # receipt in the holiday week: counts as received on 02-05, the first working day after it.
    (D(2025, 1, 30), None, [], 0, D(2025, 3, 4)),
    # National Day 2025: received 09-30, 10-01…10-08 off, 10-11 (Saturday) worked.
    (D(2025, 9, 30), None, [], 0, D(2025, 11, 4)),
    (D(2025, 10, 4), None, [], 0, D(2025, 11, 5)),
    # National Day 2026 with its working Sunday 09-20 and Saturday 10-10.
    (D(2026, 9, 18), None, [], 0, D(2026, 10, 22)),
    (D(2026, 10, 3), None, [], 0, D(2026, 11, 4)),
    # 2026 Spring Festival, extended by the full 20 working days from the current due date.
    (D(2026, 2, 13), None, [], 20, D(2026, 4, 17)),
    # supplement asked on the 7th working day, arrives on a Saturday: counted from Monday.
    (D(2026, 3, 2), (D(2026, 3, 11), D(2026, 3, 21)), [], 0, D(2026, 4, 21)),
    # consultation across National Day 2025: 09-26 … 10-13; the working days 09-28, 09-29,
    # 09-30, 10-09, 10-10, 10-11, 10-13 do not count (seven).
    (D(2025, 9, 1), None, [(D(2025, 9, 26), D(2025, 10, 13))], 0, D(2025, 10, 14)),
    # two pauses, an extension, across the 2027 weekends-only calendar.
    (
        D(2026, 12, 1),
        None,
        [(D(2026, 12, 3), D(2026, 12, 8)), (D(2026, 12, 21), D(2026, 12, 23))],
        5,
        D(2027, 1, 12),
    ),
]


def derived(
    received_on: dt.date,
    supplement: tuple[dt.date, dt.date] | None,
    pauses: list[tuple[dt.date, dt.date]],
    extension: int,
) -> Any:
    """The calculator's derivation of a case (the code under test)."""
    return derive(
        received=received_on,
        supplement_asked=supplement and supplement[0],
        supplement_received=supplement and supplement[1],
        pauses=pauses,
        extension=extension,
    )


@pytest.mark.parametrize(("received_on", "supplement", "pauses", "extension", "due"), CASES)
def test_R3_R4_R5_fixed_cases_agree_with_the_reference_and_the_command(
    db: None,
    received_on: dt.date,
    supplement: tuple[dt.date, dt.date] | None,
    pauses: list[tuple[dt.date, dt.date]],
    extension: int,
    due: dt.date,
) -> None:
    assert ref_due(received_on, supplement=supplement, pauses=pauses, extension=extension) == due
    result = derived(received_on, supplement, pauses, extension)
    assert result.due == due
    lines = run(*command_args(received_on, supplement, pauses, extension))
    assert lines[-1] == last_line(due, received_on)


# --- generated cases: calculator and command ---------------------------------------------------

dates = st.dates(min_value=FIRST, max_value=LAST)


@st.composite
def supplements(
    draw: st.DrawFn, received_on: dt.date, *, longest_wait: int
) -> tuple[dt.date, dt.date] | None:
    """Maybe a supplement (R-4): asked within its period, arriving up to `longest_wait` days on."""
    if not draw(st.booleans()):
        return None
    latest = nth_working_day_after(received_as(received_on), SUPPLEMENT_ASK_DAYS)
    asked = received_on + ONE * draw(st.integers(0, (latest - received_on).days))
    return asked, asked + ONE * draw(st.integers(0, longest_wait))


@st.composite
def scenarios(draw: st.DrawFn) -> tuple:
    received_on = draw(dates)
    supplement = draw(supplements(received_on, longest_wait=60))
    start = supplement[1] if supplement else received_on
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        begin = start + ONE * draw(st.integers(0, 45))
        pauses.append((begin, begin + ONE * draw(st.integers(0, 30))))
    extension = draw(st.integers(0, EXTENSION_MAX))
    return received_on, supplement, pauses, extension


@settings(
    deadline=None, max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=scenarios())
def test_R3_R4_R5_R6_calculator_and_command_agree_with_the_reference(db: None, case: tuple) -> None:
    received_on, supplement, pauses, extension = case
    due = ref_due(received_on, supplement=supplement, pauses=pauses, extension=extension)
    result = derived(received_on, supplement, pauses, extension)
    assert result.due == due
    assert result.unconfirmed_years == ref_unconfirmed(received_on, due)
    lines = run(*command_args(received_on, supplement, pauses, extension))
    assert lines[-1] == last_line(due, received_on)


# --- generated cases: the stored clock of an application ---------------------------------------

LATE = D(2029, 12, 31)  # the services accept only dates up to today: today is after every case


@st.composite
def handled(draw: st.DrawFn) -> tuple:
    """A receipt, maybe a supplement, maybe an extension, consultations (they may overlap), maybe
    a fee notice paid in time after them."""
    received_on = draw(dates)
    supplement = draw(supplements(received_on, longest_wait=40))
    start = supplement[1] if supplement else received_on
    extension = draw(st.integers(0, EXTENSION_MAX))
    consultations = []
    for _ in range(draw(st.integers(0, 3))):
        begin = start + ONE * draw(st.integers(0, 35))
        consultations.append((begin, begin + ONE * draw(st.integers(0, 25))))
    fee = None
    if draw(st.booleans()):
        after = max([start, *(e for _, e in consultations)])
        notified = after + ONE * draw(st.integers(0, 20))
        # the 20 working days after the notice's date, whatever day that is
        pay_by = nth_working_day_after(notified, FEE_PAY_DAYS)
        fee = (notified, notified + ONE * draw(st.integers(0, (pay_by - notified).days)))
    return received_on, supplement, extension, consultations, fee


@settings(
    deadline=None, max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=handled())
def test_R3_R4_R5_R6_stored_clock_agrees_with_the_reference(ac, case: tuple) -> None:
    received_on, supplement, extension, consultations, fee = case
    pauses = [*consultations, *([fee] if fee else [])]
    due = ref_due(received_on, supplement=supplement, pauses=pauses, extension=extension)
    application = received(ac, received_on)
    with at(LATE):
        if supplement:
            services.ask_supplement(
                by=ac.officer, application=application, asked_on=supplement[0], what="请写明文号"
            )
            services.receive_supplement(
                by=ac.officer, application=application, received_on=supplement[1]
            )
        if extension:
            services.extend(
                by=ac.office_head, application=application, days=extension, reason="调档"
            )
        # the consultations' steps in the order of their days (an answer before a sending)
        events = sorted(
            [(b, 1, i) for i, (b, _) in enumerate(consultations)]
            + [(e, 0, i) for i, (_, e) in enumerate(consultations)]
        )
        sent, done = {}, set()
        for day, kind, i in events:
            if i in done:
                continue
            if kind == 1:
                sent[i] = services.start_consultation(
                    by=ac.officer, application=application, kind="third_party", party="某公司",
                    sent_on=day,
                )  # fmt: skip
                continue
            if i not in sent:  # answered on the day it was sent
                sent[i] = services.start_consultation(
                    by=ac.officer, application=application, kind="agency", party="某局",
                    sent_on=day,
                )  # fmt: skip
            services.record_consultation_answer(
                by=ac.officer, consultation=sent[i], answered_on=day
            )
            done.add(i)
        if fee:
            services.send_fee_notice(
                by=ac.officer, application=application, method="pages", quantity=31,
                notified_on=fee[0],
            )  # fmt: skip
            services.record_fee_paid(by=ac.officer, application=application, paid_on=fee[1])
    deadline = services.answer_deadline(application)
    assert deadline.status == "open"
    assert deadline.due_date == due
    assert deadline.unconfirmed_years == ref_unconfirmed(
        supplement[1] if supplement else received_on, due
    )


# --- what the reference found ---------------------------------------------------------------


def consult(ac, application, sent_on: dt.date, answered_on: dt.date) -> None:
    with at(LATE):
        consultation = services.start_consultation(
            by=ac.officer, application=application, kind="third_party", party="某公司",
            sent_on=sent_on,
        )  # fmt: skip
        services.record_consultation_answer(
            by=ac.officer, consultation=consultation, answered_on=answered_on
        )


def test_R5_a_pause_over_the_day_of_receipt_moves_nothing(ac) -> None:
    # Handed in on New Year's Day 2025: received as 01-02, which itself never counts. A
    # consultation from 01-01 to 01-02 stops no day that would have counted.
    application = received(ac, D(2025, 1, 1))
    consult(ac, application, D(2025, 1, 1), D(2025, 1, 2))
    assert services.answer_deadline(application).due_date == D(2025, 2, 6)
    lines = run("deadline", "--received", "2025-01-01", "--pause", "2025-01-01:2025-01-02")
    assert lines[-1] == "due=2025-02-06"


def test_R5_overlapping_pauses_count_each_day_once(ac) -> None:
    # 03-05…03-10 and 03-09…03-12: 03-06, 03-09, 03-10, 03-11, 03-12 do not count (five, not six).
    application = received(ac, D(2026, 3, 2))
    with at(LATE):
        first = services.start_consultation(
            by=ac.officer, application=application, kind="third_party", party="某公司",
            sent_on=D(2026, 3, 5),
        )  # fmt: skip
        second = services.start_consultation(
            by=ac.officer, application=application, kind="agency", party="某局",
            sent_on=D(2026, 3, 9),
        )  # fmt: skip
        services.record_consultation_answer(
            by=ac.officer, consultation=first, answered_on=D(2026, 3, 10)
        )
        services.record_consultation_answer(
            by=ac.officer, consultation=second, answered_on=D(2026, 3, 12)
        )
    assert services.answer_deadline(application).due_date == D(2026, 4, 7)
    lines = run(
        "deadline",
        "--received",
        "2026-03-02",
        "--pause",
        "2026-03-05:2026-03-10",
        "--pause",
        "2026-03-09:2026-03-12",
    )
    assert lines[-1] == "due=2026-04-07"
    assert "每个工作日只计一次" in lines[-2]


def test_R5_a_pause_after_the_period_ran_out_changes_nothing(ac) -> None:
    # Due 03-30; a consultation sent on 04-08 cannot give back days of a period that has ended
    # (before, the due date moved to 04-01, a day before the consultation even began).
    application = received(ac, D(2026, 3, 2))
    consult(ac, application, D(2026, 4, 8), D(2026, 4, 10))
    assert services.answer_deadline(application).due_date == D(2026, 3, 30)
    lines = run("deadline", "--received", "2026-03-02", "--pause", "2026-04-08:2026-04-10")
    assert lines[-1] == "due=2026-03-30"
    assert "答复期限此前已届满" in lines[-2]  # the derivation says why nothing changed
    # One that begins on the due date itself stops the clock on its last day: due on resumption.
    lines = run("deadline", "--received", "2026-03-02", "--pause", "2026-03-30:2026-04-02")
    assert lines[-1] == "due=2026-04-02"


# --- refusals of the calculator ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--received", "2026-02-30"], "YYYY-MM-DD"),
        (["--received", "2026-13-01"], "YYYY-MM-DD"),
        (["--received", "yesterday"], "YYYY-MM-DD"),
        (["--received", ""], "YYYY-MM-DD"),
        (["--received", "2026-03-02", "--pause", "2026-03-05:2026-02-31"], "YYYY-MM-DD"),
        (
            [
                "--received",
                "2026-03-02",
                "--supplement-asked",
                "3/4",
                "--supplement-received",
                "2026-03-09",
            ],
            "YYYY-MM-DD",
        ),
        (["--received", "2026-03-02", "--extend", "-1"], "负数"),
        (["--received", "2026-03-02", "--extend", "-20"], "negative"),
        (["--received", "2026-03-02", "--extend", "21"], "20"),
        (["--received", "2026-03-02", "--extend", "400"], "20"),
        (["--received", "2026-03-02", "--extend", "two"], "整数"),
        (["--received", "2026-03-02", "--pause", "2026-03-10:2026-03-05"], "暂停"),
        (
            [
                "--received",
                "2026-03-02",
                "--supplement-asked",
                "2026-03-20",
                "--supplement-received",
                "2026-03-23",
            ],
            "补正",
        ),
    ],
)
def test_R3_calculator_refuses_with_a_clear_message_and_status_2(
    db: None, args: list[str], says: str
) -> None:
    with pytest.raises(CommandError) as error:
        run("deadline", *args)
    assert error.value.returncode == 2
    assert says in str(error.value)


@pytest.mark.parametrize("n", [0, 1, 19, 20])
def test_R3_calculator_accepts_every_extension_up_to_20(db: None, n: int) -> None:
    due = ref_due(D(2026, 9, 30), extension=n)
    assert run("deadline", "--received", "2026-09-30", "--extend", str(n))[-1] == f"due={due}"


@pytest.mark.parametrize(
    "args", [["--items", "-1"], ["--pages", "-5"], ["--items", "ten"], ["--pages", "1.5"]]
)
def test_R6_fee_command_refuses_bad_numbers_with_status_2(args: list[str]) -> None:
    with pytest.raises(CommandError) as error:
        run("fee", *args)
    assert error.value.returncode == 2


# --- the fee at every band edge (国办函〔2020〕109号) -------------------------------------------

ITEM_EDGES = [0, 1, 9, 10, 11, 12, 29, 30, 31, 32, 39, 40, 41, 50, 51, 60, 61, 70, 71, 100, 101]
PAGE_EDGES = [0, 1, 29, 30, 31, 32, 99, 100, 101, 102, 199, 200, 201, 202, 500, 1000]


@pytest.mark.parametrize("n", ITEM_EDGES)
def test_R6_fee_per_item_matches_the_reference_at_every_band_edge(n: int) -> None:
    assert fee_for_items(n) == ref_item_fee(n)
    assert run("fee", "--items", str(n))[-1] == f"fee={ref_item_fee(n)}"


@pytest.mark.parametrize("p", PAGE_EDGES)
def test_R6_fee_per_page_matches_the_reference_at_every_band_edge(p: int) -> None:
    assert fee_for_pages(p) == ref_page_fee(p)
    assert run("fee", "--pages", str(p))[-1] == f"fee={ref_page_fee(p)}"


def test_R6_fee_reference_values_by_hand() -> None:
    # The model itself, against sums done by hand: progressive on the excess only.
    assert [ref_item_fee(n) for n in (10, 11, 30, 31, 40, 41, 50, 51)] == [
        0, 100, 2000, 2200, 4000, 4300, 7000, 7400,
    ]  # fmt: skip
    assert [ref_page_fee(p) for p in (30, 31, 100, 101, 200, 201)] == [0, 10, 700, 720, 2700, 2740]


@settings(deadline=None, max_examples=200)
@given(already=st.integers(0, 80), more=st.integers(0, 80))
def test_R6_items_of_one_month_are_priced_by_their_rank_in_the_month(
    already: int, more: int
) -> None:
    assert fee_for_items(more, already=already) == ref_item_fee(already + more) - ref_item_fee(
        already
    )


# --- closings and the periods of others --------------------------------------------------------


@pytest.mark.parametrize("asked", [D(2026, 2, 13), D(2025, 9, 30), D(2026, 9, 30)])
def test_R4_no_supplement_by_its_period_closes_with_other_1_not_a_day_earlier(ac, asked) -> None:
    application = received(ac, asked)
    with at(asked):
        request = services.ask_supplement(
            by=ac.officer, application=application, asked_on=asked, what="请写明文号"
        )
    assert services.answer_deadline(application).status == "paused"  # the clock stops
    reply_by = request.reply_by
    assert reply_by == nth_working_day_after(received_as(asked), 15)  # the bureau's 15 days
    with pytest.raises(DomainError):
        services.close_unanswered(by=None, application=application, outcome="3.6.1", on=reply_by)
    assert services.close_expired(today=reply_by) == 0
    assert services.close_expired(today=reply_by + ONE) == 1
    application.refresh_from_db()
    assert (application.status, application.outcome) == (Status.CLOSED, "3.6.1")


@pytest.mark.parametrize(
    "notified", [D(2025, 1, 24), D(2025, 9, 26), D(2026, 2, 13), D(2026, 10, 3)]
)
def test_R6_unpaid_fee_closes_with_other_2_after_20_working_days(ac, notified) -> None:
    application = received(ac, notified)
    with at(notified):
        fee = services.send_fee_notice(
            by=ac.officer, application=application, method="pages", quantity=101,
            notified_on=notified,
        )  # fmt: skip
    assert fee.amount == ref_page_fee(101)
    # 20 working days from the day after the notice: the 20th working day after it.
    assert fee.pay_by == nth_working_day_after(notified, FEE_PAY_DAYS)
    assert services.close_expired(today=fee.pay_by) == 0
    assert services.close_expired(today=fee.pay_by + ONE) == 1
    application.refresh_from_db()
    assert (application.status, application.outcome) == (Status.CLOSED, "3.6.2")


@pytest.mark.parametrize("sent", [D(2025, 1, 24), D(2025, 9, 30), D(2026, 9, 24), D(2026, 10, 3)])
def test_R5_third_parties_have_15_working_days(ac, sent) -> None:
    application = received(ac, sent)
    with at(sent):
        consultation = services.start_consultation(
            by=ac.officer, application=application, kind="third_party", party="某公司",
            sent_on=sent,
        )  # fmt: skip
    assert consultation.answer_by == nth_working_day_after(received_as(sent), CONSULTATION_DAYS)


# --- the public API's contract (issue point 8) ------------------------------------------------


def test_R1_public_api_tracks_with_both_codes_and_a_wrong_secret_is_an_unknown_number(
    ac, client
) -> None:
    response = client.post(API, json.dumps(PAYLOAD), content_type="application/json")
    assert response.status_code == 201
    number, secret = response.json()["tracking_number"], response.json()["secret"]
    assert re.fullmatch(r"YSQ-\d{4}-\d{6}", number) and secret
    ok = client.get(f"{API}/{number}", {"secret": secret})
    assert ok.status_code == 200 and ok.json()["tracking_number"] == number
    assert ok.json()["status"] and ok.json()["timeline"]
    year = number[4:8]
    unknown = client.get(f"{API}/YSQ-{year}-999999", {"secret": secret})
    assert unknown.status_code == 404
    for wrong_number, wrong_secret in [
        (number, secret[:-1]),
        (number, secret.upper() if secret != secret.upper() else secret.lower()),
        (number, ""),
        (number, "x" * 200),
        (number.lower(), secret),
        (f"YSQ-{year}-999999", "x" * 200),
        ("YSQ-" + "9" * 30, secret),
        ("nothing", secret),
    ]:
        answer = client.get(f"{API}/{wrong_number}", {"secret": wrong_secret})
        assert (answer.status_code, answer.content) == (unknown.status_code, unknown.content), (
            wrong_number,
            wrong_secret,
        )
    assert client.get(f"{API}/{number}").content == unknown.content
