"""/api/v1 for applications: the public intake and tracking (no login), and the staff steps.

Every endpoint calls the same services and selectors as the pages. Strings have maximum lengths
and dates are bounded, so over-long or absurd input is refused as invalid (422), never a 500.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from zhengwu.api.types import ErrorOut, Id, Limit, Offset, column
from zhengwu.applications import clock as calc
from zhengwu.applications import intake, selectors, services
from zhengwu.applications.models import Application, Consultation, CorrectionRequest, RemedyCase
from zhengwu.core.errors import DomainError, NotFound, PermissionDenied
from zhengwu.org.models import Bureau

Day = Annotated[dt.date, Field(ge=dt.date(2008, 5, 1), le=dt.date(2100, 12, 31))]
Short = Annotated[str, Field(max_length=100)]
Line = Annotated[str, Field(max_length=300)]
# The bound of the tracking codes as input: far above the real codes' lengths, so that a wrong
# code of any plausible length answers like an unknown one.
CODE_BOUND = 1000
Text = Annotated[str, Field(max_length=5000)]
TrackingNumber = Annotated[str, Field(max_length=20)]

public_router = Router(tags=["public"], auth=None)
router = Router(tags=["applications"])


# --- public --------------------------------------------------------------------------------


class CaptchaOut(Schema):
    token: str
    svg: str
    enabled: bool


class PublicApplicationIn(Schema):
    applicant_kind: Annotated[str, Field(max_length=20)]
    applicant_category: Annotated[str, Field(max_length=20)] = ""
    name: Short
    legal_representative: Annotated[str, Field(max_length=50)] = ""
    credit_code: Annotated[str, Field(max_length=18)] = ""
    id_type: Annotated[str, Field(max_length=20)]
    id_number: Annotated[str, Field(max_length=30)]
    phone: Annotated[str, Field(max_length=20)]
    email: Short = ""
    address: Annotated[str, Field(max_length=200)] = ""
    postcode: Annotated[str, Field(max_length=10)] = ""
    info_title: Annotated[str, Field(max_length=200)] = ""
    info_document_number: Short = ""
    description: Annotated[str, Field(max_length=2000)]
    purpose: Annotated[str, Field(max_length=200)] = ""
    form: Annotated[str, Field(max_length=20)]
    delivery: Annotated[str, Field(max_length=20)]
    bureau_code: Annotated[str, Field(max_length=40)] = ""
    captcha_token: Annotated[str, Field(max_length=500)] = ""
    captcha: Annotated[str, Field(max_length=20)] = ""


class SubmittedOut(Schema):
    tracking_number: str
    secret: str
    status: str


class StepOut(Schema):
    on: dt.date
    kind: str
    text: str


class DocumentOut(Schema):
    id: int
    name: str
    kind: str


class TrackOut(Schema):
    tracking_number: str
    status: str
    status_label: str
    received_on: dt.date | None
    due_date: dt.date | None
    outcome: str
    outcome_label: str
    answered_on: dt.date | None
    timeline: list[StepOut]
    documents: list[DocumentOut]


def _track_out(application: Application) -> dict[str, Any]:
    deadline = services.answer_deadline(application)
    return {
        "tracking_number": application.tracking_number,
        "status": application.status,
        "status_label": application.get_status_display(),
        "received_on": application.received_on,
        "due_date": deadline.due_date if deadline and deadline.is_open else None,
        "outcome": application.outcome,
        "outcome_label": application.get_outcome_display() if application.outcome else "",
        "answered_on": application.answered_on,
        "timeline": [
            {"on": t.on, "kind": t.kind, "text": t.text} for t in selectors.timeline_of(application)
        ],
        "documents": [
            {"id": d.pk, "name": d.name, "kind": d.kind}
            for d in selectors.sent_documents(application)
        ],
    }


@public_router.get("/captcha", response=CaptchaOut)
def captcha(request: HttpRequest) -> dict[str, Any]:
    token, svg = intake.new_captcha()
    return {"token": token, "svg": svg, "enabled": intake.captcha_enabled()}


@public_router.post("", response={201: SubmittedOut, 400: ErrorOut, 429: ErrorOut})
def submit(request: HttpRequest, payload: PublicApplicationIn) -> Status:
    """R-1: apply without an account; the answer holds the tracking number and the secret."""
    data = payload.dict()
    address = intake.source_hash(intake.client_address(request))
    try:  # every attempt counts, valid or not, so guessing the captcha is limited too
        intake.check_rate(address)
    except intake.RateLimited as exc:
        return Status(429, {"detail": exc.message, "code": exc.code})
    intake.check_captcha(data.pop("captcha_token"), data.pop("captcha"))
    code = data.pop("bureau_code")
    bureaus = Bureau.objects.filter(is_active=True)
    bureau = bureaus.filter(code=code).first() if code else bureaus.order_by("pk").first()
    if bureau is None:
        raise DomainError(_("Unknown bureau."), code="bureau")
    application, secret = services.submit_application(
        by=None, bureau=bureau, channel="online", source_hash=address, **data
    )
    return Status(
        201,
        {
            "tracking_number": application.tracking_number,
            "secret": secret,
            "status": application.status,
        },
    )


@public_router.get("/{tracking_number}", response={200: TrackOut, 404: ErrorOut})
def track(
    request: HttpRequest,
    tracking_number: Annotated[str, Path(max_length=CODE_BOUND)],
    secret: Annotated[str, Query(max_length=CODE_BOUND)] = "",
) -> dict[str, Any]:
    """The status and timeline — with the number and its secret; anything else is 404.

    A secret or number longer than the real ones is wrong like any other and answers exactly as
    an unknown number does (issue point 2), never a validation error; only input beyond
    CODE_BOUND, which no address bar sends, is refused as input.
    """
    application = selectors.by_tracking(tracking_number, secret)
    if application is None:
        raise NotFound(_("No application matches this tracking number and secret code."))
    return _track_out(application)


# --- staff ---------------------------------------------------------------------------------


class ApplicationOut(Schema):
    id: int
    tracking_number: str
    channel: str
    applicant_kind: str
    applicant_category: str
    name: str
    id_number: str
    phone: str
    description: str
    status: str
    received_on: dt.date | None
    due_date: dt.date | None
    deadline_explanation: str
    outcome: str
    refusal_reason: str
    answered_on: dt.date | None


def _out(request: HttpRequest, application: Application) -> dict[str, Any]:
    shown = selectors.show_applicant_data(request.user, application)
    deadline = services.answer_deadline(application)
    return {
        "id": application.pk,
        "tracking_number": application.tracking_number,
        "channel": application.channel,
        "applicant_kind": application.applicant_kind,
        "applicant_category": application.applicant_category,
        "name": application.name,
        "id_number": shown["id_number"],
        "phone": shown["phone"],
        "description": application.description,
        "status": application.status,
        "received_on": application.received_on,
        "due_date": deadline.due_date if deadline else None,
        "deadline_explanation": deadline.explain() if deadline else "",
        "outcome": application.outcome,
        "refusal_reason": application.refusal_reason,
        "answered_on": application.answered_on,
    }


def _application(request: HttpRequest, application_id: Id) -> Application:
    application = Application.objects.filter(pk=application_id).first()
    if application is None or not request.user.has_perm(
        "applications.see_application", application
    ):
        raise NotFound(_("No such application."))
    return application


def _fresh(request: HttpRequest, application_id: Id) -> dict[str, Any]:
    return _out(request, Application.objects.get(pk=application_id))


class StaffApplicationIn(PublicApplicationIn):
    channel: Annotated[str, Field(max_length=20)]
    handed_in_on: Day | None = None


@router.get("", response=list[ApplicationOut])
def list_applications(
    request: HttpRequest,
    status: Annotated[str, Field(max_length=20)] = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    if not request.user.has_perm("applications.view_list"):
        raise PermissionDenied()
    rows = selectors.applications_for(request.user, status=status).order_by("-pk")
    return [_out(request, a) for a in rows[offset : offset + limit]]


@router.post("", response={201: ApplicationOut})
def enter_application(request: HttpRequest, payload: StaffApplicationIn) -> Status:
    """R-2: staff enter applications handed in, posted or faxed."""
    bureau = request.user.bureau
    if bureau is None:
        raise PermissionDenied()
    data = payload.dict()
    for key in ("captcha_token", "captcha", "bureau_code"):
        data.pop(key)
    application, _secret = services.submit_application(by=request.user, bureau=bureau, **data)
    return Status(201, _out(request, application))


# --- correction requests (declared before /{application_id}, which would take the path) --


class CorrectionIn(Schema):
    name: column(CorrectionRequest, "name")
    phone: column(CorrectionRequest, "phone")
    record: column(CorrectionRequest, "record")
    correction: column(CorrectionRequest, "correction")
    received_on: Day
    tracking_number: TrackingNumber = ""


class CorrectionAnswerIn(Schema):
    status: Annotated[str, Field(max_length=20)]
    answer: column(CorrectionRequest, "answer")
    on: Day


class CorrectionOut(Schema):
    id: int
    name: str
    phone: str
    record: str
    correction: str
    received_on: dt.date
    status: str
    status_label: str
    answer: str
    answered_on: dt.date | None
    due_date: dt.date | None
    deadline_explanation: str
    tracking_number: str


def _correction_out(request: HttpRequest, correction: CorrectionRequest) -> dict[str, Any]:
    deadline = services.correction_deadline(correction)
    return {
        "id": correction.pk,
        "name": correction.name,
        "phone": selectors.show_requester_data(request.user, correction)["phone"],
        "record": correction.record,
        "correction": correction.correction,
        "received_on": correction.received_on,
        "status": correction.status,
        "status_label": correction.get_status_display(),
        "answer": correction.answer,
        "answered_on": correction.answered_on,
        "due_date": deadline.due_date if deadline else None,
        "deadline_explanation": deadline.explain() if deadline else "",
        "tracking_number": correction.application.tracking_number
        if correction.application_id
        else "",
    }


def _correction(request: HttpRequest, correction_id: Id) -> CorrectionRequest:
    correction = (
        CorrectionRequest.objects.select_related("application").filter(pk=correction_id).first()
    )
    if correction is None or not request.user.has_perm("applications.see_correction", correction):
        raise NotFound(_("No such correction request."))
    return correction


@router.get("/corrections", response=list[CorrectionOut])
def list_corrections(
    request: HttpRequest,
    status: Annotated[str, Field(max_length=20)] = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """R-8: the correction requests of the person's bureaus."""
    if not request.user.has_perm("applications.view_list"):
        raise PermissionDenied()
    rows = selectors.corrections_for(request.user, status=status).order_by("-pk")
    return [_correction_out(request, c) for c in rows[offset : offset + limit]]


