"""Staff API for the workflow steps beyond the main path (issue 6 point 7): the same services and
permissions as the pages; bad input answers 400/422 with a readable message and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.disclosure import policy, services
from zhengwu.disclosure.models import (
    Attribute,
    Category,
    Clarification,
    InformationItem,
    SignOffStatus,
    Status,
    Validity,
)
from zhengwu.disclosure.tests import files
from zhengwu.disclosure.tests.helpers import draft, publish

API = "/api/v1/disclosure"


def _post(client, path: str, data: dict, **extra):
    return client.post(f"{API}{path}", data, content_type="application/json", **extra)


def _status(item: InformationItem) -> str:
    return InformationItem.objects.get(pk=item.pk).status


@pytest.fixture
def referred(dc) -> InformationItem:
    item = draft(dc)
    services.submit_for_review(by=dc.air_liaison, item=item)
    services.review_item(by=dc.reviewer, item=item, conclusion="unsure", referred_to="市保密局")
    return InformationItem.objects.get(pk=item.pk)


def test_D11_secrecy_answer_via_api(dc, client, referred) -> None:
    today = clock.today().isoformat()
    client.force_login(dc.air_liaison)  # the author is neither reviewer nor disclosure officer
    assert _post(client, f"/items/{referred.pk}/secrecy-answer",
                 {"conclusion": "passed", "answer_on": today}).status_code == 403  # fmt: skip
    client.force_login(dc.reviewer)
    bad = _post(client, f"/items/{referred.pk}/secrecy-answer",
                {"conclusion": "unsure", "answer_on": today})  # fmt: skip
    assert bad.status_code == 400 and bad.json()["detail"] == "答复只能是“通过”或“未通过”。"
    client.cookies["zhengwu_language"] = "en"
    english = _post(client, f"/items/{referred.pk}/secrecy-answer",
                    {"conclusion": "unsure", "answer_on": today})  # fmt: skip
    assert english.json()["detail"] == "The answer is either passed or not passed."
    del client.cookies["zhengwu_language"]
    future = (clock.today() + dt.timedelta(days=3)).isoformat()
    assert _post(client, f"/items/{referred.pk}/secrecy-answer",
                 {"conclusion": "passed", "answer_on": future}).status_code == 400  # fmt: skip
    invalid = _post(client, f"/items/{referred.pk}/secrecy-answer",
                    {"conclusion": "passed", "answer_on": "2026-13-40"})  # fmt: skip
    assert invalid.status_code == 422 and "answer_on" in invalid.json()["message"]
    assert _status(referred) == Status.REFERRED_SECRECY
    ok = _post(client, f"/items/{referred.pk}/secrecy-answer",
               {"conclusion": "passed", "answer_on": today, "note": "可以公开"})  # fmt: skip
    assert ok.status_code == 200 and ok.json()["status"] == Status.APPROVAL
    assert referred.reviews.get().answer_conclusion == "passed"


def test_D10_dispute_outcome_via_api(dc, client) -> None:
    item = draft(dc, concerned_units=[dc.water])
    services.submit_for_review(by=dc.air_liaison, item=item)
    services.review_item(by=dc.reviewer, item=item, conclusion="passed")
    signoff = item.signoffs.get()
    services.sign_off(by=dc.water_head, signoff=signoff, confirm=False, note="数据口径不一致")
    today = clock.today().isoformat()
    path = f"/signoffs/{signoff.pk}/outcome"
    client.force_login(dc.water_head)  # the disputing department does not decide its own dispute
    assert _post(client, path, {"allows_release": True, "outcome": "同意",
                                "outcome_on": today}).status_code == 403  # fmt: skip
    client.force_login(dc.officer)
    blank = _post(client, path, {"allows_release": True, "outcome": " ", "outcome_on": today})
    assert blank.status_code == 400 and blank.json()["detail"] == "请填写主管部门的确认结果。"
    assert _post(client, path, {"outcome": "x", "outcome_on": today}).status_code == 422
    assert _post(client, "/signoffs/999999/outcome",
                 {"allows_release": True, "outcome": "x", "outcome_on": today}
                 ).status_code == 404  # fmt: skip
    signoff.refresh_from_db()
    assert signoff.status == SignOffStatus.DISPUTED and _status(item) == Status.REFERRED_DISPUTE
    ok = _post(client, path, {"allows_release": True, "outcome": "市政务公开办：同意公开",
                              "outcome_on": today})  # fmt: skip
    assert ok.status_code == 200 and ok.json()["status"] == Status.APPROVAL
    signoff.refresh_from_db()
    assert signoff.status == SignOffStatus.RESOLVED and signoff.outcome_allows_release


def test_D3_withdraw_via_api(dc, client) -> None:
    item = publish(dc, draft(dc, title="撤回测试信息"))
    client.force_login(dc.air_liaison)
    assert _post(client, f"/items/{item.pk}/withdraw", {"reason": "有误"}).status_code == 403
    client.force_login(dc.officer)
    blank = _post(client, f"/items/{item.pk}/withdraw", {"reason": "  "})
    assert blank.status_code == 400 and "理由" in blank.json()["detail"]
    assert _post(client, f"/items/{item.pk}/withdraw", {"reason": "x" * 301}).status_code == 422
    assert _status(item) == Status.PUBLISHED
    assert client.get(f"/info/{item.pk}/").status_code == 200
    ok = _post(client, f"/items/{item.pk}/withdraw", {"reason": "信息有误，撤回更正"})
    assert ok.status_code == 200 and ok.json()["status"] == Status.WITHDRAWN
    assert client.get(f"/api/v1/public/items/{item.pk}").status_code == 404


def test_D2_validity_and_versions_via_api(dc, client) -> None:
    first = publish(dc, draft(dc, title="排污许可管理办法", is_normative=True))
    assert first.validity == Validity.EFFECTIVE
    client.force_login(dc.air_liaison)
    created = _post(client, "/items", {
        "title": "排污许可管理办法（修订）", "category_id": first.category_id,
        "formed_on": clock.today().isoformat(), "is_normative": True, "supersedes_id": first.pk,
    })  # fmt: skip
    assert created.status_code == 201, created.content
    assert created.json()["supersedes_id"] == first.pk
    not_normative = draft(dc, title="普通信息")
    refused = _post(client, "/items", {
        "title": "x", "category_id": first.category_id, "formed_on": clock.today().isoformat(),
        "supersedes_id": not_normative.pk,
    })  # fmt: skip
    assert refused.status_code == 400 and refused.json()["code"] == "supersedes"
    second = publish(dc, InformationItem.objects.get(pk=created.json()["id"]))
    first.refresh_from_db()
    assert first.validity == Validity.AMENDED  # publishing the new version amends the old one
    client.force_login(dc.officer)
    assert client.get(f"{API}/items/{first.pk}").json()["superseded_by_ids"] == [second.pk]
    client.force_login(dc.air_liaison)
    assert _post(client, f"/items/{second.pk}/validity",
                 {"validity": "abolished"}).status_code == 403  # fmt: skip
    client.force_login(dc.officer)
    bad = _post(client, f"/items/{second.pk}/validity", {"validity": "void"})
    assert bad.status_code == 400 and bad.json()["detail"] == "未知的有效性。"
    not_normative_answer = _post(client, f"/items/{not_normative.pk}/validity",
                                 {"validity": "abolished"})  # fmt: skip
    assert not_normative_answer.status_code == 400
    ok = _post(client, f"/items/{second.pk}/validity", {"validity": "abolished"})
    assert ok.status_code == 200 and ok.json()["validity"] == Validity.ABOLISHED
    assert "已废止" in client.get(f"/info/{second.pk}/").content.decode()


def test_D2_attachments_via_api_upload_list_download(dc, client, monkeypatch) -> None:
    item = draft(dc)
    path = f"{API}/items/{item.pk}/attachments"
    client.force_login(dc.reviewer)  # sees the draft; neither its author nor disclosure officer
    denied = client.post(path, {"file": SimpleUploadedFile("a.pdf", files.pdf("x"))})
    assert denied.status_code == 403
    client.force_login(dc.air_liaison)
    fake = client.post(path, {"file": SimpleUploadedFile("报告.pdf", b"MZ\x90\x00" * 20)})
    assert fake.status_code == 400 and "不能上传此类文件" in fake.json()["detail"]
    image = client.post(path, {"file": SimpleUploadedFile("图.png", files.png())})
    assert image.status_code == 400 and image.json()["code"] == "description"
    assert client.post(path, {}).status_code == 422  # no file
    monkeypatch.setattr(policy, "MAX_ATTACHMENT_BYTES", 200)
    big = client.post(path, {"file": SimpleUploadedFile("大.pdf", files.pdf("y" * 400))})
    assert big.status_code == 400 and big.json()["code"] == "size"
    monkeypatch.undo()
    assert not item.attachments.exists()
    ok = client.post(
        path,
        {"file": SimpleUploadedFile("方案.pdf", files.pdf("Particulate monitoring plan")),
         "description": "监测方案"},
    )  # fmt: skip
    assert ok.status_code == 201, ok.content
    body = ok.json()
    assert body["content_type"] == "application/pdf" and body["extraction_status"] == "extracted"
    listed = client.get(path).json()
    assert [a["name"] for a in listed] == ["方案.pdf"]
    download = client.get(f"{API}/attachments/{body['id']}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client.get(f"{API}/attachments/999999").status_code == 404


def test_D11_confidential_attachments_are_invisible_via_api(dc, client) -> None:
    secret = draft(dc, is_confidential=True)
    attachment = services.add_attachment(
        by=dc.air_liaison, item=secret, upload=SimpleUploadedFile("s.txt", "内部".encode())
    )
    client.force_login(dc.water_head)
    assert client.get(f"{API}/items/{secret.pk}/attachments").status_code == 404
    assert client.get(f"{API}/attachments/{attachment.pk}").status_code == 404
    upload = client.post(f"{API}/items/{secret.pk}/attachments",
                         {"file": SimpleUploadedFile("t.txt", b"x")})  # fmt: skip
    assert upload.status_code == 404
    client.logout()
    assert client.get(f"{API}/attachments/{attachment.pk}").status_code == 401


def test_D9_clarifications_via_api(dc, client) -> None:
    wrong = publish(dc, draft(dc, title="空气质量月报（十月）"))
    unpublished = draft(dc, title="未公开信息")
    category = Category.objects.get(code="R20-13")
    payload = {
        "found_where": "某新闻网站", "found_on": clock.today().isoformat(),
        "false_information": "称十月空气质量优良率为50%", "title": "关于十月空气质量的澄清",
        "body": "十月空气质量优良率为93.5%。", "category_id": category.pk, "corrects_id": wrong.pk,
    }  # fmt: skip
    client.force_login(dc.air_liaison)
    assert _post(client, "/clarifications", payload).status_code == 403
    client.force_login(dc.officer)
    future = {**payload, "found_on": (clock.today() + dt.timedelta(days=2)).isoformat()}
    assert _post(client, "/clarifications", future).status_code == 400
    hidden = _post(client, "/clarifications", {**payload, "corrects_id": unpublished.pk})
    assert hidden.status_code == 400 and hidden.json()["code"] == "corrects"
    assert _post(client, "/clarifications", {**payload, "body": " "}).status_code == 400
    assert _post(client, "/clarifications", {**payload, "found_on": "yesterday"}).status_code == 422
    assert not Clarification.objects.exists()
    ok = _post(client, "/clarifications", payload)
    assert ok.status_code == 201, ok.content
    data = ok.json()
    assert data["corrects_id"] == wrong.pk and data["clarification"]["status"] == Status.DRAFT
    assert [c["id"] for c in client.get(f"{API}/clarifications").json()] == [data["id"]]
    client.logout()
    assert client.get(f"{API}/clarifications").status_code == 401


def test_D2_withheld_reassessment_via_api(dc, client) -> None:
    item = draft(dc, attribute=Attribute.WITHHELD, withhold_reason="process")
    InformationItem.objects.filter(pk=item.pk).update(reassess_on=clock.today())
    client.force_login(dc.officer)
    assert [i["id"] for i in client.get(f"{API}/withheld/due").json()] == [item.pk]
    client.force_login(dc.air_liaison)
    assert _post(client, f"/items/{item.pk}/reassess",
                 {"keep": True, "note": "仍属过程性信息"}).status_code == 403  # fmt: skip
    client.force_login(dc.officer)
    blank = _post(client, f"/items/{item.pk}/reassess", {"keep": True, "note": " "})
    assert blank.status_code == 400 and blank.json()["detail"] == "请填写评估结论。"
    wrong = _post(client, f"/items/{item.pk}/reassess",
                  {"keep": False, "note": "可以公开", "new_attribute": "withheld"})  # fmt: skip
    assert wrong.status_code == 400
    assert _post(client, f"/items/{item.pk}/reassess", {"note": "x"}).status_code == 422
    events = Event.objects.filter(action="disclosure.withheld_reassessed").count()
    assert events == 0
    kept = _post(client, f"/items/{item.pk}/reassess", {"keep": True, "note": "仍属过程性信息"})
    assert kept.status_code == 200
    assert dt.date.fromisoformat(kept.json()["reassess_on"]) > clock.today()
    assert client.get(f"{API}/withheld/due").json() == []
    release = {"keep": False, "note": "情况变化", "new_attribute": "proactive"}
    released = _post(client, f"/items/{item.pk}/reassess", release)
    assert released.json()["attribute"] == Attribute.PROACTIVE
    assert released.json()["status"] == Status.DRAFT and released.json()["due_date"]


def test_D2_formation_date_is_a_plausible_date(dc, client) -> None:
    """The index number carries the formation year: a slip such as year 331 is refused."""
    category = draft(dc).category_id
    client.force_login(dc.air_liaison)
    before = InformationItem.objects.count()
    refused = _post(client, "/items", {"title": "误填日期", "category_id": category,
                                       "formed_on": "0331-11-02"})  # fmt: skip
    assert refused.status_code == 422 and refused.json()["code"] == "invalid"
    assert "日期须在1949-10-01至" in str(refused.json()["detail"])
    assert InformationItem.objects.count() == before
    accepted = _post(client, "/items", {"title": "建国初期文件", "category_id": category,
                                        "formed_on": "1949-10-01"})  # fmt: skip
    assert accepted.status_code == 201
    assert accepted.json()["formed_on"] == "1949-10-01"
    assert accepted.json()["index_number"] == ""  # given at publication
