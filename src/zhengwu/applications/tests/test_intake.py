"""Public intake (R-1, R-2), tracking, the captcha and the rate limit, privacy and bureau scope."""

from __future__ import annotations

import datetime as dt
import json

from django.core import signing
from django.test import Client

from zhengwu.applications import intake, services
from zhengwu.applications.models import Application, Status
from zhengwu.applications.tests.helpers import (
    API,
    CREDIT_CODE,
    ID_NUMBER,
    PAYLOAD,
    apply_online,
    at,
)
from zhengwu.disclosure.tests.helpers import draft, publish

FORM = {**PAYLOAD, "submit": "1", "bureau": "TEST-HB"}  # the cast has two bureaus


def post_json(client: Client, url: str, data: dict, **extra) -> object:
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def test_R1_online_form_needs_no_account_and_gives_both_codes(ac, client) -> None:
    response = client.post("/apply/", FORM)
    assert response.status_code == 200
    application = Application.objects.get()
    page = response.content.decode()
    assert application.tracking_number in page
    assert application.tracking_number.startswith(f"YSQ-{dt.date.today().year}-")
    assert application.status == Status.SUBMITTED
    assert application.received_on is None  # counts from the staff's confirmation
    assert services.answer_deadline(application) is None


def test_R1_the_form_page_shows_the_how_to_and_a_captcha(ac, client, settings) -> None:
    settings.ZHENGWU_CAPTCHA = True
    page = client.get("/apply/").content.decode()
    assert "<svg" in page and 'name="captcha_token"' in page
    assert 'name="description"' in page


def test_R1_resident_id_is_checked_by_its_check_digit(ac, client) -> None:
    response = client.post("/apply/", {**FORM, "id_number": "110105194912310021"})
    assert "check digit" in response.content.decode() or "校验" in response.content.decode()
    assert not Application.objects.exists()


def test_R1_organisation_needs_a_valid_credit_code_and_legal_representative(ac) -> None:
    import pytest

    from zhengwu.core.errors import DomainError

    base = {
        "applicant_kind": "organisation",
        "applicant_category": "legal_services",
        "name": "某律师事务所",
        "legal_representative": "王五",
    }
    with pytest.raises(DomainError):
        apply_online(ac, **base, credit_code="911100001000000000")
    application, _secret = apply_online(ac, **base, credit_code=CREDIT_CODE)
    assert application.applicant_category == "legal_services"


def test_R1_published_items_that_may_answer_are_shown_without_javascript(ac, client) -> None:
    item = publish(ac.dc, draft(ac.dc, title="2025年城区道路维修工程招标文件公告"))
    response = client.post("/apply/", {**PAYLOAD, "suggest": "1"})
    page = response.content.decode()
    assert f'href="/info/{item.pk}/"' in page  # the title is shown with the words marked
    assert not Application.objects.exists()  # looking first stores nothing


def test_R1_api_accepts_the_documented_json_and_tracks_with_both_codes(ac, client) -> None:
    response = post_json(client, API, PAYLOAD)
    assert response.status_code == 201
    body = response.json()
    number, secret = body["tracking_number"], body["secret"]
    assert number.startswith("YSQ-") and len(secret) >= 12
    ok = client.get(f"{API}/{number}", {"secret": secret})
    assert ok.status_code == 200
    assert ok.json()["status"] == "submitted"
    assert ok.json()["timeline"]
    assert "11010519491231002X" not in ok.content.decode()
    assert "13800138000" not in ok.content.decode()
    wrong = client.get(f"{API}/{number}", {"secret": "x" + secret})
    unknown = client.get(f"{API}/YSQ-1999-000001", {"secret": secret})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert client.get(f"{API}/{number}").status_code == 404


