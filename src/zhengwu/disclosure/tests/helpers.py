"""Test set-up for disclosure: the cast plus a disclosure officer and a confidentiality reviewer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zhengwu.core import clock
from zhengwu.disclosure import services
from zhengwu.disclosure.models import Category, InformationItem
from zhengwu.org import services as org_services
from zhengwu.org.models import Person, Role
from zhengwu.org.tests.factories import Cast, PersonFactory, make_cast


@dataclass
class DisclosureCast:
    cast: Cast
    officer: Person  # the office staff member, also the disclosure officer
    reviewer: Person

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cast, name)


def make_disclosure_cast(cast: Cast | None = None) -> DisclosureCast:
    cast = cast or make_cast()
    start = dt.date(2020, 1, 1)
    org_services.assign_role(
        by=None, person=cast.office_staff, role=Role.DISCLOSURE_OFFICER, unit=None,
        units_in_charge=[], valid_from=start,
    )  # fmt: skip
    reviewer = PersonFactory(
        username="reviewer", full_name="保密审查员癸", bureau=cast.bureau, unit=cast.office
    )
    org_services.assign_role(
        by=None, person=reviewer, role=Role.CONFIDENTIALITY_REVIEWER, unit=None,
        units_in_charge=[], valid_from=start,
    )  # fmt: skip
    for person in (cast.office_staff, reviewer):
        if hasattr(person, "_zhengwu_roles_cache"):
            delattr(person, "_zhengwu_roles_cache")
    return DisclosureCast(cast=cast, officer=cast.office_staff, reviewer=reviewer)


def category(code: str = "R20-13") -> Category:
    return Category.objects.get(code=code)


def draft(dc: DisclosureCast, *, title: str = "关于2026年大气污染防治工作的通知", **fields: Any):
    fields.setdefault("formed_on", clock.today())
    fields.setdefault("body", "为进一步改善空气质量，现就大气污染防治重点工作通知如下。")
    return services.create_item(
        by=dc.air_liaison, bureau=dc.bureau, title=title, category=category(), **fields
    )


def publish(dc: DisclosureCast, item: InformationItem, **kwargs: Any) -> InformationItem:
    """Run an item through every gate: review, sign-offs, approval, publication."""
    services.submit_for_review(by=item.author, item=item)
    services.review_item(by=dc.reviewer, item=item, conclusion="passed")
    item.refresh_from_db()
    for signoff in item.signoffs.all():
        head = dc.water_head if signoff.unit_id == dc.water.pk else dc.air_head
        services.sign_off(by=head, signoff=signoff, confirm=True)
    services.approve_item(by=dc.leader, item=item)
    services.publish_item(by=dc.officer, item=item, **kwargs)
    item.refresh_from_db()
    return item
