"""S-13: the head of the undertaker and then the leader in charge check (把关) each report before
it counts; the leader confirms or sends it back with a reason; only that leader may, and on a
confidential task only when named on it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.notifications.models import Notification
from zhengwu.supervision import selectors, services
from zhengwu.supervision.models import FeedbackStatus, MilestoneStatus
from zhengwu.supervision.tests.helpers import MONDAY, task

pytestmark = pytest.mark.django_db


def _login(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _signed_off(cast, t, text="大气科张三带队检查工地12个，问题5个，根源是责任未落实，已整改。"):
    ms = t.milestones.get(rule_id="S-1")
    fb = services.draft_feedback(by=cast.air_liaison, milestone=ms, text=text)
    return services.sign_off_feedback(by=cast.air_head, feedback=fb)


def _told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_S13_leader_in_charge_checks_after_the_head_and_before_the_office(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        fb = _signed_off(cast, t)
        assert fb.status == FeedbackStatus.SIGNED_OFF
        # The leader in charge of the air section is asked, not yet the office.
        assert _told("supervision.feedback_to_check") == {"leader"}
        assert _told("supervision.feedback_submitted") == set()
        assert selectors.home_summary(cast.leader)["to_check"] == 1
        assert selectors.home_summary(cast.office_staff)["to_review"] == 0
        with pytest.raises(DomainError, match=r"分管领导|leader in charge"):
            services.accept_feedback(by=cast.office_staff, feedback=fb)
        fb = services.check_feedback(by=cast.leader, feedback=fb)
        assert fb.status == FeedbackStatus.CHECKED
        assert fb.checked_by == cast.leader
        assert _told("supervision.feedback_submitted") == {"office"}
        assert selectors.home_summary(cast.office_staff)["to_review"] == 1
        with pytest.raises(DomainError):
            services.check_feedback(by=cast.leader, feedback=fb)  # checked once
        services.accept_feedback(by=cast.office_staff, feedback=fb)
    assert t.milestones.get(rule_id="S-1").status == MilestoneStatus.MET
    actions = list(selectors.timeline(t).values_list("action", flat=True))
    assert (
        actions.index("supervision.feedback_signed_off")
        < actions.index("supervision.feedback_checked")
        < actions.index("supervision.feedback_accepted")
    )


def test_S13_leader_sends_a_report_back_with_a_reason_and_the_redraft_is_checked_again(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        fb = _signed_off(cast, t, text="已部署。")
        with pytest.raises(DomainError):
            services.return_checked_feedback(by=cast.leader, feedback=fb, reason="  ")
        fb.refresh_from_db()
        assert fb.status == FeedbackStatus.SIGNED_OFF  # bad input changes nothing
        services.return_checked_feedback(by=cast.leader, feedback=fb, reason="未写明责任人和成效")
        fb.refresh_from_db()
        assert fb.status == FeedbackStatus.RETURNED
        assert fb.return_reason == "未写明责任人和成效"
        assert {"air_liaison", "air_head"} <= _told("supervision.feedback_returned")
        page = _login(cast.air_liaison).get(f"/supervision/tasks/{t.pk}/").content.decode()
        assert "未写明责任人和成效" in page
        assert "分管领导退回" in page
        v2 = services.draft_feedback(
            by=cast.air_liaison, milestone=fb.milestone, text="张三负责，查工地12个，整改5处。"
        )
        assert v2.version == 2
        services.sign_off_feedback(by=cast.air_head, feedback=v2)
        services.check_feedback(by=cast.leader, feedback=v2)
        services.accept_feedback(by=cast.office_staff, feedback=v2)
    event = selectors.timeline(t).get(action="supervision.feedback_check_returned")
    assert event.after["reason"] == "未写明责任人和成效"
    assert event.actor_id == cast.leader.pk


def test_S13_only_the_leader_in_charge_of_the_lead_undertaker_checks(cast):
    with clock.frozen(MONDAY):
        t = task(cast, lead_unit=cast.water, co_units=[cast.air], instructing_leader=cast.leader)
        ms = t.milestones.get(rule_id="S-1")
        # The water section has no leader in charge: the head cannot sign off into a void.
        fb = services.draft_feedback(by=cast.water_head, milestone=ms, text="已部署。")
        with pytest.raises(DomainError, match=r"分管领导|leader in charge"):
            services.sign_off_feedback(by=cast.water_head, feedback=fb)
        fb.refresh_from_db()
        assert fb.status == FeedbackStatus.DRAFT
        t2 = task(cast)
        fb2 = _signed_off(cast, t2)
    for person in (cast.director, cast.office_staff, cast.air_head, cast.air_liaison, cast.admin):
        assert not person.has_perm("supervision.check_feedback", fb2), person
        with pytest.raises(PermissionDenied):
            services.check_feedback(by=person, feedback=fb2)
        with pytest.raises(PermissionDenied):
            services.return_checked_feedback(by=person, feedback=fb2, reason="x")
    # The leader in charge of air is not the one of water (co-undertaking gives no say).
    assert not cast.leader.has_perm("supervision.check_feedback", fb)
    assert cast.leader.has_perm("supervision.check_feedback", fb2)


def test_S13_confidential_task_is_checked_only_by_a_leader_named_on_it(cast):
    with clock.frozen(MONDAY):
        t = task(cast, confidential=True, named_readers=[cast.air_head, cast.air_liaison])
        ms = t.milestones.get(rule_id="S-1")
        fb = services.draft_feedback(by=cast.air_liaison, milestone=ms, text="已部署。")
        with pytest.raises(DomainError, match=r"涉密|confidential"):
            services.sign_off_feedback(by=cast.air_head, feedback=fb)
        assert not cast.leader.has_perm("supervision.check_feedback", fb)
        assert _login(cast.leader).get(f"/supervision/tasks/{t.pk}/").status_code == 404
        r = _login(cast.leader).post(f"/supervision/feedback/{fb.pk}/check/")
        assert r.status_code == 404
        # The office names the leader on the task; now the check can happen.
        services.edit_task(
            by=cast.office_staff,
            task=t,
            data=services.TaskInput(
                title=t.title, content=t.content, lead_unit=cast.air,
                instructing_leader=cast.leader, confidential=True,
                named_readers=[cast.air_head, cast.air_liaison, cast.leader],
            ),
        )  # fmt: skip
        services.sign_off_feedback(by=cast.air_head, feedback=fb)
        services.check_feedback(by=cast.leader, feedback=fb)
    assert _told("supervision.feedback_to_check") == {"leader"}
    # Nobody outside the task heard of the report (the director is not named).
    assert not Notification.objects.filter(recipient=cast.director).exists()


def test_S13_the_check_is_policy_data_and_can_be_switched_off(cast, settings):
    settings.ZHENGWU_SUPERVISION_LEADER_CHECK = False
    with clock.frozen(MONDAY):
        t = task(cast)
        fb = _signed_off(cast, t)
        assert _told("supervision.feedback_submitted") == {"office"}
        assert _told("supervision.feedback_to_check") == set()
        assert not selectors.home_summary(cast.leader)["to_check"]
        services.accept_feedback(by=cast.office_staff, feedback=fb)
    assert t.milestones.get(rule_id="S-1").status == MilestoneStatus.MET


def test_S13_leader_check_page_buttons_and_endpoints(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        fb = _signed_off(cast, t)
        url = f"/supervision/tasks/{t.pk}/"
        page = _login(cast.leader).get(url).content.decode()
        assert f"/supervision/feedback/{fb.pk}/check/" in page
        assert f"/supervision/feedback/{fb.pk}/check-return/" in page
        office_page = _login(cast.office_staff).get(url).content.decode()
        assert f"/supervision/feedback/{fb.pk}/check/" not in office_page
        assert f"/supervision/feedback/{fb.pk}/accept/" not in office_page  # not yet checked
        # Default deny for everyone else; invisible to people outside the task.
        assert (
            _login(cast.director).post(f"/supervision/feedback/{fb.pk}/check/").status_code == 403
        )
        assert (
            _login(cast.office_staff).post(f"/supervision/feedback/{fb.pk}/check/").status_code
            == 403
        )
        assert (
            _login(cast.water_head).post(f"/supervision/feedback/{fb.pk}/check/").status_code == 404
        )
        assert Client().post(f"/supervision/feedback/{fb.pk}/check/").status_code == 302
        assert _login(cast.leader).get(f"/supervision/feedback/{fb.pk}/check/").status_code == 405
        leader = _login(cast.leader)
        r = leader.post(f"/supervision/feedback/{fb.pk}/check-return/", {"reason": ""}, follow=True)
        assert "理由" in r.content.decode() or "why" in r.content.decode()
        fb.refresh_from_db()
        assert fb.status == FeedbackStatus.SIGNED_OFF
        r = leader.post(f"/supervision/feedback/{fb.pk}/check/", follow=True)
        assert r.status_code == 200
        fb.refresh_from_db()
        assert fb.status == FeedbackStatus.CHECKED
        office_page = _login(cast.office_staff).get(url).content.decode()
        assert f"/supervision/feedback/{fb.pk}/accept/" in office_page


def test_S13_api_check_and_send_back(cast):
    def post(person, url, data=None):
        client = _login(person)
        return client.post(url, json.dumps(data or {}), content_type="application/json")

    with clock.frozen(MONDAY):
        t = task(cast)
        fb = _signed_off(cast, t)
        base = f"/api/v1/supervision/feedback/{fb.pk}"
        assert post(cast.water_head, f"{base}/check").status_code == 404
        assert post(cast.director, f"{base}/check").status_code == 403
        assert post(cast.office_staff, f"{base}/check-return", {"reason": "x"}).status_code == 403
        r = post(cast.leader, f"{base}/check-return", {"reason": ""})
        assert r.status_code == 400
        r = post(cast.leader, f"{base}/check-return", {"reason": "请补充整改成效"})
        assert r.status_code == 200, r.content
        assert r.json()["status"] == FeedbackStatus.RETURNED
        assert r.json()["return_reason"] == "请补充整改成效"
        assert post(cast.leader, f"{base}/check").status_code == 400  # no longer signed off
