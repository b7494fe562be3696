from __future__ import annotations

import datetime as dt

import pytest

from zhengwu.workdays import owners, services

pytestmark = pytest.mark.django_db


def test_owner_registry_answers_for_registered_types(cast) -> None:
    owners.register_owner(
        "test.owner",
        recipients=lambda d: [cast.air_liaison],
        describe=lambda d: f"事项{d.owner_id}",
        url=lambda d: f"/x/{d.owner_id}",
        visible_to=lambda d, person: person == cast.air_liaison,
    )
    deadline = services.open_deadline(
        by=None, owner=("test.owner", 5), rule_id="S-1", start=dt.date(2026, 3, 2)
    )
    handler = owners.owner_of(deadline)
    assert handler is not None
    assert handler.recipients(deadline) == [cast.air_liaison]
    assert handler.describe(deadline) == "事项5"
    assert handler.contacts(deadline) == []
    assert handler.visible_to(deadline, cast.air_liaison)
    assert not handler.visible_to(deadline, cast.water_head)
    other = services.open_deadline(
        by=None, owner=("unknown.owner", 1), rule_id="S-1", start=dt.date(2026, 3, 2)
    )
    assert owners.owner_of(other) is None
