"""The demo gives every dashboard figures to show (`make run`)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengwu.assessment import selectors
from zhengwu.assessment.selectors import Period
from zhengwu.core import clock
from zhengwu.core.demo_loader import load_demo
from zhengwu.warnings.models import AccountabilityCase, OverdueWarning

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


# Late in a year (the believability test's Friday: one recording of the demo serves both), so the
# demo's tasks, dated up to 30 days back, all fall in the year shown.
LATE_IN_THE_YEAR = dt.datetime(2026, 11, 27, 10, 0)


@clock.frozen(LATE_IN_THE_YEAR)
def test_S14_demo_dashboards_and_assessment_are_not_empty() -> None:
    ctx = load_demo()
    period = Period(clock.today().year)
    total = selectors.figures(ctx.people["hr_head"], period=period).total
    assert total.items > 20 and total.closed > 0 and total.open > 0 and total.due > 0
    assert total.warnings > 0 and total.returned > 0 and total.cases >= 1
    assert len({w.raised_on for w in OverdueWarning.objects.all()}) > 1  # a history, not one day
    counts = (OverdueWarning.objects.count(), AccountabilityCase.objects.count())
    load_demo()
    assert (OverdueWarning.objects.count(), AccountabilityCase.objects.count()) == counts
    air = selectors.figures(ctx.people["air_head"], period=period).rows
    assert [r.unit.name for r in air] == [ctx.units["air"].name]
