"""Shared set-up for ledger tests: a Monday to work on, and a task made the office's way."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhengwu.org.tests.factories import Cast
from zhengwu.supervision import services
from zhengwu.supervision.models import IssueKind, Meeting, MeetingType, Task

# Monday 2 March 2026, an ordinary working week (the seeded 2026 calendar).
MONDAY = dt.datetime(2026, 3, 2, 9, 0)


def meeting(cast: Cast) -> Meeting:
    return services.record_meeting(
        by=cast.office_staff,
        bureau=cast.bureau,
        meeting_type=MeetingType.DIRECTOR_OFFICE,
        held_on=MONDAY.date(),
        title="局长办公会（2026年第5次）",
        minutes="研究大气污染防治工作。",
    )


def task(cast: Cast, **overrides: Any) -> Task:
    data = {
        "title": "开展建筑工地扬尘专项检查",
        "content": "对全市在建工地开展扬尘治理“六个百分百”专项检查。",
        "lead_unit": cast.air,
        "instructing_leader": cast.leader,
        "issue_kind": IssueKind.GENERAL,
    }
    data.update(overrides)
    return services.create_task(
        by=cast.office_staff, bureau=cast.bureau, data=services.TaskInput(**data)
    )
