"""S-1…S-6, S-9, S-11…S-13: from a decision to a closed task, every step on record."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.notifications.models import Notification
from zhengwu.supervision import selectors, services
from zhengwu.supervision.models import (
    FeedbackStatus,
    IssueKind,
    MilestoneKind,
    MilestoneStatus,
    PlanStatus,
    TaskStatus,
)
from zhengwu.supervision.tests.helpers import MONDAY, meeting, task
from zhengwu.workdays.models import DeadlineStatus

pytestmark = pytest.mark.django_db


def _kinds(t):
    return [(m.kind, m.rule_id, m.deadline.due_date) for m in t.milestones.order_by("order")]


def test_S1_S2_S3_general_issue_gets_deployment_progress_and_implementation_milestones(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
    assert t.status == TaskStatus.ASSIGNED
    assert _kinds(t) == [
        (MilestoneKind.DEPLOYMENT, "S-1", dt.date(2026, 3, 3)),
        (MilestoneKind.PROGRESS, "S-2", dt.date(2026, 3, 4)),
        (MilestoneKind.IMPLEMENTATION, "S-3", dt.date(2026, 3, 5)),
    ]
    # Each deadline explains itself with the working-day engine's words.
    assert "2026-03-05" in t.milestones.get(rule_id="S-3").deadline.explain()


def test_S4_major_issue_gets_four_week_result_rolled_to_a_working_day(cast):
    with clock.frozen(MONDAY):
        t = task(cast, issue_kind=IssueKind.MAJOR)
    kinds = _kinds(t)
    assert [k[1] for k in kinds] == ["S-1", "S-2", "S-4"]
    assert kinds[-1][2] == dt.date(2026, 3, 30)  # 28 calendar days, a Monday


def test_S2_received_on_a_day_off_counts_from_the_next_working_day(cast):
    with clock.frozen(dt.datetime(2026, 3, 7, 10, 0)):  # Saturday
        t = task(cast)
    assert t.milestones.get(rule_id="S-1").deadline.due_date == dt.date(2026, 3, 10)


def test_S6_first_responsible_person_and_liaison_come_from_the_lead_undertaker(cast):
    t = task(cast)
    assert t.responsible_person == cast.air_head
    assert t.liaison == cast.air_liaison


def test_S9_assigning_notifies_the_undertakers_at_once(cast):
    t = task(cast, co_units=[cast.water])
    recipients = set(
        Notification.objects.filter(kind="supervision.task_assigned").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"air_head", "air_liaison", "water_head"}
    note = Notification.objects.filter(recipient=cast.air_liaison).first()
    assert t.number in note.title
    assert "研究部署反馈" in note.body or "Deployment" in note.body


def test_S9_a_meetings_decisions_become_several_tasks_in_one_go(cast):
    m = meeting(cast)
    decisions = [
        services.TaskInput(title=f"决定{i}", lead_unit=cast.air, instructing_leader=cast.director)
        for i in range(3)
    ]
    tasks = services.create_tasks(
        by=cast.office_staff, bureau=cast.bureau, decisions=decisions, meeting=m
    )
    assert [t.meeting for t in tasks] == [m, m, m]
    assert len({t.number for t in tasks}) == 3


def test_S9_one_bad_decision_creates_none(cast):
    m = meeting(cast)
    decisions = [
        services.TaskInput(title="好的", lead_unit=cast.air, instructing_leader=cast.director),
        services.TaskInput(title="坏的", lead_unit=cast.air, instructing_leader=cast.air_head),
    ]
    with pytest.raises(DomainError):
        services.create_tasks(
            by=cast.office_staff, bureau=cast.bureau, decisions=decisions, meeting=m
        )
    assert m.tasks.count() == 0


def test_S10_instructing_leader_must_be_director_or_leader(cast):
    with pytest.raises(DomainError, match=r"分管领导|leader in charge"):
        task(cast, instructing_leader=cast.water_head)


def _submitted(cast, t, text="大气科已组织检查组，张三负责，检查工地12个，整改问题5个。"):
    ms = t.milestones.get(rule_id="S-1")
    fb = services.draft_feedback(by=cast.air_liaison, milestone=ms, text=text)
    fb = services.sign_off_feedback(by=cast.air_head, feedback=fb)
    return services.check_feedback(by=cast.leader, feedback=fb)  # S-13: the leader in charge


def test_S13_the_head_signs_off_before_the_office_can_accept(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        ms = t.milestones.get(rule_id="S-1")
        fb = services.draft_feedback(by=cast.air_liaison, milestone=ms, text="已部署")
        with pytest.raises(DomainError):
            services.accept_feedback(by=cast.office_staff, feedback=fb)
        with pytest.raises(PermissionDenied):
            services.sign_off_feedback(by=cast.air_liaison, feedback=fb)
        assert not Notification.objects.filter(
            recipient=cast.office_staff, kind="supervision.feedback_submitted"
        ).exists()
        services.sign_off_feedback(by=cast.air_head, feedback=fb)
        # S-13: the leader in charge checks it next; the office hears of it only after that.
        assert Notification.objects.filter(
            recipient=cast.leader, kind="supervision.feedback_to_check"
        ).exists()
        with pytest.raises(DomainError):
            services.accept_feedback(by=cast.office_staff, feedback=fb)
        services.check_feedback(by=cast.leader, feedback=fb)
    assert Notification.objects.filter(
        recipient=cast.office_staff, kind="supervision.feedback_submitted"
    ).exists()


def test_S12_office_returns_a_report_with_a_reason_and_the_redraft_is_a_new_version(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        fb = _submitted(cast, t, text="已部署。")
        with pytest.raises(DomainError, match="见人见事、见根见效"):
            services.return_feedback(by=cast.office_staff, feedback=fb, reason="  ")
        services.return_feedback(by=cast.office_staff, feedback=fb, reason="未见人见事、见根见效")
        assert Notification.objects.filter(
            recipient=cast.air_liaison, kind="supervision.feedback_returned"
        ).exists()
        ms = fb.milestone
        v2 = services.draft_feedback(
            by=cast.air_liaison,
            milestone=ms,
            text="张三带队，查工地12个，根源是围挡不全，已整改5处。",
        )
        assert v2.version == 2
        fb.refresh_from_db()
        assert fb.status == FeedbackStatus.RETURNED  # the returned version stays on record
        services.sign_off_feedback(by=cast.air_head, feedback=v2)
        services.check_feedback(by=cast.leader, feedback=v2)
        services.accept_feedback(by=cast.office_staff, feedback=v2)
    ms.refresh_from_db()
    assert ms.status == MilestoneStatus.MET
    assert ms.deadline.status == DeadlineStatus.MET
    assert ms.deadline.met_on == MONDAY.date()


def test_S11_feedback_before_the_deadline_is_recorded_as_early(cast):
    with clock.frozen(MONDAY):
        t = task(cast, urgent=True)
        fb = _submitted(cast, t)
        services.accept_feedback(by=cast.office_staff, feedback=fb)
    assert t.urgent
    assert fb.early is True
    assert t.milestones.get(rule_id="S-1").early is True


def test_S11_feedback_on_the_due_day_is_not_early(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
    with clock.frozen(dt.datetime(2026, 3, 3, 16, 0)):
        fb = _submitted(cast, t)
    assert fb.early is False


def test_S4_plan_needs_both_director_and_leader_then_nodes_become_milestones(cast):
    with clock.frozen(MONDAY):
        t = task(cast, issue_kind=IssueKind.MAJOR)
        nodes = services.parse_nodes("2026-04-15 完成排查\n2026-05-29 完成整改")
        plan = services.submit_plan(by=cast.air_liaison, task=t, text="分两阶段推进", nodes=nodes)
        t.refresh_from_db()
        assert t.status == TaskStatus.PLAN_PENDING
        with pytest.raises(DomainError):
            services.approve_plan(by=cast.director, plan=plan)  # not forwarded yet
        services.forward_plan(by=cast.office_staff, plan=plan)
        assert (
            Notification.objects.filter(
                kind="supervision.plan_forwarded", recipient__in=[cast.director, cast.leader]
            ).count()
            == 2
        )
        services.approve_plan(by=cast.director, plan=plan)
        plan.refresh_from_db()
        assert plan.status == PlanStatus.FORWARDED  # the leader in charge has not approved yet
        with pytest.raises(PermissionDenied):
            services.approve_plan(by=cast.water_head, plan=plan)
        services.approve_plan(by=cast.leader, plan=plan)
    plan.refresh_from_db()
    t.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert t.status == TaskStatus.PLAN_APPROVED
    nodes = t.milestones.filter(kind=MilestoneKind.PLAN_NODE).order_by("order")
    assert [m.deadline.due_date for m in nodes] == [dt.date(2026, 4, 15), dt.date(2026, 5, 29)]
    assert all(m.deadline.fixed for m in nodes)
    assert t.milestones.get(kind=MilestoneKind.RESULT).status == MilestoneStatus.CANCELLED
    # Progress is reported node by node, through the same feedback flow.
    with clock.frozen(dt.datetime(2026, 4, 10, 9, 0)):
        fb = services.draft_feedback(
            by=cast.air_liaison, milestone=nodes[0], text="排查完成：李四负责，发现问题8个。"
        )
        services.sign_off_feedback(by=cast.air_head, feedback=fb)
        services.check_feedback(by=cast.leader, feedback=fb)
        services.accept_feedback(by=cast.office_staff, feedback=fb)
    assert (
        nodes[0].deadline.__class__.objects.get(pk=nodes[0].deadline_id).status
        == DeadlineStatus.MET
    )


def test_S4_a_plan_node_on_a_day_off_is_refused_with_the_next_working_day(cast):
    with clock.frozen(MONDAY):
        t = task(cast, issue_kind=IssueKind.MAJOR)
        with pytest.raises(DomainError, match="2026-04-07"):
            services.submit_plan(
                by=cast.air_liaison,
                task=t,
                text="方案",
                nodes=[(dt.date(2026, 4, 5), "清明节当天")],
            )


def test_S4_only_a_major_issue_gets_a_plan(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        with pytest.raises(DomainError, match="只有重大问题才需报送时间节点和方案"):
            services.submit_plan(
                by=cast.air_liaison, task=t, text="x", nodes=[(dt.date(2026, 4, 15), "y")]
            )


def test_S5_nothing_closes_without_a_result_and_a_closed_task_is_read_only(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        with pytest.raises(DomainError):
            services.close_task(by=cast.office_staff, task=t, result=" ")
        with pytest.raises(PermissionDenied):
            services.close_task(by=cast.air_head, task=t, result="自己销号")
        services.close_task(
            by=cast.office_staff, task=t, result="检查工地12个，整改到位。", reason="同意提前销号"
        )
        t.refresh_from_db()
        assert t.status == TaskStatus.CLOSED
        assert not t.milestones.filter(status=MilestoneStatus.OPEN).exists()
        ms = t.milestones.first()
        with pytest.raises(DomainError, match=r"reopen|重新打开"):
            services.draft_feedback(by=cast.air_liaison, milestone=ms, text="补充")
        with pytest.raises(DomainError):
            services.reopen_task(by=cast.office_staff, task=t, reason="")
        services.reopen_task(by=cast.office_staff, task=t, reason="督察组复查发现反弹")
    t.refresh_from_db()
    assert t.status == TaskStatus.IN_PROGRESS


def test_S5_the_undertakers_open_count_goes_to_zero(cast):
    a = task(cast)
    b = task(cast, title="第二项")
    counts = {
        r["unit"].pk: r["open"]
        for r in selectors.open_counts_by_unit(cast.office_staff, cast.bureau.pk)
    }
    assert counts[cast.air.pk] == 2
    for t in (a, b):
        services.close_task(by=cast.office_staff, task=t, result="完成", reason="并入其他事项")
    counts = {
        r["unit"].pk: r["open"]
        for r in selectors.open_counts_by_unit(cast.office_staff, cast.bureau.pk)
    }
    assert counts[cast.air.pk] == 0


def test_S7_every_state_change_is_on_the_timeline(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        fb = _submitted(cast, t)
        services.accept_feedback(by=cast.office_staff, feedback=fb)
        services.close_task(by=cast.office_staff, task=t, result="完成", reason="并入其他事项")
    actions = list(selectors.timeline(t).values_list("action", flat=True))
    for expected in (
        "supervision.task_created",
        "supervision.task_assigned",
        "workdays.deadline_opened",
        "supervision.feedback_drafted",
        "supervision.feedback_signed_off",
        "supervision.feedback_checked",
        "supervision.feedback_accepted",
        "workdays.deadline_met",
        "supervision.task_closed",
        "workdays.deadline_cancelled",
    ):
        assert expected in actions


def test_S7_filters_by_undertaker_leader_urgency_state_and_warning_level(cast):
    from zhengwu.workdays.models import Deadline

    with clock.frozen(MONDAY):
        air = task(cast, urgent=True)
        water = task(cast, title="河道巡查", lead_unit=cast.water, instructing_leader=cast.director)
    F = selectors.LedgerFilter
    who = cast.office_staff
    assert list(selectors.ledger(who, F(unit=cast.water.pk))) == [water]
    assert list(selectors.ledger(who, F(leader=cast.director.pk))) == [water]
    assert list(selectors.ledger(who, F(urgent=True))) == [air]
    assert set(selectors.ledger(who, F(status="open"))) == {air, water}
    assert list(selectors.ledger(who, F(q="河道"))) == [water]
    assert set(
        selectors.ledger(who, F(due_from=dt.date(2026, 3, 5), due_to=dt.date(2026, 3, 5)))
    ) == {air, water}
    assert list(selectors.ledger(who, F(due_from=dt.date(2026, 4, 1)))) == []
    # The warning sweep (issue 5) writes warning_level on the deadline; the ledger filters on it.
    Deadline.objects.filter(pk=water.milestones.first().deadline_id).update(warning_level=2)
    assert list(selectors.ledger(who, F(warning=2))) == [water]
    assert list(selectors.ledger(who, F(warning=3))) == []
    assert selectors.ledger(who, F(sort="warning")).first() == water


def test_S9_accepted_progress_report_goes_to_the_director_and_leader_in_charge(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        ms = t.milestones.get(rule_id="S-2")
        fb = services.draft_feedback(by=cast.air_liaison, milestone=ms, text="张三负责，已查12处。")
        services.sign_off_feedback(by=cast.air_head, feedback=fb)
        services.check_feedback(by=cast.leader, feedback=fb)
        services.accept_feedback(by=cast.office_staff, feedback=fb)
    told = set(
        Notification.objects.filter(kind="supervision.report_to_leaders").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"director", "leader"}
