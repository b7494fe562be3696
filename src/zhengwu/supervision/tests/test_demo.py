"""The demo ledger: dozens of tasks in every state, one confidential, loaded idempotently."""

from __future__ import annotations

import pytest

from zhengwu.core.demo_loader import load_demo
from zhengwu.supervision import selectors
from zhengwu.supervision.models import Feedback, FeedbackStatus, Task, TaskStatus

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_S7_demo_ledger_has_every_state_and_loads_idempotently():
    ctx = load_demo()
    count = Task.objects.count()
    assert count >= 30
    assert set(Task.objects.values_list("status", flat=True)) == set(TaskStatus.values)
    assert set(Feedback.objects.values_list("status", flat=True)) == set(FeedbackStatus.values)
    secret = Task.objects.get(confidential=True)
    assert not selectors.can_see(ctx.people["deputy_zhao"], secret)
    assert selectors.can_see(ctx.people["enforce_liaison"], secret)
    overdue = selectors.home_summary(ctx.people["office_zhou"])["overdue"]
    assert overdue >= 4
    load_demo()
    assert Task.objects.count() == count
