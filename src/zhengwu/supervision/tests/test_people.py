"""Who acts on a report: the head may send a draft back (S-13), and nobody checks, accepts or
closes over a report they drafted or signed off, whatever second role they hold (S-13)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.notifications.models import Notification
from zhengwu.org import services as org_services
from zhengwu.org.models import Role
from zhengwu.supervision import selectors, services
from zhengwu.supervision.models import FeedbackStatus, MilestoneStatus, TaskStatus
from zhengwu.supervision.tests.helpers import MONDAY, task

pytestmark = pytest.mark.django_db
TEXT = "大气科张三带队检查工地12个，问题5个，根源是责任未落实，已整改。"


def _login(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _draft(cast, t, by=None):
    ms = t.milestones.get(rule_id="S-1")
    return services.draft_feedback(by=by or cast.air_liaison, milestone=ms, text=TEXT)


# --- S-13: the head sends a draft back -----------------------------------------------------------


def test_S13_head_sends_a_draft_back_to_the_liaison_with_a_reason(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        fb = _draft(cast, t)
        with pytest.raises(DomainError):
            services.return_draft_feedback(by=cast.air_head, feedback=fb, reason="  ")
        with pytest.raises(PermissionDenied):
            services.return_draft_feedback(by=cast.water_head, feedback=fb, reason="不行")
        fb = services.return_draft_feedback(by=cast.air_head, feedback=fb, reason="未写明根源")
        assert fb.status == FeedbackStatus.RETURNED and fb.return_reason == "未写明根源"
        told = Notification.objects.filter(kind="supervision.feedback_returned")
        assert set(told.values_list("recipient__username", flat=True)) == {"air_liaison"}
        assert "supervision.feedback_head_returned" in selectors.timeline(t).values_list(
            "action", flat=True
        )
        # Returned once; the liaison redrafts a new version, which the head can sign off.
        with pytest.raises(DomainError):
            services.return_draft_feedback(by=cast.air_head, feedback=fb, reason="再退")
        assert selectors.home_summary(cast.air_liaison)["returned"] == 1
        again = _draft(cast, t)
        assert again.version == 2
        services.sign_off_feedback(by=cast.air_head, feedback=again)


def test_S13_head_sends_back_on_the_page_and_in_the_api(cast):
    with clock.frozen(MONDAY):
        t = task(cast)
        fb = _draft(cast, t)
        head = _login(cast.air_head)
        page = head.get(reverse("supervision:task", args=[t.pk])).content.decode()
        assert reverse("supervision:feedback-head-return", args=[fb.pk]) in page
        liaison_page = _login(cast.air_liaison).get(reverse("supervision:task", args=[t.pk]))
        assert reverse("supervision:feedback-head-return", args=[fb.pk]) not in (
            liaison_page.content.decode()
        )
        head.post(reverse("supervision:feedback-head-return", args=[fb.pk]), {"reason": "补充"})
        fb.refresh_from_db()
        assert fb.status == FeedbackStatus.RETURNED
        fb2 = _draft(cast, t)
        api = "/api/v1/supervision/feedback/%d/head-return"
        bad = _login(cast.air_liaison).post(
            api % fb2.pk, {"reason": "x"}, content_type="application/json"
        )
        assert bad.status_code == 403
        ok = head.post(api % fb2.pk, {"reason": "再补充"}, content_type="application/json")
        assert ok.status_code == 200, ok.content
        fb2.refresh_from_db()
        assert fb2.status == FeedbackStatus.RETURNED


# --- S-13: separation of duties ---------------------------------------------------------------


def _second_hat(person, role, unit=None, units_in_charge=()):
    org_services.assign_role(
        by=None, person=person, role=role, unit=unit, units_in_charge=list(units_in_charge),
        valid_from=dt.date(2020, 1, 1),
    )  # fmt: skip
    if hasattr(person, "_zhengwu_roles_cache"):
        delattr(person, "_zhengwu_roles_cache")


def test_S13_office_clerk_who_is_her_units_liaison_may_not_accept_or_close(cast, settings):
    settings.ZHENGWU_SUPERVISION_LEADER_CHECK = False
    clerk = cast.office_staff
    _second_hat(clerk, Role.LIAISON, unit=cast.office)
    other = _second_hat_clerk(cast)
    with clock.frozen(MONDAY):
        t = task(cast, lead_unit=cast.office)
        ms = t.milestones.get(rule_id="S-1")
        fb = services.draft_feedback(by=clerk, milestone=ms, text=TEXT)
        office_head = _office_head(cast)
        fb = services.sign_off_feedback(by=office_head, feedback=fb)
        assert not clerk.has_perm("supervision.review_feedback", fb)
        with pytest.raises(PermissionDenied, match=r"起草|drafted"):
            services.accept_feedback(by=clerk, feedback=fb)
        api = _login(clerk).post(f"/api/v1/supervision/feedback/{fb.pk}/accept")
        assert api.status_code == 403 and "起草" in api.json()["detail"]
        page = _login(clerk).post(reverse("supervision:feedback-accept", args=[fb.pk]), follow=True)
        assert "起草" in page.content.decode()
        fb.refresh_from_db()
        assert fb.status == FeedbackStatus.SIGNED_OFF
        services.accept_feedback(by=other, feedback=fb)
        assert t.milestones.get(rule_id="S-1").status == MilestoneStatus.MET
        with pytest.raises(PermissionDenied, match=r"起草|drafted"):
            services.close_task(by=clerk, task=t, result="已办结")
        closed = services.close_task(
            by=other, task=t, result="已办结，经复查合格。", reason="其余报告并入年度总结"
        )
        assert closed.status == TaskStatus.CLOSED


def test_S13_signer_may_not_check_the_report_they_signed(cast):
    # A leader in charge who also heads the section signs off and may not check his own report.
    _second_hat(cast.leader, Role.SECTION_HEAD, unit=cast.air)
    with clock.frozen(MONDAY):
        t = task(cast)
        fb = _draft(cast, t)
        fb = services.sign_off_feedback(by=cast.leader, feedback=fb)
        assert not cast.leader.has_perm("supervision.check_feedback", fb)
        with pytest.raises(PermissionDenied, match=r"签|signed"):
            services.check_feedback(by=cast.leader, feedback=fb)
        with pytest.raises(PermissionDenied):
            services.return_checked_feedback(by=cast.leader, feedback=fb, reason="x")


def test_S13_a_redrafter_counts_as_a_drafter(cast, settings):
    settings.ZHENGWU_SUPERVISION_LEADER_CHECK = False
    clerk = cast.office_staff
    _second_hat(clerk, Role.LIAISON, unit=cast.air)
    with clock.frozen(MONDAY):
        t = task(cast)
        fb = _draft(cast, t, by=clerk)
        fb = _draft(cast, t)  # the air liaison rewrites the same draft: the author changes
        assert fb.author == cast.air_liaison
        fb = services.sign_off_feedback(by=cast.air_head, feedback=fb)
        with pytest.raises(PermissionDenied):
            services.accept_feedback(by=clerk, feedback=fb)
        # Not on her list either; it is on the other clerks' list.
        assert "supervision.review" not in {w.kind for w in selectors.waiting_for(clerk)}
        other = _second_hat_clerk(cast)
        assert "supervision.review" in {w.kind for w in selectors.waiting_for(other)}


def _office_head(cast):
    from zhengwu.org.tests.factories import PersonFactory

    head = PersonFactory(username="office_head", full_name="办公室主任", bureau=cast.bureau,
                         unit=cast.office)  # fmt: skip
    _second_hat(head, Role.SECTION_HEAD, unit=cast.office)
    return head


def _second_hat_clerk(cast):
    from zhengwu.org.tests.factories import PersonFactory

    other = PersonFactory(username="office2", full_name="办公室另一人", bureau=cast.bureau,
                          unit=cast.office)  # fmt: skip
    _second_hat(other, Role.OFFICE_STAFF)
    return other
