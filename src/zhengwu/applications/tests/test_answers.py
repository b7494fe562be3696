"""Answers (R-7, R-12), redaction, delivery and download, follow-ups (D-11, D-14, R-8, R-9)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as Docx

from zhengwu.applications import policy, redaction, services
from zhengwu.applications.models import Redaction, Status
from zhengwu.applications.tests.helpers import apply_online, at, received
from zhengwu.core.errors import DomainError
from zhengwu.disclosure.tests.helpers import category

D = dt.date
DAY = D(2026, 3, 2)
SECRET_TEXT = "联系人：王小明 电话13912345678 身份证11010519491231002X"


def letter_text(application) -> str:
    document = application.documents.get(kind="letter")
    return "\n".join(p.text for p in Docx(document.file.open("rb")).paragraphs)


def answered(ac, outcome: str, **kwargs):
    application = received(ac, DAY)
    with at(D(2026, 3, 10)):
        return services.answer(
            by=ac.officer,
            application=application,
            outcome=outcome,
            answered_on=D(2026, 3, 10),
            **kwargs,
        )


ANSWERABLE = [o.key for o in policy.OUTCOMES if o.key not in ("3.4.3", "3.6.1", "3.6.2")]


@pytest.mark.parametrize("key", ANSWERABLE)
def test_R7_every_outcome_has_its_letter_with_legal_basis_and_remedies(ac, key: str) -> None:
    application = answered(ac, key, answer_text="详见说明")
    info = policy.outcome(key)
    text = letter_text(application)
    assert application.outcome == key and application.answered_on == D(2026, 3, 10)
    assert info.basis in text
    assert "60日内" in text and "6个月内" in text and "行政复议" in text and "行政诉讼" in text
    assert application.tracking_number in text
    if key.startswith("3.3."):
        assert application.refusal_reason == info.withhold_reason
    deadline = services.answer_deadline(application)
    assert deadline.status == "met" and deadline.met_on_time


def test_R7_still_unclear_after_supplement_needs_a_supplement(ac) -> None:
    application = received(ac, DAY)
    with at(D(2026, 3, 10)), pytest.raises(DomainError):
        services.answer(
            by=ac.officer, application=application, outcome="3.4.3", answered_on=D(2026, 3, 10)
        )
    with at(D(2026, 3, 3)):
        services.ask_supplement(
            by=ac.officer, application=application, asked_on=D(2026, 3, 3), what="请明确"
        )
    with at(D(2026, 3, 5)):
        services.receive_supplement(
            by=ac.officer, application=application, received_on=D(2026, 3, 5)
        )
    with at(D(2026, 3, 10)):
        services.answer(
            by=ac.officer, application=application, outcome="3.4.3", answered_on=D(2026, 3, 10)
        )
    assert policy.outcome("3.4.3").basis in letter_text(application)


def test_R7_exactly_one_outcome_from_the_national_list(ac) -> None:
    application = received(ac, DAY)
    with at(D(2026, 3, 10)):
        with pytest.raises(DomainError):
            services.answer(
                by=ac.officer, application=application, outcome="3.9", answered_on=D(2026, 3, 10)
            )
        services.answer(
            by=ac.officer, application=application, outcome="3.1", answered_on=D(2026, 3, 10)
        )
        with pytest.raises(DomainError):
            services.answer(
                by=ac.officer, application=application, outcome="3.2", answered_on=D(2026, 3, 10)
            )


def _docx_with(text: str) -> bytes:
    doc = Docx()
    doc.add_paragraph("关于道路维修工程的招标文件")
    doc.add_paragraph(text)
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_R7_partial_disclosure_redacts_for_real(ac, kind: str) -> None:
    application = answered(ac, "3.2", answer_text="涉及个人信息的部分已作区分处理")
    if kind == "docx":
        data, name = _docx_with(SECRET_TEXT), "招标文件.docx"
    else:
        data, name = redaction.text_pdf(["关于道路维修工程的招标文件", SECRET_TEXT]), "招标文件.pdf"
    with at(D(2026, 3, 10)):
        source = services.add_document(
            by=ac.officer, application=application, upload=SimpleUploadedFile(name, data)
        )
    suggested = {s.text for s in redaction.suggest(SECRET_TEXT)}
    assert suggested == {"王小明", "13912345678", "11010519491231002X"}
    with at(D(2026, 3, 10)):
        copy = services.redact(
            by=ac.officer, document=source, passages=[(s, "third_party") for s in sorted(suggested)]
        )
    out = copy.file.open("rb").read()
    text = redaction.docx_text(out) if kind == "docx" else "\n".join(redaction.pdf_text(out))
    assert "招标文件" in text
    for secret in suggested:
        assert secret not in text
        assert secret.encode() not in out
    source.refresh_from_db()
    assert not source.sent and copy.sent
    log = Redaction.objects.filter(document=copy)
    assert log.count() == 3 and {r.reason for r in log} == {"third_party"}
    assert all(secret not in r.preview for r in log for secret in suggested)


def test_R7_a_passage_not_in_the_file_is_refused(ac) -> None:
    application = answered(ac, "3.2")
    with at(D(2026, 3, 10)):
        source = services.add_document(
            by=ac.officer,
            application=application,
            upload=SimpleUploadedFile("a.docx", _docx_with("无个人信息")),
        )
        with pytest.raises(DomainError):
            services.redact(by=ac.officer, document=source, passages=[("张三", "third_party")])


def test_R7_uploads_are_checked_by_content(ac) -> None:
    application = answered(ac, "3.1")
    with at(D(2026, 3, 10)), pytest.raises(DomainError):
        services.add_document(
            by=ac.officer,
            application=application,
            upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"),
        )


def test_R7_applicant_downloads_letter_and_copy_with_both_codes(ac, client) -> None:
    application, secret = apply_online(ac)
    services.confirm_receipt(
        by=ac.officer, application=application, confirmed_on=dt.date.today(), method="phone"
    )
    services.answer(
        by=ac.officer, application=application, outcome="3.1", answered_on=dt.date.today()
    )
    services.record_delivery(
        by=ac.officer, application=application, way="portal", on=dt.date.today()
    )
    letter = application.documents.get(kind="letter")
    codes = {"tracking_number": application.tracking_number, "secret": secret}
    response = client.post(f"/apply/files/{letter.pk}/", codes)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    wrong = client.post(f"/apply/files/{letter.pk}/", {**codes, "secret": "nope"})
    assert wrong.status_code == 404
    page = client.post("/apply/track/", codes).content.decode()
    assert letter.name in page
    application.refresh_from_db()
    assert application.delivered_by == "portal"


def test_D11_refusals_are_listed_filed_and_exported(ac, client) -> None:
    refused = answered(ac, "3.3.4")
    with at(D(2026, 3, 12)):
        services.file_refusal(
            by=ac.officer,
            application=refused,
            authority="市人民政府办公室",
            filed_on=D(2026, 3, 12),
            reference="备2026-1",
        )
        with pytest.raises(DomainError):
            services.file_refusal(
                by=ac.officer,
                application=answered(ac, "3.1"),
                authority="市政府",
                filed_on=D(2026, 3, 12),
            )
    client.force_login(ac.officer)
    assert refused.tracking_number in client.get("/staff/applications/refusals/").content.decode()
    response = client.get("/staff/applications/refusals/", {"format": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1][0] == refused.tracking_number and rows[1][5] == "市人民政府办公室"


def test_D14_review_and_litigation_cases_with_their_outcomes(ac) -> None:
    application = answered(ac, "3.3.6")
    with at(D(2026, 5, 6)):
        case = services.open_case(
            by=ac.officer,
            application=application,
            kind="review",
            body="市人民政府",
            filed_on=D(2026, 5, 6),
        )
        assert case.outcome == "pending"
        services.conclude_case(
            by=ac.officer, case=case, outcome="maintained", concluded_on=D(2026, 5, 6)
        )
        later = services.open_case(
            by=ac.officer,
            application=application,
            kind="litigation_after_review",
            body="某区人民法院",
            filed_on=D(2026, 5, 6),
        )
    assert {c.kind for c in application.cases.all()} == {"review", "litigation_after_review"}
    assert later.outcome == "pending"


def test_R8_correction_request_has_its_own_clock_and_answer(ac) -> None:
    with at(DAY):
        request = services.receive_correction(
            by=ac.officer,
            bureau=ac.bureau,
            name="李四",
            phone="13900139000",
            record="行政处罚决定书中的姓名",
            correction="姓名应为李肆",
            received_on=DAY,
        )
    from zhengwu.workdays.models import Deadline

    deadline = Deadline.objects.get(
        owner_type="applications.correctionrequest", owner_id=str(request.pk)
    )
    assert deadline.rule_id == "R-8" and deadline.due_date == D(2026, 3, 30)
    with at(D(2026, 3, 9)):
        services.answer_correction(
            by=ac.officer,
            request=request,
            status="corrected",
            answer="已更正",
            answered_on=D(2026, 3, 9),
        )
    deadline.refresh_from_db()
    assert deadline.status == "met"


def test_R9_information_released_to_several_applicants_moves_to_proactive(ac) -> None:
    from zhengwu.applications.selectors import released_to_several
    from zhengwu.disclosure.services import create_item

    item = create_item(
        by=ac.air_liaison,
        bureau=ac.bureau,
        title="道路维修工程招标文件",
        category=category(),
        formed_on=D(2026, 1, 5),
        attribute="on_application",
    )
    first = answered(ac, "3.1", items=[item])
    answered(ac, "3.1", items=[item])
    assert released_to_several({ac.bureau.pk}) == [
        {"item_id": item.pk, "title": item.title, "count": 2}
    ]
    with at(D(2026, 3, 12)):
        draft = services.move_to_proactive(by=ac.officer, application=first, category=category())
    assert draft.status == "draft" and draft.attribute == "proactive"


def test_R3_the_warning_sweep_warns_the_handler_of_an_overdue_application(ac) -> None:
    from zhengwu.notifications.models import Notification
    from zhengwu.warnings import services as warnings

    application = received(ac, DAY)
    services.assign_handler(by=ac.officer, application=application, handler=ac.officer)
    due = services.answer_deadline(application).due_date
    with at(due + dt.timedelta(days=3)):
        warnings.sweep()
        warnings.process_all_new_warnings()
    assert Notification.objects.filter(recipient=ac.officer, kind="warnings.overdue").exists()
    assert application.status == Status.HANDLING


def test_R7_staff_api_answers_and_redacts_through_the_same_services(ac, client) -> None:
    application = received(ac, dt.date.today())
    client.force_login(ac.officer)
    base = f"/api/v1/applications/{application.pk}"
    response = client.post(
        f"{base}/answer",
        {"outcome": "3.2", "on": dt.date.today().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["outcome"] == "3.2"
    source = services.add_document(
        by=ac.officer,
        application=application,
        upload=SimpleUploadedFile("a.docx", _docx_with(SECRET_TEXT)),
    )
    response = client.post(
        f"{base}/documents/{source.pk}/redact",
        {"passages": [{"text": "王小明", "reason": "third_party"}]},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["redactions"] == 1
    too_long = client.post(
        f"{base}/documents/{source.pk}/redact",
        {"passages": [{"text": "长" * 201, "reason": "third_party"}]},
        content_type="application/json",
    )
    assert too_long.status_code == 422
    client.force_login(ac.other_officer)
    assert client.get(base).status_code == 404
