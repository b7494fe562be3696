"""Who sees which items of the register: one rule (`selectors.visible_items`) for pages and API."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengwu.disclosure import selectors, services
from zhengwu.disclosure.models import Attribute
from zhengwu.disclosure.tests.helpers import category, draft, publish
from zhengwu.org import services as org_services
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import BureauFactory, OrgUnitFactory, PersonFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure"


def with_role(role: str, *, bureau, unit=None, **kwargs):
    person = PersonFactory(bureau=bureau, unit=unit, **kwargs)
    org_services.assign_role(
        by=None, person=person, role=role, unit=None, units_in_charge=[],
        valid_from=dt.date(2020, 1, 1), bureau=bureau,
    )  # fmt: skip
    return person


def answers(client, person, item) -> tuple[int, int, bool, bool]:
    """(item page, API item, in the register page, in the API list) as `person` sees them."""
    client.force_login(person)
    page = client.get(f"/staff/disclosure/{item.pk}/").status_code
    api = client.get(f"{API}/items/{item.pk}").status_code
    register = item.title in client.get("/staff/disclosure/").content.decode()
    listed = item.pk in [row["id"] for row in client.get(f"{API}/items").json()]
    return page, api, register, listed


def test_D10_unpublished_items_only_for_those_whose_role_needs_them(dc, client) -> None:
    in_review = draft(dc, title="关于水源地保护的通知（送审稿）", concerned_units=[dc.water])
    services.submit_for_review(by=in_review.author, item=in_review)
    withheld = services.create_item(
        by=dc.office_staff, bureau=dc.bureau, title="局党组会议研究督察整改工作的会议纪要",
        category=category(), formed_on=dt.date(2026, 10, 9), attribute=Attribute.WITHHELD,
        withhold_reason="internal_affairs",
    )  # fmt: skip
    published = publish(dc, draft(dc, title="关于扬尘治理的通告"))
    hr = with_role(Role.HR, bureau=dc.bureau, unit=dc.office)

    readers = [dc.air_liaison, dc.officer, dc.reviewer, dc.director, dc.leader, dc.water_head]
    for person in readers:
        assert answers(client, person, in_review) == (200, 200, True, True), person
    for person in (dc.officer, dc.reviewer, dc.director, dc.leader):
        assert answers(client, person, withheld) == (200, 200, True, True), person
    # HR, the auditor, another section and an account without a role: only what is published.
    for person in (hr, dc.auditor, dc.air_head, dc.outsider):
        assert answers(client, person, in_review) == (404, 404, False, False), person
        assert answers(client, person, withheld) == (404, 404, False, False), person
        assert answers(client, person, published) == (200, 200, True, True), person


def test_foundation_another_bureau_sees_none_of_the_register(dc, client) -> None:
    withheld = services.create_item(
        by=dc.office_staff, bureau=dc.bureau, title="局党组会议研究督察整改工作的会议纪要",
        category=category(), formed_on=dt.date(2026, 10, 9), attribute=Attribute.WITHHELD,
        withhold_reason="internal_affairs",
    )  # fmt: skip
    published = publish(dc, draft(dc, title="关于扬尘治理的通告"))
    transport = BureauFactory(name="示例市交通运输局", code="SLJ-JT")
    office = OrgUnitFactory(bureau=transport, name="办公室")
    officer = with_role(Role.DISCLOSURE_OFFICER, bureau=transport, unit=office)
    hr = with_role(Role.HR, bureau=transport, unit=office)
    for person in (officer, hr):
        assert answers(client, person, withheld) == (404, 404, False, False)
        # The published item is on the portal; the staff register is the bureau's own.
        assert answers(client, person, published) == (404, 404, False, False)
        assert not selectors.visible_items(person).exists()
    client.force_login(officer)
    body = '{"keep": true, "note": "继续不予公开"}'
    reassess = client.post(f"{API}/items/{withheld.pk}/reassess", body, "application/json")
    assert reassess.status_code == 404
    assert client.post(f"/staff/disclosure/{withheld.pk}/reassess/", {}).status_code == 404
    assert client.get(f"/info/{published.pk}/").status_code == 200
