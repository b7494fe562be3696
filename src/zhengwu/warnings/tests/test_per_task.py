"""S-8: one phone call and one key-list entry per task and level, listing its overdue milestones."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.test import Client

from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.supervision.tests.helpers import MONDAY, task
from zhengwu.warnings import selectors, services
from zhengwu.warnings.models import (
    KeySupervisionItem,
    OverdueWarning,
    PhoneCall,
    PhoneReminder,
    PhoneReminderStatus,
)

pytestmark = pytest.mark.django_db

# S-1, S-2, S-3 of a task assigned on MONDAY fall due on 3, 4 and 5 March.
SWEEP = dt.datetime(2026, 3, 11, 10, 0)


def _sweep(at: dt.datetime) -> None:
    with clock.frozen(at):
        services.sweep()
        services.process_all_new_warnings()


def test_S8_one_call_row_and_one_key_entry_per_task_listing_its_overdue_milestones(cast):
    with clock.frozen(MONDAY):
        first = task(cast)
        second = task(cast, title="第二项", lead_unit=cast.water)
    _sweep(SWEEP)
    assert OverdueWarning.objects.filter(level=2).count() == 6  # per milestone, as before
    calls = selectors.phone_worklist(cast.office_staff)
    assert sorted(r.subject_id for r in calls) == sorted([str(first.pk), str(second.pk)])
    row = next(r for r in calls if r.subject_id == str(first.pk))
    assert first.number in row.what
    assert [i["label"] for i in row.items] == ["研究部署反馈", "办理情况反馈", "落实情况报告"]
    assert [i["due_date"] for i in row.items] == [dt.date(2026, 3, d) for d in (3, 4, 5)]
    keys = selectors.key_items(cast.office_staff)
    assert sorted(r.subject_id for r in keys) == sorted([str(first.pk), str(second.pk)])
    assert all(len(r.items) == 3 for r in keys)
    # Reruns and later sweeps add no row.
    _sweep(SWEEP)
    _sweep(SWEEP + dt.timedelta(days=1))
    assert PhoneReminder.objects.count() == 2
    assert KeySupervisionItem.objects.count() == 2


def test_S8_a_milestone_overdue_later_joins_the_open_call_row(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
    # 6 March: S-1 (due 3 March) is 3 working days overdue, S-3 (due 5 March) only one.
    _sweep(dt.datetime(2026, 3, 6, 10, 0))
    rows = selectors.phone_worklist(cast.office_staff)
    assert len(rows) == 1 and [i["label"] for i in rows[0].items] == ["研究部署反馈"]
    _sweep(SWEEP)
    rows = selectors.phone_worklist(cast.office_staff)
    assert len(rows) == 1 and rows[0].subject_id == str(t.pk)
    assert len(rows[0].items) == 3


def test_S8_the_call_is_recorded_against_the_task(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
    _sweep(SWEEP)
    reminder = PhoneReminder.objects.get()
    with clock.frozen(SWEEP + dt.timedelta(hours=1)):
        services.record_call(
            by=cast.office_staff, reminder=reminder, callee="大气科联络员",
            callee_phone="13900000000", called_at=clock.now(), summary="承诺明日报送三份报告",
        )  # fmt: skip
    reminder.refresh_from_db()
    assert reminder.status == PhoneReminderStatus.CALLED
    event = Event.objects.get(action=services.Actions.PHONE_CALL_RECORDED)
    assert (event.object_type, event.object_id) == ("supervision.task", str(t.pk))
    assert len(event.after["items"]) == 3
    client = Client()
    client.force_login(cast.office_staff)
    page = client.get(f"/supervision/tasks/{t.pk}/").content.decode()
    assert "承诺明日报送三份报告" in page or "电话催办" in page
    assert PhoneCall.objects.get().reminder == reminder
    # After the call, a new overdue level on the task opens a new row (the old one is done).
    assert selectors.phone_worklist(cast.office_staff) == []


def test_S8_existing_rows_are_merged_per_task(cast):
    """The migration: three open rows of one task (one per milestone) become one."""
    with clock.frozen(MONDAY):
        t = task(cast)
    with clock.frozen(SWEEP):
        services.sweep()
    now = clock.now()
    for n, warning in enumerate(OverdueWarning.objects.filter(level=2).order_by("pk")):
        PhoneReminder.objects.create(
            deadline=warning.deadline, warning=warning, bureau_id=cast.bureau.pk,
            subject_type="old", subject_id=str(n), created_at=now,
        )  # fmt: skip
    migration = importlib.import_module(
        "zhengwu.warnings.migrations.0005_one_call_and_key_item_per_task"
    )
    migration.one_row_per_task(apps, None)
    row = PhoneReminder.objects.get()
    assert (row.subject_type, row.subject_id, row.level) == ("supervision.task", str(t.pk), 2)
    assert row.warnings.count() == 3


def test_S8_the_api_lists_one_row_per_task_with_its_milestones(cast):
    with clock.frozen(MONDAY):
        task(cast)
    _sweep(SWEEP)
    client = Client()
    client.force_login(cast.office_staff)
    rows = client.get("/api/v1/warnings/phone-reminders").json()
    assert len(rows) == 1
    assert len(rows[0]["items"]) == 3 and rows[0]["due_date"] == "2026-03-03"
    keys = client.get("/api/v1/warnings/key-items").json()
    assert len(keys) == 1 and len(keys[0]["items"]) == 3
