"""Confidential means confidential in the admin and the audit log too (S-13, D-11)."""

from __future__ import annotations

import pytest
from django.db import transaction

from zhengwu.audit.models import Event
from zhengwu.disclosure.tests.helpers import draft, make_disclosure_cast, publish
from zhengwu.supervision.tests.helpers import task

pytestmark = pytest.mark.django_db

TITLE = "涉密：重点排污单位在线监测数据造假线索核查"


@pytest.fixture(autouse=True)
def _media(tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _secret_task(cast):
    with transaction.atomic():
        return task(cast, title=TITLE, confidential=True, named_readers=[cast.air_head])


@pytest.mark.parametrize("persona", ["auditor", "admin"])
def test_S13_audit_log_shows_a_confidential_task_only_as_confidential_matter(
    client, cast, persona
) -> None:
    secret = _secret_task(cast)
    assert Event.objects.for_object(secret).exists()
    client.force_login(getattr(cast, persona))
    body = client.get("/staff/audit/").content.decode()
    assert "数据造假" not in body
    assert f"机密事项 #{secret.pk}" in body
    assert "supervision.task_created" in body or "supervision." in body
    # searching for the hidden title finds nothing
    found = client.get("/staff/audit/", {"text": "数据造假"}).content.decode()
    assert f"机密事项 #{secret.pk}" not in found
    # the admin's list, search and change page
    admin_list = client.get("/admin/audit/event/").content.decode()
    assert "数据造假" not in admin_list and f"机密事项 #{secret.pk}" in admin_list
    assert "机密事项" not in client.get("/admin/audit/event/", {"q": "数据造假"}).content.decode()
    event = Event.objects.for_object(secret).first()
    change = client.get(f"/admin/audit/event/{event.seq}/change/").content.decode()
    assert "数据造假" not in change and "扬尘" not in change
    assert f"机密事项 #{secret.pk}" in change


def test_S13_a_person_named_on_the_task_reads_its_events(cast) -> None:
    from zhengwu.audit.confidential import redacted
    from zhengwu.audit.selectors import search_events

    secret = _secret_task(cast)
    mine = {"object_type": "supervision.task", "object_id": str(secret.pk)}
    named = [redacted(e) for e in search_events(viewer=cast.air_head).filter(**mine)]
    other = [redacted(e) for e in search_events(viewer=cast.auditor).filter(**mine)]
    assert named and all(TITLE in e.object_repr for e in named)
    assert other and all(
        e.object_repr == f"机密事项 #{secret.pk}" and e.after is None for e in other
    )


@pytest.mark.parametrize("persona", ["auditor", "admin"])
def test_D11_admin_does_not_show_a_confidential_item_to_people_not_named(
    client, cast, persona
) -> None:
    dc = make_disclosure_cast(cast)
    with transaction.atomic():
        secret = draft(dc, title="涉密核查报告", body="机密正文内容", is_confidential=True)
        # published, so every reader of the register sees it (drafts only their handlers, D-10)
        public = publish(dc, draft(dc, title="公开的通知"))
    client.force_login(getattr(cast, persona))
    listing = client.get("/admin/disclosure/informationitem/").content.decode()
    assert "涉密核查报告" not in listing and "公开的通知" in listing
    change = client.get(f"/admin/disclosure/informationitem/{secret.pk}/change/")
    assert change.status_code in (302, 404) or "机密正文内容" not in change.content.decode()
    assert (
        "机密正文内容"
        not in client.get(
            f"/admin/disclosure/informationitem/{secret.pk}/change/", follow=True
        ).content.decode()
    )
    assert client.get(f"/admin/disclosure/informationitem/{public.pk}/change/").status_code == 200
    log = client.get("/staff/audit/").content.decode()
    assert "涉密核查报告" not in log and f"机密事项 #{secret.pk}" in log


def test_S13_admin_person_page_masks_phones_without_personal_data_permission(client, cast) -> None:
    mobile = cast.air_liaison.mobile
    client.force_login(cast.auditor)
    page = client.get(f"/admin/org/person/{cast.air_liaison.pk}/change/").content.decode()
    assert mobile not in page and mobile[-4:] in page
    client.force_login(cast.admin)  # org.view_personal_data
    page = client.get(f"/admin/org/person/{cast.air_liaison.pk}/change/").content.decode()
    assert mobile in page