@router.post("/corrections", response={201: CorrectionOut, 400: ErrorOut, 404: ErrorOut})
def enter_correction(request: HttpRequest, payload: CorrectionIn) -> Status:
    """R-8: a request to correct records about oneself; its answer clock starts on receipt."""
    bureau = request.user.bureau
    if bureau is None:
        raise PermissionDenied()
    application = None
    if payload.tracking_number:
        application = Application.objects.filter(
            tracking_number=payload.tracking_number, bureau=bureau
        ).first()
        if application is None:
            raise NotFound(_("No application of the bureau has this number."))
    correction = services.receive_correction(
        by=request.user,
        bureau=bureau,
        application=application,
        name=payload.name,
        phone=payload.phone,
        record=payload.record,
        correction=payload.correction,
        received_on=payload.received_on,
    )
    return Status(201, _correction_out(request, correction))


@router.get("/corrections/{correction_id}", response=CorrectionOut)
def get_correction(request: HttpRequest, correction_id: Id) -> dict[str, Any]:
    return _correction_out(request, _correction(request, correction_id))


@router.post("/corrections/{correction_id}/answer", response=CorrectionOut)
def answer_correction(
    request: HttpRequest, correction_id: Id, payload: CorrectionAnswerIn
) -> dict[str, Any]:
    """R-8: corrected, not corrected or referred, with the answer; the clock is met."""
    correction = services.answer_correction(
        by=request.user,
        request=_correction(request, correction_id),
        status=payload.status,
        answer=payload.answer,
        answered_on=payload.on,
    )
    return _correction_out(request, correction)


