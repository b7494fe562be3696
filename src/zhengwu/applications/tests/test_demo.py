"""The demo bureau's year of applications covers every outcome row of table 3."""

from __future__ import annotations

import pytest

from zhengwu.applications import policy
from zhengwu.applications.models import Application
from zhengwu.core.demo_loader import load_demo


@pytest.mark.django_db
def test_R7_demo_has_applications_across_every_outcome_and_loads_once() -> None:
    load_demo()
    outcomes = set(Application.objects.values_list("outcome", flat=True))
    assert {o.key for o in policy.OUTCOMES} <= outcomes
    assert Application.objects.filter(outcome="").count() >= 2  # still open
    count = Application.objects.count()
    load_demo()
    assert Application.objects.count() == count