def test_R1_api_refuses_over_long_input_as_invalid(ac, client) -> None:
    response = post_json(client, API, {**PAYLOAD, "description": "长" * 2001})
    assert response.status_code == 422
    response = post_json(client, API, {**PAYLOAD, "id_number": "110105194912310021"})
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_R1_tracking_page_wrong_secret_answers_as_an_unknown_number(ac, client) -> None:
    application, secret = apply_online(ac)
    good = client.post(
        "/apply/track/", {"tracking_number": application.tracking_number, "secret": secret}
    )
    assert "public-status" in good.content.decode()
    wrong = client.post(
        "/apply/track/", {"tracking_number": application.tracking_number, "secret": secret + "x"}
    )
    unknown = client.post(
        "/apply/track/", {"tracking_number": "YSQ-1999-000009", "secret": secret + "x"}
    )

    def strip(response) -> str:
        text = response.content.decode()
        return text.replace(application.tracking_number, "N").replace("YSQ-1999-000009", "N")

    assert "public-status" not in wrong.content.decode()
    import re

    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", strip(wrong)) == token.sub("", strip(unknown))


def test_R1_captcha_applies_to_form_and_api_and_is_used_once(ac, client, settings) -> None:
    settings.ZHENGWU_CAPTCHA = True
    assert post_json(client, API, PAYLOAD).status_code == 400
    token = signing.dumps({"n": "n1", "h": intake._digest("AB2C", "n1")}, salt=intake.CAPTCHA_SALT)
    assert (
        post_json(client, API, {**PAYLOAD, "captcha_token": token, "captcha": "zz"}).status_code
        == 400
    )
    assert (
        post_json(client, API, {**PAYLOAD, "captcha_token": token, "captcha": "ab2c"}).status_code
        == 201
    )
    assert (
        post_json(client, API, {**PAYLOAD, "captcha_token": token, "captcha": "ab2c"}).status_code
        == 400
    )
    assert (
        client.post("/apply/", {**FORM, "captcha_token": token, "captcha": "ab2c"}).status_code
        == 200
    )
    assert Application.objects.count() == 1


