"""S-7 and S-13: who sees and does what — one test per role, and the confidential task that
appears nowhere but for the people named on it."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from zhengwu.core import clock
from zhengwu.core.errors import PermissionDenied
from zhengwu.notifications.models import Notification
from zhengwu.supervision import exports, selectors, services
from zhengwu.supervision.tests.helpers import MONDAY, task

pytestmark = pytest.mark.django_db


def _login(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_S7_owner_section_sees_and_reports_on_its_task(cast):
    t = task(cast)
    for person in (cast.air_head, cast.air_liaison):
        assert selectors.can_see(person, t)
        assert person.has_perm("supervision.draft_feedback", t.milestones.first())
    assert _login(cast.air_liaison).get(f"/supervision/tasks/{t.pk}/").status_code == 200


def test_S7_other_section_does_not_see_the_task(cast):
    t = task(cast)
    assert not selectors.can_see(cast.water_head, t)
    assert not cast.water_head.has_perm("supervision.draft_feedback", t.milestones.first())
    assert _login(cast.water_head).get(f"/supervision/tasks/{t.pk}/").status_code == 404


def test_S7_co_undertaker_sees_but_does_not_report_for_the_lead(cast):
    t = task(cast, co_units=[cast.water])
    assert selectors.can_see(cast.water_head, t)
    assert not cast.water_head.has_perm("supervision.draft_feedback", t.milestones.first())


def test_S7_office_sees_all_and_reviews_but_does_not_sign_off(cast):
    t = task(cast)
    assert selectors.can_see(cast.office_staff, t)
    assert cast.office_staff.has_perm("supervision.close_task", t)
    with clock.frozen(MONDAY):
        fb = services.draft_feedback(by=cast.air_liaison, milestone=t.milestones.first(), text="x")
    assert not cast.office_staff.has_perm("supervision.sign_off_feedback", fb)
    assert cast.office_staff.has_perm("supervision.review_feedback", fb)


def test_S7_leaders_see_all_but_do_not_close(cast):
    t = task(cast, lead_unit=cast.water)
    for leader in (cast.director, cast.leader):
        assert selectors.can_see(leader, t)
        assert not leader.has_perm("supervision.close_task", t)
    assert _login(cast.leader).get("/supervision/").status_code == 200


def test_S7_outsider_sees_nothing(cast):
    task(cast)
    assert not selectors.visible_tasks(cast.outsider).exists()
    client = _login(cast.outsider)
    assert client.get("/supervision/").status_code == 403
    assert client.get("/supervision/export.xlsx").status_code == 403
    assert client.get("/api/v1/supervision/tasks").status_code == 403


def test_S7_admin_and_auditor_do_not_see_the_ledger(cast):
    t = task(cast)
    for person in (cast.admin, cast.auditor):
        assert not selectors.can_see(person, t)
        assert not person.has_perm("supervision.view_ledger")


def test_S7_only_the_office_records_sources_and_tasks(cast):
    for person in (cast.air_head, cast.director, cast.outsider):
        with pytest.raises(PermissionDenied):
            task_as(cast, person)


def task_as(cast, person):
    return services.create_task(
        by=person,
        bureau=cast.bureau,
        data=services.TaskInput(title="x", lead_unit=cast.air, instructing_leader=cast.leader),
    )


def _secret(cast):
    # Named: the air section's liaison and head. Not named: the director, the leader, water.
    return task(
        cast,
        title="涉密：重点排污单位在线监测数据造假线索核查",
        confidential=True,
        named_readers=[cast.air_liaison, cast.air_head],
        co_units=[cast.water],
    )


def test_S13_confidential_task_only_for_the_people_named_on_it(cast):
    t = _secret(cast)
    for person in (cast.air_liaison, cast.air_head, cast.office_staff):  # office_staff recorded it
        assert selectors.can_see(person, t), person
    for person in (cast.director, cast.leader, cast.water_head, cast.outsider, cast.admin):
        assert not selectors.can_see(person, t), person
    assert _login(cast.director).get(f"/supervision/tasks/{t.pk}/").status_code == 404


def test_S13_confidential_task_appears_nowhere_else(cast):
    t = _secret(cast)
    task(cast, title="公开事项")
    director = _login(cast.director)
    # lists and search
    page = director.get("/supervision/", {"q": "在线监测"}).content.decode()
    assert "数据造假" not in page
    assert "数据造假" not in director.get("/supervision/").content.decode()
    # counts
    counts = {
        r["unit"].pk: r["open"]
        for r in selectors.open_counts_by_unit(cast.director, cast.bureau.pk)
    }
    assert counts[cast.air.pk] == 1
    assert selectors.home_summary(cast.director)["open"] == 1
    # exports
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(director.get("/supervision/export.xlsx").content))
    assert "涉密" not in str([c.value for row in wb.active.iter_rows() for c in row])
    # API
    api = director.get("/api/v1/supervision/tasks").json()
    assert [x["title"] for x in api] == ["公开事项"]
    assert director.get(f"/api/v1/supervision/tasks/{t.pk}").status_code == 404
    # notifications: the co-undertaker's head is not named, so he was not told
    assert not Notification.objects.filter(recipient=cast.water_head, object_id=str(t.pk)).exists()
    assert Notification.objects.filter(recipient=cast.air_liaison, object_id=str(t.pk)).exists()
    # the deadline registry (warnings of issue 5) hides it too
    from zhengwu.workdays.owners import owner_of

    deadline = t.milestones.first().deadline
    owner = owner_of(deadline)
    assert owner.visible_to(deadline, cast.air_head)
    assert not owner.visible_to(deadline, cast.director)
    assert cast.water_head not in owner.recipients(deadline)


def test_S13_exported_rows_come_from_visible_tasks_only(cast):
    _secret(cast)
    rows = exports.ledger_rows(selectors.ledger(cast.leader))
    assert rows == []