@router.get("/{application_id}", response=ApplicationOut)
def get_application(request: HttpRequest, application_id: Id) -> dict[str, Any]:
    return _out(request, _application(request, application_id))


class DateIn(Schema):
    on: Day


class ConfirmIn(DateIn):
    method: Annotated[str, Field(max_length=20)]


class SupplementIn(DateIn):
    what: Annotated[str, Field(max_length=2000)]


class SupplementReceivedIn(DateIn):
    content: Annotated[str, Field(max_length=2000)] = ""


class ConsultIn(DateIn):
    kind: Annotated[str, Field(max_length=20)]
    party: Annotated[str, Field(max_length=200)]


class OpinionIn(DateIn):
    opinion: Annotated[str, Field(max_length=2000)] = ""


class FeeIn(DateIn):
    method: Annotated[str, Field(max_length=10)]
    quantity: Annotated[int, Field(ge=1, le=100_000)]


class ExtendIn(Schema):
    days: Annotated[int, Field(ge=1, le=20)]
    reason: Line


class AnswerIn(DateIn):
    outcome: Annotated[str, Field(max_length=8)]
    answer_text: Text = ""
    item_ids: Annotated[list[Id], Field(max_length=50)] = []


class DeliverIn(DateIn):
    way: Annotated[str, Field(max_length=20)]


