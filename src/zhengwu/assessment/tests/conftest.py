"""A hand-built ledger with known answers for the figures of 2026 (see `Ledger` below)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from zhengwu.core import clock
from zhengwu.org import services as org_services
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import PersonFactory
from zhengwu.supervision.models import (
    Feedback,
    FeedbackStatus,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    SourceKind,
    Task,
    TaskStatus,
)
from zhengwu.warnings.models import AccountabilityCase, OverdueWarning
from zhengwu.workdays.models import Deadline, DeadlineStatus, TimeLimit

# "Today" for every figure test: the first half of 2026 is over.
TODAY = dt.datetime(2026, 7, 1, 10, 0)
D = dt.date.fromisoformat


@dataclass
class Ledger:
    cast: Any
    hr: Any
    supervisor: Any
    tasks: dict[str, Task] = field(default_factory=dict)
    milestones: dict[str, Milestone] = field(default_factory=dict)
    counter: int = 0

    def task(self, key: str, unit: Any, assigned: str, *, closed: str | None = None,
             confidential: bool = False, named: tuple[Any, ...] = ()) -> Task:  # fmt: skip
        self.counter += 1
        now = clock.now()
        task = Task.objects.create(
            bureau=self.cast.bureau, number=f"DB-{self.counter:03d}", title=f"事项{key}",
            source_kind=SourceKind.OTHER, instructing_leader=self.cast.leader, lead_unit=unit,
            status=TaskStatus.CLOSED if closed else TaskStatus.IN_PROGRESS,
            assigned_on=D(assigned), closed_on=D(closed) if closed else None,
            result="已办结" if closed else "", confidential=confidential,
            created_at=now, updated_at=now,
        )  # fmt: skip
        task.named_readers.set(named)
        self.tasks[key] = task
        return task

    def milestone(self, key: str, task: Task, due: str, *, met: str | None = None,
                  cancelled: bool = False) -> Milestone:  # fmt: skip
        status = (
            MilestoneStatus.CANCELLED
            if cancelled
            else MilestoneStatus.MET
            if met
            else MilestoneStatus.OPEN
        )
        ms = Milestone.objects.create(
            task=task, kind=MilestoneKind.PROGRESS, rule_id="S-2", status=status,
            met_on=D(met) if met else None,
        )  # fmt: skip
        now = clock.now()
        ms.deadline = Deadline.objects.create(
            bureau_id=task.bureau_id, owner_type="supervision.milestone", owner_id=str(ms.pk),
            rule_id="S-2", time_limit=TimeLimit.objects.filter(rule_id="S-2").first(),
            start_date=D(due), due_date=D(due),
            status=DeadlineStatus.CANCELLED if cancelled
            else DeadlineStatus.MET if met else DeadlineStatus.OPEN,
            met_on=D(met) if met else None, created_at=now, updated_at=now,
        )  # fmt: skip
        ms.save(update_fields=["deadline"])
        self.milestones[key] = ms
        return ms

    def warning(self, key: str, level: int, raised: str) -> OverdueWarning:
        return OverdueWarning.objects.create(
            deadline=self.milestones[key].deadline, level=level, raised_on=D(raised),
            raised_at=clock.at_local(D(raised), 9), processed_at=clock.now(),
        )  # fmt: skip

    def returned(self, key: str, on: str, version: int = 1) -> Feedback:
        return Feedback.objects.create(
            milestone=self.milestones[key], version=version, text="情况报告",
            status=FeedbackStatus.RETURNED, author=self.cast.air_liaison,
            drafted_at=clock.at_local(D(on), 8), reviewed_by=self.cast.office_staff,
            reviewed_at=clock.at_local(D(on), 10), return_reason="未见人见事",
        )  # fmt: skip

    def case(self, key: str, on: str) -> AccountabilityCase:
        return AccountabilityCase.objects.create(
            deadline=self.milestones[key].deadline, bureau_id=self.cast.bureau.pk,
            subject="大气科", reason="逾期未报", opened_at=clock.at_local(D(on), 15),
            opened_by=self.supervisor,
        )  # fmt: skip


def _person(cast: Any, username: str, name: str, role: str) -> Any:
    person = PersonFactory(username=username, full_name=name, bureau=cast.bureau, unit=cast.office)
    org_services.assign_role(
        by=None, person=person, role=role, unit=None, units_in_charge=[],
        valid_from=dt.date(2020, 1, 1),
    )  # fmt: skip
    return person


@pytest.fixture
def ledger(cast: Any) -> Ledger:
    return build_ledger(cast)


def build_ledger(cast: Any) -> Ledger:
    """Known answers for 2026, as HR (not named on the confidential task T3) sees them:

    大气科 (air): items T1 (closed), T2 (open) → 2 / 1 open / 1 closed; milestones due M1 (on
    time), M2 (late), M3 (not met, past), M0 (task of 2025, due and met on time in 2026) → 4 due,
    2 on time, rate 50 %; warnings L1 ×2 (M2, M3), L2 ×1, L3 ×1; returned 1; cases 1.
    Not counted: M4 (due after today), M5 (cancelled), a warning of 2025, everything of T3.
    T3 (confidential, air_head named) adds for air_head: 1 item, 1 due on time, 1 L1 warning,
    1 return, 1 case. 水科 (water): T5 open, M7 on time → 1 item, 1 due, 100 %.
    """
    cast.hr = _person(cast, "hr", "人事科庚", Role.HR)
    supervisor = _person(cast, "supervisor", "监察室癸", Role.SUPERVISION_STAFF)
    state = Ledger(cast=cast, hr=cast.hr, supervisor=supervisor)
    with clock.frozen(TODAY):
        t0 = state.task("T0", cast.air, "2025-12-01")
        state.milestone("M0", t0, "2026-01-05", met="2026-01-04")
        state.warning("M0", 1, "2025-12-20")  # raised in 2025: not a 2026 figure
        t1 = state.task("T1", cast.air, "2026-03-02", closed="2026-04-10")
        state.milestone("M1", t1, "2026-03-05", met="2026-03-04")
        state.milestone("M2", t1, "2026-03-20", met="2026-03-23")
        state.warning("M2", 1, "2026-03-24")
        t2 = state.task("T2", cast.air, "2026-05-04")
        state.milestone("M3", t2, "2026-05-08")
        state.milestone("M4", t2, "2026-07-20")
        state.milestone("M5", t2, "2026-05-10", cancelled=True)
        state.warning("M3", 1, "2026-05-12")
        state.warning("M3", 2, "2026-05-13")
        state.warning("M3", 3, "2026-05-14")
        state.returned("M3", "2026-05-07")
        state.case("M3", "2026-05-20")
        t3 = state.task("T3", cast.air, "2026-04-01", confidential=True, named=(cast.air_head,))
        state.milestone("M6", t3, "2026-04-03", met="2026-04-03")
        state.warning("M6", 1, "2026-04-10")
        state.returned("M6", "2026-04-02")
        state.case("M6", "2026-04-15")
        t5 = state.task("T5", cast.water, "2026-02-02")
        state.milestone("M7", t5, "2026-02-06", met="2026-02-05")
    return state
