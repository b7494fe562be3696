"""Shared set-up for the weekly-report tests: a week in November 2026 with items of the director
and of the leader in charge of the air section."""

from __future__ import annotations

import datetime as dt

from zhengwu.core import clock
from zhengwu.org.tests.factories import Cast
from zhengwu.supervision.models import Task
from zhengwu.supervision.tests.helpers import task
from zhengwu.weekly import services
from zhengwu.weekly.models import ReportKind, WeeklyReport

MONDAY = dt.datetime(2026, 11, 23, 9, 0)
FRIDAY = dt.date(2026, 11, 27)  # the report day of ISO week 48


def ledger_week(cast: Cast) -> dict[str, Task]:
    with clock.frozen(MONDAY):
        return {
            "director": task(cast, title="饮用水水源地整治", lead_unit=cast.water,
                             instructing_leader=cast.director),
            "leader": task(cast, title="扬尘专项检查", lead_unit=cast.air,
                           instructing_leader=cast.leader),
        }  # fmt: skip


def draft(cast: Cast, day: dt.date = FRIDAY) -> services.DraftResult:
    with clock.frozen(dt.datetime(day.year, day.month, day.day, 8, 0)):
        return services.draft_week(bureau=cast.bureau, day=day)


def report(cast: Cast, kind: str, leader=None) -> WeeklyReport:  # type: ignore[no-untyped-def]
    if leader is None:
        leader = cast.leader if kind == ReportKind.LEADER else cast.director
    return WeeklyReport.objects.get(bureau=cast.bureau, kind=kind, leader=leader)
