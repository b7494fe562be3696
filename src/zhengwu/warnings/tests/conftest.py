"""A test owner type standing in for the ledger (which registers its own in its app)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from zhengwu.org import services as org_services
from zhengwu.org.models import Role
from zhengwu.workdays import owners
from zhengwu.workdays import services as deadlines

OWNER = "test.item"


@dataclass
class Items:
    cast: Any
    confidential: set[str] = field(default_factory=set)
    counter: int = 0

    def deadline(self, due: dt.date, *, rule_id: str = "S-1", start: dt.date | None = None) -> Any:
        """An open deadline of a test item, due on `due` (a working day)."""
        self.counter += 1
        return deadlines.open_fixed_deadline(
            by=None,
            owner=(OWNER, self.counter),
            rule_id=rule_id,
            start=start or due,
            due_date=due,
            bureau_id=self.cast.bureau.pk,
        )


@pytest.fixture
def items(cast: Any) -> Iterator[Items]:
    state = Items(cast=cast)

    def visible(deadline: Any, person: Any) -> bool:
        if deadline.owner_id in state.confidential:
            return person.pk in {cast.air_head.pk, cast.director.pk}
        return True

    owners.register_owner(
        OWNER,
        recipients=lambda d: [cast.air_liaison, cast.air_head],
        describe=lambda d: f"测试事项{d.owner_id}",
        url=lambda d: f"/staff/?item={d.owner_id}",
        contacts=lambda d: [(cast.air_liaison, cast.air_liaison.mobile)],
        visible_to=visible,
    )
    yield state


@pytest.fixture
def supervisor(cast: Any) -> Any:
    """A member of the supervision office (监察室)."""
    from zhengwu.org.tests.factories import PersonFactory

    person = PersonFactory(username="supervisor", full_name="监察室癸", bureau=cast.bureau,
                           unit=cast.office)  # fmt: skip
    org_services.assign_role(
        by=None, person=person, role=Role.SUPERVISION_STAFF, unit=None, units_in_charge=[],
        valid_from=dt.date(2020, 1, 1),
    )  # fmt: skip
    return person
