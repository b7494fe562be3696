"""S-5, S-8, S-14: closing a task never hides lateness."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from zhengwu.assessment import selectors as figures
from zhengwu.assessment.selectors import Period
from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.org import services as org_services
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import PersonFactory
from zhengwu.supervision import services
from zhengwu.supervision.models import MilestoneStatus, Task, TaskStatus
from zhengwu.supervision.tests.helpers import MONDAY, task
from zhengwu.warnings import selectors as worklists
from zhengwu.warnings import services as warnings
from zhengwu.warnings.models import (
    KeyItemStatus,
    KeySupervisionItem,
    PhoneReminder,
    PhoneReminderStatus,
)

pytestmark = pytest.mark.django_db

# S-1, S-2 and S-3 of a task assigned on MONDAY are due 3, 4 and 5 March; on 11 March all three
# are more than three working days overdue.
SWEEP = dt.datetime(2026, 3, 11, 10, 0)
CLOSE = dt.datetime(2026, 3, 12, 10, 0)


def _hr(cast):  # type: ignore[no-untyped-def]
    person = PersonFactory(
        username="hr", full_name="人事科庚", bureau=cast.bureau, unit=cast.office
    )
    org_services.assign_role(
        by=None, person=person, role=Role.HR, unit=None, units_in_charge=[],
        valid_from=dt.date(2020, 1, 1),
    )  # fmt: skip
    return person


def _overdue_task(cast) -> Task:  # type: ignore[no-untyped-def]
    with clock.frozen(MONDAY):
        t = task(cast)
    with clock.frozen(SWEEP):
        warnings.sweep()
        warnings.process_all_new_warnings()
    return t


def _air(cast, person):  # type: ignore[no-untyped-def]
    with clock.frozen(CLOSE):
        rows = figures.figures(person, period=Period(2026)).rows
    return next(r for r in rows if r.unit.pk == cast.air.pk)


def test_S5_closing_with_reports_owed_needs_a_reason_and_records_them_as_missed(cast):
    t = _overdue_task(cast)
    with clock.frozen(CLOSE):
        with pytest.raises(DomainError) as refused:
            services.close_task(by=cast.office_staff, task=t, result="已办结")
        assert refused.value.code == "reason"
        t.refresh_from_db()
        assert t.status == TaskStatus.ASSIGNED
        assert set(t.milestones.values_list("status", flat=True)) == {MilestoneStatus.OPEN}
        services.close_task(
            by=cast.office_staff, task=t, result="已办结", reason="承办单位已口头汇报，领导同意销号"
        )
    t.refresh_from_db()
    assert t.status == TaskStatus.CLOSED
    assert t.closing_reason == "承办单位已口头汇报，领导同意销号"
    assert set(t.milestones.values_list("status", flat=True)) == {MilestoneStatus.MISSED}
    assert not t.milestones.filter(status=MilestoneStatus.CANCELLED).exists()


def test_S14_closing_keeps_the_lateness_in_every_figure(cast):
    t = _overdue_task(cast)
    hr = _hr(cast)
    before = {p.pk: _air(cast, p) for p in (cast.office_staff, hr, cast.air_head)}
    assert before[hr.pk].due == 3 and before[hr.pk].late == 3
    with clock.frozen(CLOSE):
        services.close_task(by=cast.office_staff, task=t, result="已办结", reason="领导同意销号")
    for person in (cast.office_staff, hr, cast.air_head):
        after = _air(cast, person)
        was = before[person.pk]
        assert (after.due, after.on_time, after.late) == (was.due, was.on_time, was.late)
        assert after.on_time_rate == was.on_time_rate
        assert after.closed == 1 and after.open == 0
    with clock.frozen(CLOSE):
        late = figures.details(hr, period=Period(2026), figure="late")
    assert [r.number for r in late] == [t.number] * 3


def test_S8_closing_resolves_the_tasks_phone_reminder_and_key_list_entry(cast):
    t = _overdue_task(cast)
    assert len(worklists.phone_worklist(cast.office_staff)) == 1
    assert len(worklists.key_items(cast.office_staff)) == 1
    with clock.frozen(CLOSE):
        services.close_task(by=cast.office_staff, task=t, result="已办结", reason="领导同意销号")
    assert worklists.phone_worklist(cast.office_staff) == []
    assert worklists.key_items(cast.office_staff) == []
    reminder = PhoneReminder.objects.get()
    assert reminder.status == PhoneReminderStatus.RESOLVED
    assert "已办结" in reminder.outcome and "领导同意销号" in reminder.outcome
    item = KeySupervisionItem.objects.get()
    assert item.status == KeyItemStatus.CLOSED
    assert item.closed_by == cast.office_staff
    assert "已办结" in item.outcome
    # A later sweep raises nothing on the closed task.
    with clock.frozen(CLOSE + dt.timedelta(days=7)):
        assert warnings.sweep().total == 0


def test_S5_closing_through_the_page_and_the_api_asks_for_the_reason(cast):
    t = _overdue_task(cast)
    client = Client()
    client.force_login(cast.office_staff)
    with clock.frozen(CLOSE):
        page = client.get(f"/supervision/tasks/{t.pk}/")
        assert 'name="reason"' in page.content.decode()
        response = client.post(
            f"/api/v1/supervision/tasks/{t.pk}/close",
            data=json.dumps({"result": "已办结"}),
            content_type="application/json",
        )
        assert response.status_code == 400
        t.refresh_from_db()
        assert not t.is_closed
        client.post(f"/supervision/tasks/{t.pk}/close/", {"result": "已办结", "reason": "同意"})
    t.refresh_from_db()
    assert t.is_closed
    assert t.milestones.filter(status=MilestoneStatus.MISSED).count() == 3


def test_S5_a_task_whose_reports_are_all_met_closes_without_a_reason(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        for m in t.milestones.order_by("order"):
            fb = services.draft_feedback(
                by=cast.air_liaison, milestone=m, text="张三负责，已完成。"
            )
            services.sign_off_feedback(by=cast.air_head, feedback=fb)
            services.check_feedback(by=cast.leader, feedback=fb)
            services.accept_feedback(by=cast.office_staff, feedback=fb)
        services.close_task(by=cast.office_staff, task=t, result="已办结")
    t.refresh_from_db()
    assert t.is_closed and t.closing_reason == ""
    assert set(t.milestones.values_list("status", flat=True)) == {MilestoneStatus.MET}