class FilingIn(DateIn):
    authority: Annotated[str, Field(max_length=200)]
    reference: Short = ""


Step = Callable[[Any, Application, Any], object]


def handling_step(path: str, payload_schema: type[Schema], name: str, doc: str = "") -> Any:
    """Register `POST /{application_id}/<path>` for one handling step.

    The decorated function gets (person, application, payload) and calls the service; the shared
    shape around it is here once: the application is looked up within what the person may see
    (404 otherwise), the payload is validated by `payload_schema` (bounded strings and dates,
    422 otherwise), a refusal of the service answers 400, and the answer is the application as
    it now stands. `name` keeps the operation id of the OpenAPI document.
    """

    def register(call: Step) -> Step:
        def endpoint(request: HttpRequest, application_id: Id, payload: Any) -> dict[str, Any]:
            call(request.user, _application(request, application_id), payload)
            return _fresh(request, application_id)

        endpoint.__name__ = endpoint.__qualname__ = name
        endpoint.__module__ = __name__
        endpoint.__doc__ = doc or call.__doc__
        # Real types (not the strings of postponed annotations): ninja reads them for the schema.
        endpoint.__annotations__ = {
            "request": HttpRequest,
            "application_id": Id,
            "payload": payload_schema,
            "return": dict[str, Any],
        }
        router.post(f"/{{application_id}}/{path}", response=ApplicationOut)(endpoint)
        return call

    return register


@handling_step("confirm", ConfirmIn, "confirm")
def _confirm(by: Any, application: Application, payload: ConfirmIn) -> object:
    return services.confirm_receipt(
        by=by, application=application, confirmed_on=payload.on, method=payload.method
    )


@handling_step("supplement", SupplementIn, "supplement")
def _supplement(by: Any, application: Application, payload: SupplementIn) -> object:
    return services.ask_supplement(
        by=by, application=application, asked_on=payload.on, what=payload.what
    )


@handling_step("supplement-received", SupplementReceivedIn, "supplement_received")
def _supplement_received(
    by: Any, application: Application, payload: SupplementReceivedIn
) -> object:
    return services.receive_supplement(
        by=by, application=application, received_on=payload.on, content=payload.content
    )


@handling_step("consultations", ConsultIn, "consult")
def _consult(by: Any, application: Application, payload: ConsultIn) -> object:
    return services.start_consultation(
        by=by, application=application, kind=payload.kind, party=payload.party, sent_on=payload.on
    )


@handling_step("fee", FeeIn, "fee")
def _fee(by: Any, application: Application, payload: FeeIn) -> object:
    """R-6: record the items or pages; a fee notice goes out only when a fee is due."""
    return services.assess_fee(
        by=by,
        application=application,
        method=payload.method,
        quantity=payload.quantity,
        on=payload.on,
    )


@handling_step("fee-paid", DateIn, "fee_paid")
def _fee_paid(by: Any, application: Application, payload: DateIn) -> object:
    return services.record_fee_paid(by=by, application=application, paid_on=payload.on)


@handling_step("extend", ExtendIn, "extend")
def _extend(by: Any, application: Application, payload: ExtendIn) -> object:
    return services.extend(by=by, application=application, days=payload.days, reason=payload.reason)


@handling_step("answer", AnswerIn, "answer")
def _answer(by: Any, application: Application, payload: AnswerIn) -> object:
    from zhengwu.disclosure.models import InformationItem

    items = InformationItem.objects.filter(pk__in=payload.item_ids, bureau_id=application.bureau_id)
    return services.answer(
        by=by,
        application=application,
        outcome=payload.outcome,
        answered_on=payload.on,
        answer_text=payload.answer_text,
        items=list(items),
    )


@handling_step("delivery", DeliverIn, "deliver")
def _deliver(by: Any, application: Application, payload: DeliverIn) -> object:
    return services.record_delivery(by=by, application=application, way=payload.way, on=payload.on)


