"""S-4: plans with time nodes are submitted with future nodes and can always be approved."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.supervision import services
from zhengwu.supervision.models import (
    IssueKind,
    MilestoneKind,
    MilestoneStatus,
    Plan,
    PlanStatus,
    Task,
    TaskStatus,
)
from zhengwu.supervision.tests.helpers import MONDAY, task
from zhengwu.warnings import services as warnings
from zhengwu.warnings.models import OverdueWarning

pytestmark = pytest.mark.django_db


def _submit(cast, t, *days: dt.date):
    return services.submit_plan(
        by=cast.air_liaison, task=t, text="分阶段推进",
        nodes=[(d, f"第{i}阶段") for i, d in enumerate(days, start=1)],
    )  # fmt: skip


def test_S4_a_node_date_must_be_later_than_the_day_the_plan_is_submitted(cast):
    with clock.frozen(MONDAY):
        t = task(cast, issue_kind=IssueKind.MAJOR)
        for day in (MONDAY.date(), MONDAY.date() - dt.timedelta(days=3)):
            with pytest.raises(DomainError) as refused:
                _submit(cast, t, day, dt.date(2026, 4, 15))
            assert refused.value.code == "node_date"
            assert day.isoformat() in refused.value.message
            assert "2026-03-02" in refused.value.message
        assert not Plan.objects.filter(task=t).exists()
        t.refresh_from_db()
        assert t.status == TaskStatus.ASSIGNED
        plan = _submit(cast, t, dt.date(2026, 3, 3))  # the next day is fine
    assert plan.status == PlanStatus.SUBMITTED


def test_S4_a_node_that_passed_while_awaiting_approval_is_overdue_at_once(cast):
    with clock.frozen(MONDAY):
        t = task(cast, issue_kind=IssueKind.MAJOR)
        plan = _submit(cast, t, dt.date(2026, 3, 10), dt.date(2026, 5, 29))
        services.forward_plan(by=cast.office_staff, plan=plan)
        services.approve_plan(by=cast.director, plan=plan)
    # The leader in charge approves after the first node's date has passed.
    with clock.frozen(dt.datetime(2026, 3, 16, 10, 0)):
        plan = services.approve_plan(by=cast.leader, plan=plan)
        assert plan.status == PlanStatus.APPROVED
        t = Task.objects.get(pk=t.pk)
        assert t.status == TaskStatus.PLAN_APPROVED
        first, second = t.milestones.filter(kind=MilestoneKind.PLAN_NODE).order_by("order")
        assert first.status == MilestoneStatus.OPEN
        assert first.deadline.due_date == dt.date(2026, 3, 10)  # lateness counts from its date
        assert first.deadline.start_date == MONDAY.date()
        assert second.deadline.due_date == dt.date(2026, 5, 29)
        warnings.sweep()
    # 11, 12, 13 and 16 March: four working days overdue → every level at once; not the next node.
    levels = set(
        OverdueWarning.objects.filter(deadline=first.deadline).values_list("level", flat=True)
    )
    assert levels == {1, 2, 3}
    assert not OverdueWarning.objects.filter(deadline=second.deadline).exists()


@pytest.mark.demo
def test_S4_the_demo_plan_can_be_approved_by_both_leaders():
    from zhengwu.core.demo_loader import load_demo

    ctx = load_demo()
    pending = Plan.objects.filter(status=PlanStatus.FORWARDED).select_related("task")
    assert pending.exists()
    for plan in pending:
        services.approve_plan(by=ctx.people["director"], plan=plan)
        leader = services.leaders_in_charge_of(plan.task.lead_unit)[0]
        plan = services.approve_plan(by=leader, plan=plan)
        assert plan.status == PlanStatus.APPROVED
        nodes = plan.task.milestones.filter(kind=MilestoneKind.PLAN_NODE)
        assert nodes.count() == 3
        # The demo's waiting plan names nodes still ahead, as a plan submitted today would.
        assert all(m.deadline.due_date > clock.today() for m in nodes)