def test_R1_rate_limit_per_address(ac, client, settings) -> None:
    settings.ZHENGWU_INTAKE_RATE = "2/h"
    assert post_json(client, API, PAYLOAD).status_code == 201
    assert post_json(client, API, PAYLOAD).status_code == 201
    assert post_json(client, API, PAYLOAD).status_code == 429
    other = post_json(client, API, PAYLOAD, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 201


def test_R1_used_captcha_is_refused_even_when_the_process_state_is_cleared(
    ac, client, settings
) -> None:
    """The used answer lives in the shared store: another web process (no local memory of it,
    as after clearing this process's cache) refuses the replay too."""
    from django.core.cache import cache, caches

    settings.ZHENGWU_CAPTCHA = True
    token = signing.dumps({"n": "n2", "h": intake._digest("XY7Z", "n2")}, salt=intake.CAPTCHA_SALT)
    answer = {"captcha_token": token, "captcha": "xy7z"}
    assert post_json(client, API, {**PAYLOAD, **answer}).status_code == 201
    cache.clear()
    for alias in settings.CACHES:
        caches[alias].clear()
    second_process = Client()
    assert post_json(second_process, API, {**PAYLOAD, **answer}).status_code == 400
    page = second_process.post("/apply/", {**FORM, **answer})
    assert "wrong or expired" in page.content.decode() or "验证码" in page.content.decode()
    assert Application.objects.count() == 1


def test_R1_rate_limit_counts_every_attempt_wrong_captcha_and_invalid_form(
    ac, client, settings
) -> None:
    settings.ZHENGWU_CAPTCHA = True
    settings.ZHENGWU_INTAKE_RATE = "3/h"
    token = signing.dumps({"n": "n3", "h": intake._digest("QRST", "n3")}, salt=intake.CAPTCHA_SALT)
    # Two wrong guesses through the API and one invalid form on the page use up the window …
    for guess in ("AAAA", "BBBB"):
        wrong = post_json(client, API, {**PAYLOAD, "captcha_token": token, "captcha": guess})
        assert wrong.status_code == 400
    assert client.post("/apply/", {"submit": "1", "name": "张三"}).status_code == 200
    # … so even the right answer is refused now, on the API and on the page.
    right = {"captcha_token": token, "captcha": "QRST"}
    assert post_json(client, API, {**PAYLOAD, **right}).status_code == 429
    page = client.post("/apply/", {**FORM, **right})
    assert page.status_code == 429
    assert not Application.objects.exists()
    # Another address has its own count; once the window has passed the address may try again.
    assert post_json(client, API, {**PAYLOAD, **right}, REMOTE_ADDR="10.0.0.9").status_code == 201
    later = services.clock.now() + dt.timedelta(hours=1, minutes=1)
    with services.clock.frozen(later):
        token = signing.dumps(
            {"n": "n4", "h": intake._digest("QRST", "n4")}, salt=intake.CAPTCHA_SALT
        )
        again = post_json(client, API, {**PAYLOAD, "captcha_token": token, "captcha": "QRST"})
    assert again.status_code == 201


def test_R1_rate_limit_zero_means_no_limit(ac, client, settings) -> None:
    settings.ZHENGWU_INTAKE_RATE = "0"
    for _i in range(5):
        assert post_json(client, API, PAYLOAD).status_code == 201
    from zhengwu.applications.models import IntakeAttempt

    assert not IntakeAttempt.objects.exists()


def test_foundation_captcha_off_warns_in_deploy_checks(settings) -> None:
    from zhengwu.applications.checks import captcha_on

    settings.ZHENGWU_CAPTCHA = False
    assert [m.id for m in captcha_on(None)] == ["applications.W001"]
    settings.ZHENGWU_CAPTCHA = True
    assert captcha_on(None) == []


def test_R2_online_counts_as_received_on_the_day_staff_confirm(ac) -> None:
    with at(dt.date(2026, 3, 2)):
        application, _secret = apply_online(ac)
    with at(dt.date(2026, 3, 4)):
        services.confirm_receipt(
            by=ac.officer, application=application, confirmed_on=dt.date(2026, 3, 4), method="phone"
        )
    application.refresh_from_db()
    assert application.received_on == dt.date(2026, 3, 4)
    assert application.confirmation_method == "phone"
    assert services.answer_deadline(application).due_date == dt.date(2026, 4, 1)


def test_R2_registered_post_counts_from_the_day_signed_for(ac) -> None:
    with at(dt.date(2026, 3, 9)):
        application, _s = services.submit_application(
            by=ac.officer,
            bureau=ac.bureau,
            channel="registered_post",
            handed_in_on=dt.date(2026, 3, 6),
            applicant_kind="natural_person",
            name="赵六",
            id_type="resident_id",
            id_number=ID_NUMBER,
            phone="13700137000",
            address="某市某路1号",
            description="某批复",
            form="paper",
            delivery="post",
        )
    assert application.received_on == dt.date(2026, 3, 6)
    assert application.status == Status.HANDLING


def test_R2_ordinary_letter_waits_for_confirmation(ac) -> None:
    with at(dt.date(2026, 3, 9)):
        application, _s = services.submit_application(
            by=ac.officer,
            bureau=ac.bureau,
            channel="ordinary_letter",
            applicant_kind="natural_person",
            name="赵六",
            id_type="passport",
            id_number="E1234567",
            phone="13700137000",
            address="某市某路1号",
            description="某批复",
            form="paper",
            delivery="post",
        )
    assert application.received_on is None and application.status == Status.SUBMITTED


def test_R2_staff_confirm_receipt_on_the_page(ac, client) -> None:
    application, _secret = apply_online(ac)
    client.force_login(ac.officer)
    response = client.post(
        f"/staff/applications/{application.pk}/confirm/",
        {"on": dt.date.today().isoformat(), "method": "phone"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.HANDLING and application.received_on == dt.date.today()


def test_foundation_identity_and_phone_masked_except_for_the_handler(ac, client) -> None:
    application, _secret = apply_online(ac)
    services.assign_handler(by=ac.officer, application=application, handler=ac.officer)
    client.force_login(ac.office_head)
    page = client.get(f"/staff/applications/{application.pk}/").content.decode()
    assert ID_NUMBER not in page and "13800138000" not in page
    assert "138****8000" in page
    client.force_login(ac.officer)
    page = client.get(f"/staff/applications/{application.pk}/").content.decode()
    assert ID_NUMBER in page and "13800138000" in page


def test_foundation_applications_are_scoped_to_their_bureau(ac, client) -> None:
    application, _secret = apply_online(ac)
    client.force_login(ac.other_officer)
    assert client.get(f"/staff/applications/{application.pk}/").status_code == 404
    assert application.tracking_number not in client.get("/staff/applications/").content.decode()


def test_foundation_nothing_of_an_applicant_reaches_the_public_surfaces(ac, client) -> None:
    apply_online(ac, name="独特申请人名")
    for url in (
        "/",
        "/search/?q=独特申请人名",
        "/feed/",
        "/sitemap.xml",
        "/api/v1/public/items",
        "/api/v1/public/search?q=独特申请人名",
    ):
        response = client.get(url)
        echoed = 1 if "q=" in url else 0  # the search box shows what was searched for
        assert response.content.decode().count("独特申请人名") <= echoed, url


def test_R1_suggestions_while_typing_show_only_public_items(ac, client) -> None:
    from zhengwu.disclosure.models import InformationItem

    shown = publish(ac.dc, draft(ac.dc, title="2025年城区道路维修工程招标公告"))
    hidden = draft(ac.dc, title="2025年城区道路维修工程内部预算")  # not published
    secret = publish(ac.dc, draft(ac.dc, title="2025年城区道路维修工程涉密方案"))
    InformationItem.objects.filter(pk=secret.pk).update(is_confidential=True)
    page = client.get("/apply/").content.decode()
    assert 'hx-get="/apply/suggest/"' in page and 'id="live-suggestions"' in page
    fragment = client.get("/apply/suggest/", {"description": "城区道路维修工程"})
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert f'href="/info/{shown.pk}/"' in text
    assert f"/info/{hidden.pk}/" not in text and f"/info/{secret.pk}/" not in text
    assert client.get("/apply/suggest/", {"description": "城"}).content == b""
    assert not Application.objects.exists()


def test_R1_suggestions_are_rate_limited_per_address(ac, client, settings) -> None:
    from django.core.cache import cache

    from zhengwu.applications import policy

    cache.clear()
    with at(dt.date(2026, 3, 2)):  # within one minute
        for i in range(policy.SUGGESTIONS_PER_MINUTE):
            assert client.get("/apply/suggest/", {"description": f"道路{i}"}).status_code == 200
        assert client.get("/apply/suggest/", {"description": "道路"}).status_code == 429
        other = client.get("/apply/suggest/", {"description": "道路"}, REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 200


def test_R2_staff_enter_applications_of_every_channel_only_with_the_permission(ac, client) -> None:
    """The staff API takes the channel "online" too: without the permission to enter
    applications (an auditor, HR), nothing is entered, whatever the channel."""
    before = Application.objects.count()
    for channel in ("online", "in_person"):
        client.force_login(ac.auditor)
        refused = post_json(client, "/api/v1/applications/", {**PAYLOAD, "channel": channel})
        assert refused.status_code == 403, (channel, refused.content)
    assert Application.objects.count() == before
    client.force_login(ac.officer)
    entered = post_json(client, "/api/v1/applications/", {**PAYLOAD, "channel": "online"})
    assert entered.status_code == 201, entered.content
    assert Application.objects.count() == before + 1
