"""The pages work without JavaScript: plain forms post, bad input changes nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from zhengwu.supervision.models import Task
from zhengwu.supervision.tests.helpers import meeting, task

pytestmark = pytest.mark.django_db


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _row(prefix: str, **values) -> dict[str, object]:
    return {f"{prefix}-{k}": v for k, v in values.items()}


def test_S9_one_form_turns_a_meetings_decisions_into_several_tasks(cast):
    m = meeting(cast)
    client = _client(cast.office_staff)
    data = {
        **_row("d0", title="扬尘检查", lead_unit=cast.air.pk, instructing_leader=cast.director.pk,
               issue_kind="general"),
        **_row("d1", title="河道巡查", lead_unit=cast.water.pk, instructing_leader=cast.leader.pk,
               issue_kind="major", urgent="on", co_units=[cast.air.pk]),
        **{f"d{i}-issue_kind": "general" for i in range(2, 5)},
    }  # fmt: skip
    response = client.post(f"/supervision/meetings/{m.pk}/", data, follow=True)
    assert "已交办2项督办事项" in response.content.decode()
    assert sorted(m.tasks.values_list("title", flat=True)) == ["扬尘检查", "河道巡查"]


def test_S9_a_row_without_lead_undertaker_is_refused_and_nothing_is_created(cast):
    m = meeting(cast)
    client = _client(cast.office_staff)
    data = {
        **_row("d0", title="扬尘检查", lead_unit=cast.air.pk, instructing_leader=cast.director.pk,
               issue_kind="general"),
        **_row("d1", title="缺主办", instructing_leader=cast.director.pk, issue_kind="general"),
        **{f"d{i}-issue_kind": "general" for i in range(2, 5)},
    }  # fmt: skip
    response = client.post(f"/supervision/meetings/{m.pk}/", data)
    assert response.status_code == 200
    assert "请选择主办单位" in response.content.decode()
    assert Task.objects.count() == 0


def test_S7_ledger_page_filters_and_shows_warning_filter(cast):
    task(cast)
    task(cast, title="河道巡查", lead_unit=cast.water, urgent=True)
    page = _client(cast.leader).get("/supervision/", {"urgent": "1"}).content.decode()
    assert "河道巡查" in page and "扬尘" not in page
    assert "预警等级" in page


def test_S5_units_page_and_home_panel(cast):
    task(cast)
    client = _client(cast.air_head)
    assert "大气科" in client.get("/supervision/units/").content.decode()
    assert "水科" not in client.get("/supervision/units/").content.decode()
    home = client.get("/staff/").content.decode()
    assert "12340工作台账" in home
    # S-5: the unit sees its open count on the home page (one task assigned to it)
    assert re.search(r"未办结事项</span><strong>1</strong>", home)


def test_S13_task_page_shows_masked_phone_to_leaders_and_full_to_office(cast):
    t = task(cast)
    mobile = cast.air_liaison.mobile
    assert mobile in _client(cast.office_staff).get(f"/supervision/tasks/{t.pk}/").content.decode()
    page = _client(cast.leader).get(f"/supervision/tasks/{t.pk}/").content.decode()
    assert mobile not in page and mobile[-4:] in page


def test_S4_plan_pages_show_each_person_only_their_step(cast):
    from zhengwu.core import clock
    from zhengwu.supervision.tests.helpers import MONDAY

    with clock.frozen(MONDAY):
        t = task(cast, issue_kind="major")
        liaison = _client(cast.air_liaison)
        response = liaison.post(
            f"/supervision/tasks/{t.pk}/plan/",
            {"text": "分两阶段推进", "nodes": "2026-04-15 完成排查\n2026-05-29 完成整改"},
            follow=True,
        )
        assert "方案已报送办公室" in response.content.decode()
        office = _client(cast.office_staff).get(f"/supervision/tasks/{t.pk}/").content.decode()
        assert "呈报领导审批" in office and "审批同意" not in office
        plan = t.plans.get()
        _client(cast.office_staff).post(f"/supervision/plans/{plan.pk}/forward/")
        director = _client(cast.director).get(f"/supervision/tasks/{t.pk}/").content.decode()
        assert "审批同意" in director
        head = _client(cast.air_head).get(f"/supervision/tasks/{t.pk}/").content.decode()
        assert "审批同意" not in head and "完成排查" in head
        bad = liaison.post(
            f"/supervision/tasks/{t.pk}/plan/", {"text": "x", "nodes": "明天 做完"}, follow=True
        )
        assert "第1行" in bad.content.decode()
