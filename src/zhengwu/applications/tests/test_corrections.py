"""R-8: correction requests — staff pages and API, their own answer clock and letter, permissions
(default deny), bureau scope and masking of the requester's phone."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from docx import Document as Docx

from zhengwu.applications import services
from zhengwu.applications.models import CorrectionRequest
from zhengwu.applications.tests.helpers import apply_online, at
from zhengwu.workdays.models import Deadline

pytestmark = pytest.mark.django_db

D = dt.date
DAY = D(2026, 3, 2)
API = "/api/v1/applications/corrections"
FORM = {
    "name": "李四",
    "phone": "13900139000",
    "record": "行政处罚决定书中的姓名",
    "correction": "姓名应为李肆",
    "received_on": DAY.isoformat(),
}


def _received(ac) -> CorrectionRequest:
    with at(DAY):
        return services.receive_correction(
            by=ac.officer,
            bureau=ac.bureau,
            name="李四",
            phone="13900139000",
            record="行政处罚决定书中的姓名",
            correction="姓名应为李肆",
            received_on=DAY,
        )


def post_json(client, url: str, data: dict):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_R8_staff_enter_a_correction_on_the_page_and_its_clock_starts(ac, client) -> None:
    client.force_login(ac.officer)
    with at(D(2026, 3, 3)):
        assert client.get("/staff/applications/corrections/new/").status_code == 200
        response = client.post("/staff/applications/corrections/new/", FORM)
    request = CorrectionRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/applications/corrections/{request.pk}/"
    deadline = services.correction_deadline(request)
    assert deadline.rule_id == "R-8" and deadline.due_date == D(2026, 3, 30)
    with at(D(2026, 3, 3)):
        page = client.get(response["Location"]).content.decode()
    assert "2026-03-30" in page and "13900139000" in page
    with at(D(2026, 3, 3)):
        listing = client.get("/staff/applications/corrections/").content.decode()
    assert "行政处罚决定书中的姓名" in listing and "2026-03-30" in listing


def test_R8_bad_input_on_the_page_is_a_form_error_and_nothing_is_stored(ac, client) -> None:
    client.force_login(ac.officer)
    for bad in ({"received_on": "2026-13-40"}, {"record": ""}, {"tracking_number": "YSQ-1"}):
        response = client.post("/staff/applications/corrections/new/", {**FORM, **bad})
        assert response.status_code == 200
        assert 'class="error' in response.content.decode()
    with at(DAY):
        late = client.post(
            "/staff/applications/corrections/new/", {**FORM, "received_on": "2099-01-01"}
        )
    assert late.status_code == 200
    assert not CorrectionRequest.objects.exists()


def test_R8_answer_on_the_page_meets_the_clock_and_gives_a_letter(ac, client) -> None:
    request = _received(ac)
    client.force_login(ac.officer)
    url = f"/staff/applications/corrections/{request.pk}/"
    with at(D(2026, 3, 9)):
        early = client.post(
            url, {"status": "corrected", "answer": "已更正", "answered_on": "2026-02-27"}
        )
        assert early.status_code == 200  # before receipt: refused with a message
        done = client.post(
            url, {"status": "corrected", "answer": "已更正", "answered_on": "2026-03-09"}
        )
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == "corrected" and request.answered_on == D(2026, 3, 9)
    assert services.correction_deadline(request).status == "met"
    letter = client.get(f"{url}letter/")
    assert letter.status_code == 200
    text = "\n".join(p.text for p in Docx(io.BytesIO(letter.content)).paragraphs)
    assert "更正申请答复告知书" in text and "已予以更正" in text and "第四十一条" in text
    assert "行政复议" in text and "行政诉讼" in text
    with at(D(2026, 3, 10)):
        again = client.post(url, {"status": "refused", "answer": "x", "answered_on": "2026-03-10"})
    assert again.status_code == 200
    request.refresh_from_db()
    assert request.status == "corrected"


def test_R8_no_letter_before_the_answer(ac, client) -> None:
    request = _received(ac)
    client.force_login(ac.officer)
    assert client.get(f"/staff/applications/corrections/{request.pk}/letter/").status_code == 404


def test_R8_phone_masked_except_for_the_handling_officers(ac, client) -> None:
    request = _received(ac)
    client.force_login(ac.office_head)  # sees the request, does not handle it
    page = client.get(f"/staff/applications/corrections/{request.pk}/").content.decode()
    assert "13900139000" not in page and "139****9000" in page
    assert 'name="answer"' not in page
    response = client.post(
        f"/staff/applications/corrections/{request.pk}/",
        {"status": "corrected", "answer": "已更正", "answered_on": "2026-03-09"},
    )
    assert response.status_code == 403
    got = client.get(f"{API}/{request.pk}").json()
    assert got["phone"] == "139****9000"


def test_R8_default_deny_and_bureau_scope(ac, client) -> None:
    request = _received(ac)
    client.force_login(ac.outsider)  # no role at all
    assert client.get("/staff/applications/corrections/").status_code == 403
    assert client.get("/staff/applications/corrections/new/").status_code == 403
    assert client.get(f"/staff/applications/corrections/{request.pk}/").status_code == 404
    assert client.get(API).status_code == 403
    client.force_login(ac.other_officer)  # the same role in another bureau
    assert "李四" not in client.get("/staff/applications/corrections/").content.decode()
    assert client.get(f"/staff/applications/corrections/{request.pk}/").status_code == 404
    assert client.get(f"/staff/applications/corrections/{request.pk}/letter/").status_code == 404
    assert client.get(f"{API}/{request.pk}").status_code == 404
    assert client.get(API).json() == []
    answer = {"status": "corrected", "answer": "x", "on": "2026-03-09"}
    assert post_json(client, f"{API}/{request.pk}/answer", answer).status_code == 404
    request.refresh_from_db()
    assert request.status == "open"


def test_R8_api_enters_lists_and_answers_with_the_same_services(ac, client) -> None:
    with at(DAY):
        application, _secret = apply_online(ac)
    client.force_login(ac.officer)
    payload = {**FORM, "tracking_number": application.tracking_number}
    with at(D(2026, 3, 3)):
        created = post_json(client, API, payload)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["due_date"] == "2026-03-30" and body["status"] == "open"
    assert body["tracking_number"] == application.tracking_number
    assert body["phone"] == "13900139000"
    assert [c["id"] for c in client.get(API).json()] == [body["id"]]
    with at(D(2026, 3, 20)):
        answered = post_json(
            client,
            f"{API}/{body['id']}/answer",
            {"status": "referred", "answer": "已转送市公安局", "on": "2026-03-20"},
        )
        again = post_json(
            client,
            f"{API}/{body['id']}/answer",
            {"status": "corrected", "answer": "x", "on": "2026-03-20"},
        )
    assert answered.status_code == 200 and answered.json()["status"] == "referred"
    assert again.status_code == 400
    assert Deadline.objects.get(owner_type="applications.correctionrequest").status == "met"


def test_R8_api_refuses_bad_input_with_4xx(ac, client) -> None:
    client.force_login(ac.officer)
    assert post_json(client, API, {**FORM, "record": "记" * 301}).status_code == 422
    assert post_json(client, API, {**FORM, "received_on": "1900-01-01"}).status_code == 422
    assert post_json(client, API, {**FORM, "tracking_number": "YSQ-2026-999999"}).status_code == 404
    request = _received(ac)
    bad = post_json(
        client, f"{API}/{request.pk}/answer", {"status": "open", "answer": "x", "on": "2026-03-09"}
    )
    assert bad.status_code == 400
    assert not CorrectionRequest.objects.exclude(pk=request.pk).exists()
