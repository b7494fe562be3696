"""Demo: give the dashboards a history. The ledger's demo tasks were dated in the past; sweeping as
of each working day of the last six weeks raises the warnings on the days they would have been
raised, and the supervision office opens (and concludes) an accountability case. Idempotent: the
sweep never raises a warning twice, and the cases are opened only once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhengwu.core import clock
from zhengwu.core.demo_loader import DemoContext
from zhengwu.supervision.models import Milestone, MilestoneStatus, Task
from zhengwu.warnings import services as warnings
from zhengwu.warnings.models import AccountabilityCase, KeySupervisionItem
from zhengwu.workdays.selectors import current_calendar

HISTORY_DAYS = 42


def load_transport(ctx: DemoContext) -> None:
    """The second bureau: its warnings history (the sweep covers every bureau's deadlines)."""
    if ctx.bureau is not None:
        _sweep_history()


def load(ctx: DemoContext) -> None:
    supervisor = ctx.people.get("supervisor")
    if ctx.bureau is None or supervisor is None:
        return
    _sweep_history()
    _open_cases(ctx, supervisor)


def _sweep_history() -> None:
    calendar = current_calendar()
    today = clock.today()
    for back in range(HISTORY_DAYS, -1, -1):
        day = today - dt.timedelta(days=back)
        if calendar.is_workday(day):
            moment = min(clock.at_local(day, 8, 30), clock.now())
            warnings.sweep(at=moment)
            # S-8: each day's warnings are followed up that day, so a phone reminder or a key
            # supervision entry is dated with the warning that opened it (not the loading day).
            with clock.frozen(moment):
                warnings.process_all_new_warnings()


def _open_cases(ctx: DemoContext, supervisor: Any) -> None:
    today = clock.today()
    if AccountabilityCase.objects.filter(bureau_id=ctx.bureau.pk).exists():
        return
    # S-14: one case from a key supervision item (concluded), one directly from a task.
    item = KeySupervisionItem.objects.filter(bureau_id=ctx.bureau.pk).order_by("pk").first()
    if item is not None:
        case = warnings.open_accountability_case(
            by=supervisor, on=item, subject="承办科室负责人",
            reason="事项超期3个工作日以上仍未反馈，列入督查重点事项。",
        )  # fmt: skip
        warnings.conclude_accountability_case(
            by=supervisor, case=case, outcome="约谈承办科室负责人，责令限期整改。"
        )
    overdue = (
        Milestone.objects.filter(
            task__in=Task.objects.filter(bureau=ctx.bureau, confidential=False),
            status=MilestoneStatus.OPEN,
            deadline__due_date__lt=today,
        )
        .exclude(deadline_id__in=AccountabilityCase.objects.values("deadline_id"))
        .select_related("deadline")
        .order_by("deadline__due_date", "pk")
        .first()
    )
    if overdue is not None:
        warnings.open_accountability_case(
            by=supervisor, on=overdue, subject="承办科室联络员",
            reason="未按时限报送进展情况，经电话催办仍未反馈。",
        )  # fmt: skip
