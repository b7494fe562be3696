"""The figures per undertaker against the hand-built ledger of conftest.py (known answers)."""

from __future__ import annotations

import pytest

from zhengwu.assessment import selectors
from zhengwu.assessment.selectors import Period
from zhengwu.assessment.tests.conftest import TODAY
from zhengwu.core import clock

pytestmark = pytest.mark.django_db

YEAR = Period(2026)


def _row(person, unit, period=YEAR):  # type: ignore[no-untyped-def]
    with clock.frozen(TODAY):
        result = selectors.figures(person, period=period)
    return next(r for r in result.rows if r.unit == unit)


def test_S14_figures_per_undertaker_match_the_hand_built_ledger(ledger) -> None:
    # S-14: the confidential T3 counts for HR too (HR is not named on it).
    air = _row(ledger.hr, ledger.cast.air)
    assert (air.items, air.open, air.closed) == (3, 2, 1)
    assert (air.due, air.on_time, air.late) == (5, 3, 2)
    assert air.on_time_rate == 0.6
    assert (air.warnings_1, air.warnings_2, air.warnings_3) == (3, 1, 1)
    assert (air.returned, air.cases) == (2, 2)
    water = _row(ledger.hr, ledger.cast.water)
    assert (water.items, water.open, water.due, water.on_time_rate) == (1, 1, 1, 1.0)
    assert water.warnings == water.returned == water.cases == 0


def test_S8_on_time_rate_counts_milestones_due_in_the_period_by_their_deadline(ledger) -> None:
    # M0 (task of 2025, due 2026-01-05) counts in Q1 2026; M4 (due after today) and M5
    # (cancelled) count nowhere; with nothing due there is no rate.
    q1 = _row(ledger.hr, ledger.cast.air, Period(2026, "q1"))
    assert (q1.due, q1.on_time) == (3, 2)  # M0 on time, M1 on time, M2 late
    q3 = _row(ledger.hr, ledger.cast.air, Period(2026, "q3"))
    assert q3.due == 0 and q3.on_time_rate is None
    last_year = _row(ledger.hr, ledger.cast.air, Period(2025))
    assert (last_year.items, last_year.warnings_1, last_year.due) == (1, 1, 0)


def test_S14_confidential_task_counts_for_everyone_and_is_listed_without_its_text(ledger) -> None:
    """S-14: the figures do not depend on who reads them; S-13: whoever is not named sees the
    confidential task's rows as "机密事项", without reference, title or text."""
    named = _row(ledger.cast.air_head, ledger.cast.air)
    hr = _row(ledger.hr, ledger.cast.air)
    assert (named.items, named.open, named.due, named.on_time) == (3, 2, 5, 3)
    assert (named.warnings_1, named.returned, named.cases) == (3, 2, 2)
    assert named.as_dict() | {"unit": None} == hr.as_dict() | {"unit": None}
    secret = ledger.tasks["T3"]
    with clock.frozen(TODAY):
        for figure in ("items", "due", "warnings", "returned", "cases"):
            rows = selectors.details(ledger.hr, period=YEAR, figure=figure)
            hidden = [r for r in rows if r.task_id == secret.pk]
            assert len(hidden) == 1, figure
            row = hidden[0]
            assert row.confidential and row.title == "机密事项" and row.number == ""
            assert row.what == "" and row.note == ""
            assert "事项T3" not in str([r.as_dict() for r in rows])
        mine = selectors.details(ledger.cast.air_head, period=YEAR, figure="items")
        assert "事项T3" in {r.title for r in mine}


def test_S8_each_undertaker_sees_only_its_own_figures(ledger) -> None:
    cast = ledger.cast
    with clock.frozen(TODAY):
        assert [r.unit for r in selectors.figures(cast.water_head, period=YEAR).rows] == [
            cast.water
        ]
        assert [r.unit for r in selectors.figures(cast.air_liaison, period=YEAR).rows] == [cast.air]
        # The leader in charge of 大气科 sees that unit only; the director sees every undertaker.
        assert [r.unit for r in selectors.figures(cast.leader, period=YEAR).rows] == [cast.air]
        assert {cast.air, cast.water} <= {
            r.unit for r in selectors.figures(cast.director, period=YEAR).rows
        }
        assert selectors.details(cast.water_head, period=YEAR, figure="items",
                                 unit_id=cast.air.pk) == []  # fmt: skip


def test_S14_every_figure_lists_exactly_the_rows_behind_it(ledger) -> None:
    air = _row(ledger.hr, ledger.cast.air)
    with clock.frozen(TODAY):
        for figure in selectors.FIGURES:
            rows = selectors.details(
                ledger.hr, period=YEAR, figure=figure, unit_id=ledger.cast.air.pk
            )
            assert len(rows) == getattr(air, figure), figure
        late = selectors.details(ledger.hr, period=YEAR, figure="late", unit_id=ledger.cast.air.pk)
    assert {(r.number, r.due_date.isoformat()) for r in late} == {
        (ledger.tasks["T1"].number, "2026-03-20"),
        (ledger.tasks["T2"].number, "2026-05-08"),
    }


def test_S8_zeroing_trend_counts_closed_and_still_open_at_each_week_end(ledger) -> None:
    with clock.frozen(TODAY):
        trend = {
            end.isoformat(): (closed, still_open)
            for end, closed, still_open in selectors.zeroing_trend(ledger.hr, period=YEAR, weeks=20)
        }
    # T5 (02-02) and T1 (03-02) assigned; T3 (confidential, counted) 04-01; T1 closed on 04-10;
    # T2 assigned 05-04.
    assert trend["2026-03-08"] == (0, 2)
    assert trend["2026-04-12"] == (1, 2)
    assert trend["2026-05-10"] == (1, 3)
    assert trend["2026-07-05"] == (1, 3)


def test_S8_warnings_by_month_over_the_visible_undertakers(ledger) -> None:
    with clock.frozen(TODAY):
        months = dict(selectors.warnings_by_month(ledger.hr, period=YEAR))
    assert months["m03"] == {1: 1}
    assert months["m05"] == {1: 1, 2: 1, 3: 1}
    assert months["m04"] == {1: 1}  # the confidential task's warning counts (S-14)


def test_S14_figures_take_a_fixed_number_of_queries(ledger, django_assert_max_num_queries) -> None:
    with clock.frozen(TODAY):
        selectors.figures(ledger.hr, period=YEAR)  # warm the role cache
        with django_assert_max_num_queries(8):
            selectors.figures(ledger.hr, period=YEAR)
        for i in range(10):
            ledger.task(f"X{i}", ledger.cast.water, "2026-06-01")
        with django_assert_max_num_queries(8):
            selectors.figures(ledger.hr, period=YEAR)


def test_S14_bad_year_or_period_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="年份"):
        selectors.parse_period("20x6")
    with pytest.raises(ValueError):
        selectors.parse_period("2026", "q9")
    assert selectors.parse_period("2026", "h2").start.isoformat() == "2026-07-01"
    assert selectors.parse_period("2026", "q1").end.isoformat() == "2026-03-31"
