"""D-11 separation of duties: whoever drafted or edited an item's content neither reviews nor
approves it — on the page, in the API and in the service alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from zhengwu.core.errors import PermissionDenied
from zhengwu.disclosure import services
from zhengwu.disclosure.models import Status
from zhengwu.disclosure.tests.helpers import draft
from zhengwu.org import services as org_services
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure"


def _office_head(dc):
    """The office head, who also runs disclosure work (two hats)."""
    head = PersonFactory(username="office_head", full_name="办公室主任", bureau=dc.bureau,
                         unit=dc.office)  # fmt: skip
    for role, unit in ((Role.SECTION_HEAD, dc.office), (Role.DISCLOSURE_OFFICER, None)):
        org_services.assign_role(
            by=None, person=head, role=role, unit=unit, units_in_charge=[],
            valid_from=dt.date(2020, 1, 1),
        )  # fmt: skip
    return head


def _awaiting_approval(dc, editor):
    item = draft(dc)
    services.update_item(by=editor, item=item, body="办公室主任改写后的正文。")
    services.submit_for_review(by=dc.air_liaison, item=item)
    services.review_item(by=dc.reviewer, item=item, conclusion="passed")
    item.refresh_from_db()
    assert item.status == Status.APPROVAL
    return item


def test_D11_editor_of_a_draft_may_not_approve_it(dc):
    head = _office_head(dc)
    item = _awaiting_approval(dc, head)
    assert not head.has_perm("disclosure.approve_item", item)
    with pytest.raises(PermissionDenied, match=r"编辑|edited"):
        services.approve_item(by=head, item=item)
    item.refresh_from_db()
    assert item.status == Status.APPROVAL and item.approved_by is None
    # Someone who did not touch the text approves it.
    services.approve_item(by=dc.leader, item=item)
    item.refresh_from_db()
    assert item.status == Status.APPROVED


def test_D11_editor_is_refused_on_the_page_and_in_the_api_with_the_reason(dc):
    head = _office_head(dc)
    item = _awaiting_approval(dc, head)
    client = Client()
    client.force_login(head)
    page = client.get(reverse("disclosure:item", args=[item.pk]))
    assert page.status_code == 200
    assert reverse("disclosure:item-approve", args=[item.pk]) not in page.content.decode()
    response = client.post(reverse("disclosure:item-approve", args=[item.pk]), follow=True)
    assert "编辑" in response.content.decode()
    api = client.post(f"{API}/items/{item.pk}/approve", content_type="application/json")
    assert api.status_code == 403
    assert "编辑" in api.json()["detail"]
    item.refresh_from_db()
    assert item.status == Status.APPROVAL


def test_D11_editor_may_not_review_either(dc):
    item = draft(dc)
    # A reviewer who also edits (a disclosure officer with the reviewer's role) is refused.
    org_services.assign_role(
        by=None, person=dc.officer, role=Role.CONFIDENTIALITY_REVIEWER, unit=None,
        units_in_charge=[], valid_from=dt.date(2020, 1, 1),
    )  # fmt: skip
    services.update_item(by=dc.officer, item=item, summary="改写摘要")
    services.submit_for_review(by=dc.air_liaison, item=item)
    assert not dc.officer.has_perm("disclosure.review_item", item)
    with pytest.raises(PermissionDenied):
        services.review_item(by=dc.officer, item=item, conclusion="passed")
    assert dc.reviewer.has_perm("disclosure.review_item", item)