@handling_step("filing", FilingIn, "filing")
def _filing(by: Any, application: Application, payload: FilingIn) -> object:
    return services.file_refusal(
        by=by,
        application=application,
        authority=payload.authority,
        filed_on=payload.on,
        reference=payload.reference,
    )


@router.post("/{application_id}/consultations/{consultation_id}/answer", response=ApplicationOut)
def consultation_answer(
    request: HttpRequest, application_id: Id, consultation_id: Id, payload: OpinionIn
) -> dict[str, Any]:
    application = _application(request, application_id)
    consultation = Consultation.objects.filter(pk=consultation_id, application=application).first()
    if consultation is None:
        raise NotFound(_("No such consultation."))
    services.record_consultation_answer(
        by=request.user,
        consultation=consultation,
        answered_on=payload.on,
        opinion=payload.opinion,
    )
    return _fresh(request, application_id)


class RemedyCaseIn(DateIn):
    kind: Annotated[str, Field(max_length=30)]
    body: Annotated[str, Field(max_length=200)]
    case_number: Short = ""


class RemedyCaseOut(Schema):
    id: int
    kind: str
    body: str
    outcome: str
    filed_on: dt.date
    concluded_on: dt.date | None


@router.post("/{application_id}/cases", response={201: RemedyCaseOut})
def open_case(request: HttpRequest, application_id: Id, payload: RemedyCaseIn) -> Status:
    case = services.open_case(
        by=request.user,
        application=_application(request, application_id),
        kind=payload.kind,
        body=payload.body,
        filed_on=payload.on,
        case_number=payload.case_number,
    )
    return Status(201, case)


class ConcludeIn(DateIn):
    outcome: Annotated[str, Field(max_length=20)]
    note: Annotated[str, Field(max_length=2000)] = ""


@router.post("/{application_id}/cases/{case_id}/conclude", response=RemedyCaseOut)
def conclude_case(
    request: HttpRequest, application_id: Id, case_id: Id, payload: ConcludeIn
) -> RemedyCase:
    application = _application(request, application_id)
    case = RemedyCase.objects.filter(pk=case_id, application=application).first()
    if case is None:
        raise NotFound(_("No such case."))
    return services.conclude_case(
        by=request.user,
        case=case,
        outcome=payload.outcome,
        concluded_on=payload.on,
        note=payload.note,
    )


class DerivationOut(Schema):
    lines: list[str]
    due: dt.date
    unconfirmed_years: list[int]


@router.get("/calculator/deadline", response=DerivationOut)
def deadline_calculator(
    request: HttpRequest,
    received: Day,
    supplement_asked: Day | None = None,
    supplement_received: Day | None = None,
    pause_from: Day | None = None,
    pause_to: Day | None = None,
    extend: Annotated[int, Field(ge=0, le=20)] = 0,
) -> dict[str, Any]:
    """The what-if calculator (the same derivation as `zhengwu applications deadline`)."""
    if not request.user.has_perm("applications.calculate"):
        raise PermissionDenied()
    pauses = [(pause_from, pause_to)] if pause_from and pause_to else []
    result = calc.derive(
        received=received,
        supplement_asked=supplement_asked,
        supplement_received=supplement_received,
        pauses=pauses,
        extension=extend,
    )
    return {"lines": result.lines, "due": result.due, "unconfirmed_years": result.unconfirmed_years}


class PassageIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=200)]
    reason: Annotated[str, Field(max_length=30)]


class RedactIn(Schema):
    passages: Annotated[list[PassageIn], Field(min_length=1, max_length=100)]


class RedactedOut(Schema):
    document_id: int
    name: str
    redactions: int


@router.post("/{application_id}/documents/{document_id}/redact", response={201: RedactedOut})
def redact(request: HttpRequest, application_id: Id, document_id: Id, payload: RedactIn) -> Status:
    """条例第三十七条: the redacted copy of a PDF or Word file, each passage with its reason."""
    from zhengwu.applications.models import Document

    application = _application(request, application_id)
    document = Document.objects.filter(pk=document_id, application=application).first()
    if document is None:
        raise NotFound(_("No such document."))
    copy = services.redact(
        by=request.user,
        document=document,
        passages=[(p.text, p.reason) for p in payload.passages],
    )
    return Status(
        201, {"document_id": copy.pk, "name": copy.name, "redactions": copy.redactions.count()}
    )
