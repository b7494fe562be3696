"""People are told when work waits for them: every hand-over puts the work on the next person's
home list (待我处理, with counts and links) and in their inbox; the list is derived from the
records' state, so it is never stale; confidential records reach only the people named on them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from zhengwu.core import clock
from zhengwu.core.selectors import waiting_count, waiting_for
from zhengwu.disclosure import services as disclosure
from zhengwu.disclosure.tests.helpers import draft, make_disclosure_cast
from zhengwu.notifications.models import Notification
from zhengwu.supervision import services as ledger
from zhengwu.supervision.tests.helpers import MONDAY, task

pytestmark = pytest.mark.django_db


def _kinds(person) -> dict[str, int]:
    return {w.kind: w.count for w in waiting_for(person)}


def _inbox(person, kind: str) -> int:
    return Notification.objects.filter(recipient=person, kind=kind).count()


def test_D11_reviewer_is_told_and_sees_the_item_on_home_worklist_and_api(cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    dc = make_disclosure_cast(cast)
    item = draft(dc)
    assert "disclosure.review" not in _kinds(dc.reviewer)
    disclosure.submit_for_review(by=dc.air_liaison, item=item)
    assert _kinds(dc.reviewer)["disclosure.review"] == 1
    assert _inbox(dc.reviewer, "disclosure.review") == 1
    client = Client()
    client.force_login(dc.reviewer)
    home = client.get(reverse("staff-home")).content.decode()
    assert "待我处理" in home and item.title in home
    assert reverse("disclosure:item", args=[item.pk]) in home
    assert 'data-testid="waiting-count">1' in home
    worklist = client.get(reverse("disclosure:worklist")).content.decode()
    assert item.title in worklist
    api = client.get("/api/v1/me/waiting").json()
    assert [(w["kind"], w["count"]) for w in api] == [("disclosure.review", 1)]
    # Derived from state: once reviewed, it is off the reviewer's list and on the approvers'.
    disclosure.review_item(by=dc.reviewer, item=item, conclusion="passed")
    assert waiting_count(dc.reviewer) == 0
    assert _kinds(dc.leader)["disclosure.approve"] == 1
    assert _inbox(dc.leader, "disclosure.approve") == 1
    assert _inbox(dc.director, "disclosure.approve") == 1
    # The author is never asked to approve her own item.
    assert "disclosure.approve" not in _kinds(dc.air_liaison)
    disclosure.approve_item(by=dc.leader, item=item)
    assert "disclosure.approve" not in _kinds(dc.director)
    assert _kinds(dc.officer)["disclosure.publish"] == 1


def test_D10_departments_concerned_are_told_and_a_failed_review_goes_back_to_the_author(
    cast, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    dc = make_disclosure_cast(cast)
    item = draft(dc, concerned_units=[dc.water])
    disclosure.submit_for_review(by=dc.air_liaison, item=item)
    disclosure.review_item(by=dc.reviewer, item=item, conclusion="passed")
    assert _kinds(dc.water_head)["disclosure.sign_off"] == 1
    assert _inbox(dc.water_head, "disclosure.sign_off") == 1
    other = draft(dc, title="另一条信息")
    disclosure.submit_for_review(by=dc.air_liaison, item=other)
    disclosure.review_item(by=dc.reviewer, item=other, conclusion="failed", note="含敏感内容")
    assert _kinds(dc.air_liaison)["disclosure.returned"] == 1
    assert _inbox(dc.air_liaison, "disclosure.returned") == 1


def test_D11_confidential_item_reaches_only_the_people_named_on_it(cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    dc = make_disclosure_cast(cast)
    item = draft(dc, is_confidential=True)
    disclosure.submit_for_review(by=dc.air_liaison, item=item)
    assert "disclosure.review" not in _kinds(dc.reviewer)
    assert _inbox(dc.reviewer, "disclosure.review") == 0
    item.named_people.add(dc.reviewer)
    assert _kinds(dc.reviewer)["disclosure.review"] == 1


def test_S13_ledger_hand_overs_reach_the_next_person(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        ms = t.milestones.get(rule_id="S-1")
        fb = ledger.draft_feedback(by=cast.air_liaison, milestone=ms, text="已部署，张三负责。")
        assert _kinds(cast.air_head)["supervision.sign_off"] == 1
        ledger.sign_off_feedback(by=cast.air_head, feedback=fb)
        assert "supervision.sign_off" not in _kinds(cast.air_head)
        assert _kinds(cast.leader)["supervision.check"] == 1
        ledger.check_feedback(by=cast.leader, feedback=fb)
        assert _kinds(cast.office_staff)["supervision.review"] == 1
        ledger.return_feedback(by=cast.office_staff, feedback=fb, reason="未见根源")
        assert _kinds(cast.air_liaison)["supervision.redraft"] == 1
        assert waiting_count(cast.office_staff) == 0


def test_S4_plans_wait_for_the_office_then_each_leader(cast):
    from zhengwu.supervision.models import IssueKind
    from zhengwu.workdays.selectors import current_calendar

    with clock.frozen(MONDAY):
        t = task(cast, issue_kind=IssueKind.MAJOR)
        day = current_calendar().next_workday(MONDAY.date().replace(day=30))
        plan = ledger.submit_plan(
            by=cast.air_liaison, task=t, text="分阶段推进", nodes=[(day, "完成")]
        )
        assert _kinds(cast.office_staff)["supervision.plan_forward"] == 1
        ledger.forward_plan(by=cast.office_staff, plan=plan)
        assert _kinds(cast.director)["supervision.plan_approve"] == 1
        assert _kinds(cast.leader)["supervision.plan_approve"] == 1
        ledger.approve_plan(by=cast.director, plan=plan)
        assert "supervision.plan_approve" not in _kinds(cast.director)
        assert _kinds(cast.leader)["supervision.plan_approve"] == 1


def test_S13_confidential_task_is_listed_only_for_people_named_on_it(cast):
    with clock.frozen(MONDAY):
        t = task(cast, confidential=True, named_readers=[cast.air_liaison, cast.air_head])
        ms = t.milestones.get(rule_id="S-1")
        ledger.draft_feedback(by=cast.air_liaison, milestone=ms, text="已部署，张三负责。")
        assert _kinds(cast.air_head)["supervision.sign_off"] == 1
        t.named_readers.remove(cast.air_head)
        assert "supervision.sign_off" not in _kinds(cast.air_head)
