"""Clocks say what they do: an event on a day off is counted from the next working day and the
explanation says so (S-1…S-3, R-3, D-7); the commands answer absurd input with a clear message and
exit status 2, never a traceback."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from zhengwu.workdays import selectors
from zhengwu.workdays.engine import DateOutOfRange, WorkCalendar

pytestmark = pytest.mark.django_db

D = dt.date


def _run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("rule", ["S-1", "S-2", "S-3", "R-3", "D-7"])
def test_S1_an_event_on_a_day_off_is_counted_from_the_next_working_day_and_says_so(
    rule: str,
) -> None:
    # 2026-10-03 is a Saturday of the National Day holiday; 10-08 is the first working day after.
    result = selectors.compute(rule, D(2026, 10, 3))
    assert result.counting_from == D(2026, 10, 8)
    text = result.explain()
    assert "2026-10-03为休息日，自2026-10-08起算" in text
    assert "自2026-10-03起" not in text
    assert f"至{result.due_date.isoformat()}止" in text
    # on a working day nothing is said about days off
    assert "休息日" not in selectors.compute(rule, D(2026, 10, 9)).explain()


def test_R3_the_api_explanation_says_when_the_count_starts(cast) -> None:
    client = Client()
    client.force_login(cast.air_liaison)
    r = client.get("/api/v1/workdays/compute", {"rule": "R-3", "start": "2026-10-03"})
    assert r.status_code == 200
    assert "2026-10-03为休息日，自2026-10-08起算" in r.json()["explanation"]


def test_D7_explanation_of_a_stored_deadline_says_when_the_count_starts(cast) -> None:
    from zhengwu.workdays import services

    deadline = services.open_deadline(
        by=None, owner=("test.item", 1), rule_id="D-7", start=D(2026, 10, 3)
    )
    assert "2026-10-03为休息日，自2026-10-08起算" in selectors.explain_deadline(deadline)


@pytest.mark.parametrize(
    "args,message",
    [
        (("add", "9999-12-31", "5"), "9999-12-31"),
        (("add", "0001-01-01", "5"), "0001-01-01"),
        (("add", "2026-09-30", "1000000"), "1000"),
        (("add", "2026-09-30", "-1"), "N"),
        (("between", "2026-10-09", "2026-10-01"), "早于"),
        (("between", "2026-10-01", "9999-12-31"), "9999-12-31"),
        (("is-workday", "9999-12-31"), "9999-12-31"),
        (("add", "2026-02-30", "1"), "YYYY-MM-DD"),
    ],
)
def test_foundation_workdays_command_refuses_absurd_input_with_status_2(args, message) -> None:
    with pytest.raises(CommandError, match=message) as refused:
        _run(*args)
    assert refused.value.returncode == 2


def test_foundation_workdays_command_still_answers_ordinary_questions() -> None:
    assert _run("add", "2026-09-30", "1000").strip().startswith("2030-")
    assert _run("between", "2026-10-01", "2026-10-09").strip() == "2"
    assert _run("between", "2026-10-01", "2026-10-01").strip() == "0"


def test_foundation_the_engine_says_when_a_date_is_out_of_range() -> None:
    cal = WorkCalendar({})
    with pytest.raises(DateOutOfRange):
        cal.add_workdays(D(9999, 12, 31), 5)
    with pytest.raises(DateOutOfRange):
        cal.add_calendar_days_rolled(D(9999, 12, 20), 28)
    with pytest.raises(OverflowError):  # what callers catching OverflowError rely on
        cal.add_workdays(D(9999, 12, 31), 1)


def test_foundation_the_api_refuses_a_far_date_with_a_message(cast) -> None:
    client = Client()
    client.force_login(cast.air_liaison)
    r = client.get("/api/v1/workdays/compute", {"rule": "S-4", "start": "9999-12-30"})
    # a 4xx with a message (the API's bounded date type answers 422, the engine 400)
    assert 400 <= r.status_code < 500 and r.json()["detail"]
    r = client.get("/api/v1/workdays/add", {"date": "9999-12-31", "n": 5})
    assert 400 <= r.status_code < 500 and r.json()["detail"]
