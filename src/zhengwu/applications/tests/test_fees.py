"""The processing fee (R-6, 国办函〔2020〕109号): items counted per applicant per calendar month of
receipt — free or not — and charged progressively on the excess only; the payment period of 20
working days after the notice's date, whatever day that is."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zhengwu.applications import services
from zhengwu.applications.models import Application, FeeNotice, Status
from zhengwu.applications.tests.helpers import CREDIT_CODE, at, received
from zhengwu.core.errors import DomainError
from zhengwu.workdays.selectors import compute

pytestmark = pytest.mark.django_db

D = dt.date
OTHER_ID = "110101199003070011"  # another natural person (valid check digit)


def assess(ac, application: Application, quantity: int, *, method: str = "items", on=None):
    on = on or application.received_on
    with at(on):
        return services.assess_fee(
            by=ac.officer, application=application, method=method, quantity=quantity, on=on
        )


def test_R6_a_month_with_8_then_5_items_charges_items_11_to_13(ac) -> None:
    first = received(ac, D(2026, 3, 2))
    second = received(ac, D(2026, 3, 10))
    free = assess(ac, first, 8)
    assert (free.amount, free.notice, free.month_items) == (0, None, 8)
    first.refresh_from_db()
    # The count is kept without a notice; the clock runs on.
    assert (first.status, first.fee_method, first.fee_quantity) == (Status.HANDLING, "items", 8)
    assert not FeeNotice.objects.filter(application=first).exists()
    assert services.answer_deadline(first).status == "open"
    charged = assess(ac, second, 5)
    # Items 9 and 10 are free, items 11, 12 and 13 cost 100 yuan each (the 11–30 band).
    assert (charged.amount, charged.month_items) == (300, 13)
    assert charged.notice is not None and charged.notice.amount == 300
    second.refresh_from_db()
    assert second.status == Status.FEE
    assert services.answer_deadline(second).status == "paused"


def test_R6_a_different_month_starts_again(ac) -> None:
    march = received(ac, D(2026, 3, 31))
    april = received(ac, D(2026, 4, 1))
    assess(ac, march, 8)
    assert (assess(ac, april, 5).amount, services.items_used_in_month(april)) == (0, 0)
    april.refresh_from_db()
    assert april.fee_month_items == 5


def test_R6_the_month_is_that_of_receipt_not_of_the_assessment(ac) -> None:
    earlier = received(ac, D(2026, 3, 2))
    late_in_march = received(ac, D(2026, 3, 31))
    assess(ac, earlier, 8)
    # Assessed in April, counted in March (the month it was received): items 9…13.
    assert assess(ac, late_in_march, 5, on=D(2026, 4, 2)).amount == 300


def test_R6_a_different_applicant_does_not_add(ac) -> None:
    first = received(ac, D(2026, 3, 2))
    someone_else = received(ac, D(2026, 3, 3), name="王五", id_number=OTHER_ID)
    assess(ac, first, 8)
    assert assess(ac, someone_else, 5).amount == 0


def test_R6_an_organisation_counts_by_its_credit_code(ac) -> None:
    organisation = {
        "applicant_kind": "organisation",
        "applicant_category": "commercial",
        "name": "某某科技有限公司",
        "legal_representative": "赵六",
        "credit_code": CREDIT_CODE,
    }
    first = received(ac, D(2026, 3, 2), **organisation)
    # Another person hands in the second one for the same organisation.
    second = received(ac, D(2026, 3, 3), **organisation, id_number=OTHER_ID)
    person = received(ac, D(2026, 3, 4))  # the first one's representative, as a natural person
    assess(ac, first, 8)
    assert assess(ac, second, 5).amount == 300
    assert assess(ac, person, 5).amount == 0


def test_R6_a_per_page_application_does_not_count_toward_items(ac) -> None:
    by_pages = received(ac, D(2026, 3, 2))
    first = received(ac, D(2026, 3, 3))
    second = received(ac, D(2026, 3, 4))
    assert assess(ac, by_pages, 25, method="pages").amount == 0  # pages 1–30 are free
    assess(ac, first, 8)
    assert assess(ac, second, 2).amount == 0  # items 9 and 10: the pages did not count
    with pytest.raises(DomainError):  # one method per application, assessed once
        assess(ac, by_pages, 1, method="items")


@pytest.mark.parametrize(
    ("before", "now", "fee"),
    [
        (10, 1, 100),  # item 11: the first charged one
        (9, 2, 100),  # items 10 (free) and 11
        (0, 11, 100),
        (29, 2, 300),  # item 30 at 100, item 31 at 200
        (30, 1, 200),  # item 31: the 31–40 band
        (39, 2, 500),  # items 40 (200) and 41 (300)
        (40, 10, 3000),  # items 41–50 at 300
        (50, 1, 400),  # item 51: the next band of 10
        (25, 10, 1500),  # items 26–30 at 100, 31–35 at 200
    ],
)
def test_R6_band_edges_of_the_excess(ac, before: int, now: int, fee: int) -> None:
    later = received(ac, D(2026, 3, 10))
    if before:
        assess(ac, received(ac, D(2026, 3, 2)), before)
    assert services.items_used_in_month(later) == before
    assert assess(ac, later, now).amount == fee


def test_R6_staff_record_a_free_count_and_the_page_says_so(ac, client) -> None:
    first = received(ac, D(2026, 3, 2))
    second = received(ac, D(2026, 3, 3))
    assess(ac, first, 6)
    client.force_login(ac.officer)
    with at(D(2026, 3, 5)):
        response = client.post(
            reverse("applications:act", args=[second.pk, "fee"]),
            {"method": "items", "quantity": "2", "on": "2026-03-05"},
            follow=True,
        )
    page = response.content.decode()
    assert "本月累计8件，本次不收费" in page
    second.refresh_from_db()
    assert (second.status, second.fee_quantity, second.fee_month_items) == ("handling", 2, 8)
    with at(D(2026, 3, 5)):
        page = client.get(reverse("applications:detail", args=[second.pk])).content.decode()
    assert "本月累计8件，本次不收费" in page
    assert 'name="quantity"' not in page  # assessed once


@pytest.mark.parametrize(
    ("notified", "pay_by"),
    [
        # Wednesday: the 20th working day after it.
        (D(2026, 3, 4), D(2026, 4, 1)),
        # Saturday: the 20 working days after it are 03-09…04-03; counting from Monday 03-09
        # instead would give 04-07 (Qingming 04-04…04-06 off), one working day more.
        (D(2026, 3, 7), D(2026, 4, 3)),
    ],
)
def test_R6_the_payment_period_is_the_20_working_days_after_the_notice_date(
    ac, notified, pay_by
) -> None:
    application = received(ac, D(2026, 3, 2))
    with at(notified):
        fee = services.send_fee_notice(
            by=ac.officer,
            application=application,
            method="pages",
            quantity=31,
            notified_on=notified,
        )
    assert fee.pay_by == pay_by
    result = compute("R-6", notified)  # the time-limit calculator agrees and says so
    assert result.due_date == pay_by
    assert "day off" not in result.explain() and "休息日" not in result.explain()
    assert services.close_expired(today=pay_by) == 0
    assert services.close_expired(today=pay_by + dt.timedelta(days=1)) == 1
    application.refresh_from_db()
    assert (application.status, application.outcome) == (Status.CLOSED, "3.6.2")
