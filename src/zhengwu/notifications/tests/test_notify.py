from __future__ import annotations

import pytest
from django.db import transaction

from zhengwu.notifications import selectors, services

pytestmark = pytest.mark.django_db


def test_S9_notify_puts_one_message_in_each_inbox(cast) -> None:
    with transaction.atomic():
        services.notify(
            recipients=[cast.air_head, cast.air_liaison, cast.air_head],
            kind="test.assigned",
            title="新的督办事项",
            url="/staff/",
        )
    assert selectors.unread_count(cast.air_head) == 1
    assert selectors.unread_count(cast.air_liaison) == 1
    assert selectors.unread_count(cast.water_head) == 0
    note = selectors.inbox(cast.air_head).get()
    assert services.mark_read(person=cast.air_head, notification_ids=[note.pk]) == 1
    assert selectors.unread_count(cast.air_head) == 0


def test_inactive_people_are_not_notified(cast) -> None:
    cast.air_head.is_active = False
    cast.air_head.save()
    with transaction.atomic():
        created = services.notify(recipients=[cast.air_head], kind="t", title="x")
    assert created == []
