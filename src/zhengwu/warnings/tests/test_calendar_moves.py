"""A calendar change that moves an open deadline notifies its owners (issue 3, recompute)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengwu.notifications.models import Notification
from zhengwu.warnings.tests.conftest import OWNER
from zhengwu.workdays import services as workdays

pytestmark = pytest.mark.django_db


def test_S3_deadline_moved_by_a_new_holiday_notifies_its_owners(
    items, cast, django_capture_on_commit_callbacks
) -> None:
    deadline = workdays.open_deadline(
        by=None, owner=(OWNER, 500), rule_id="S-3", start=dt.date(2026, 3, 2)
    )
    assert deadline.due_date == dt.date(2026, 3, 5)
    with django_capture_on_commit_callbacks(execute=True):
        workdays.set_calendar_day(
            by=cast.admin, day=dt.date(2026, 3, 4), is_workday=False, name="测试假日"
        )
    notes = Notification.objects.filter(kind="workdays.deadline_moved").order_by("recipient")
    assert {n.recipient for n in notes} == {cast.air_liaison, cast.air_head}
    assert all("2026-03-05" in n.body and "2026-03-06" in n.body for n in notes)
    assert all("测试事项500" in n.title for n in notes)


def test_confidential_deadline_moves_are_told_only_to_named_people(
    items, cast, django_capture_on_commit_callbacks
) -> None:
    items.confidential.add("501")
    workdays.open_deadline(by=None, owner=(OWNER, 501), rule_id="S-3", start=dt.date(2026, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        workdays.set_calendar_day(by=cast.admin, day=dt.date(2026, 3, 4), is_workday=False)
    recipients = set(
        Notification.objects.filter(kind="workdays.deadline_moved").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"air_head"}
