"""Staff API of the information register: the same services and permissions as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile

from zhengwu.api.types import Id, IdList, Limit, Offset, PlausibleDate, column, words
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.disclosure import rules, selectors, services
from zhengwu.disclosure.models import (
    Attachment,
    Attribute,
    Category,
    ChannelRecord,
    Clarification,
    ConfidentialityReview,
    InformationItem,
    SignOff,
)
from zhengwu.org.models import OrgUnit

Text = words(5000)
Line = words(300)

router = Router(tags=["disclosure"])


class ItemOut(Schema):
    id: int
    index_number: str
    title: str
    status: str
    attribute: str
    withhold_reason: str
    category_id: Id
    publisher: str
    document_number: str
    formed_on: dt.date
    changed_on: dt.date | None
    published_on: dt.date | None
    due_date: dt.date | None
    deadline_explanation: str
    published_on_time: bool | None
    is_normative: bool
    validity: str
    # Versions of a normative document (those the caller may see).
    supersedes_id: Id | None
    superseded_by_ids: list[int]
    reassess_on: dt.date | None


class ItemIn(Schema):
    title: column(InformationItem, "title", min_length=1)
    category_id: Id
    formed_on: PlausibleDate
    attribute: column(InformationItem, "attribute") = Attribute.PROACTIVE
    summary: column(InformationItem, "summary") = ""
    document_number: column(InformationItem, "document_number") = ""
    body: column(InformationItem, "body") = ""
    publisher_unit_id: Id | None = None
    withhold_reason: column(InformationItem, "withhold_reason") = ""
    concerned_unit_ids: IdList = []
    is_normative: bool = False
    supersedes_id: Id | None = None


class ReviewIn(Schema):
    conclusion: column(ConfidentialityReview, "conclusion")
    note: column(ConfidentialityReview, "note") = ""
    referred_to: column(ConfidentialityReview, "referred_to") = ""


class SignOffIn(Schema):
    confirm: bool
    note: column(SignOff, "note") = ""


class PublishIn(Schema):
    channels: list[column(ChannelRecord, "channel")] = []


def _out(item: InformationItem, user: Any = None) -> dict:
    deadline = selectors.publication_deadline(item)
    visible = selectors.visible_items(user) if user is not None else None
    supersedes_id = item.supersedes_id
    if supersedes_id and (visible is None or not visible.filter(pk=supersedes_id).exists()):
        supersedes_id = None
    newer = (
        list(visible.filter(supersedes_id=item.pk).order_by("pk").values_list("pk", flat=True))
        if visible is not None
        else []
    )
    return {
        "id": item.pk,
        "index_number": item.index_number,
        "title": item.title,
        "status": item.status,
        "attribute": item.attribute,
        "withhold_reason": item.withhold_reason,
        "category_id": item.category_id,
        "publisher": item.publisher_name,
        "document_number": item.document_number,
        "formed_on": item.formed_on,
        "changed_on": item.changed_on,
        "published_on": item.published_on,
        "due_date": deadline.due_date if deadline else None,
        "deadline_explanation": deadline.explain() if deadline else "",
        "published_on_time": deadline.met_on_time if deadline else None,
        "is_normative": item.is_normative,
        "validity": item.validity,
        "supersedes_id": supersedes_id,
        "superseded_by_ids": newer,
        "reassess_on": item.reassess_on,
    }


def _fresh(request: HttpRequest, item_id: Id) -> dict:
    return _out(InformationItem.objects.get(pk=item_id), request.user)


def _item(request: HttpRequest, item_id: Id, perm: str = "disclosure.view_item") -> InformationItem:
    item = InformationItem.objects.filter(pk=item_id).first()
    # Confidential items are invisible to people not named on them: the same answer as "none"
    # (Http404: one message for every record missing or hidden, whatever its kind).
    if item is None or not request.user.has_perm("disclosure.view_item", item):
        raise Http404
    if not request.user.has_perm(perm, item):
        raise PermissionDenied(rules.refusal_message(request.user, perm, item) or "")
    return item


@router.get("/items", response=list[ItemOut])
def list_items(
    request: HttpRequest, status: words(20) = "", limit: Limit = 50, offset: Offset = 0
) -> list:
    if not request.user.has_perm("disclosure.view_register"):
        raise PermissionDenied()
    items = selectors.visible_items(request.user).order_by("-pk")
    if status:
        items = items.filter(status=status)
    limit = max(1, min(limit, 200))
    return [_out(i, request.user) for i in items[max(0, offset) : max(0, offset) + limit]]


@router.get("/items/{item_id}", response=ItemOut)
def get_item(request: HttpRequest, item_id: Id) -> dict:
    return _out(_item(request, item_id), request.user)


@router.post("/items", response={201: ItemOut})
def create_item(request: HttpRequest, payload: ItemIn) -> Status:
    if not request.user.has_perm("disclosure.add_item"):
        raise PermissionDenied()
    bureau = request.user.bureau
    if bureau is None:
        raise PermissionDenied()
    category = get_object_or_404(Category, pk=payload.category_id)
    publisher = (
        get_object_or_404(OrgUnit, pk=payload.publisher_unit_id, bureau=bureau)
        if payload.publisher_unit_id
        else None
    )
    units = list(OrgUnit.objects.filter(pk__in=payload.concerned_unit_ids, bureau=bureau))
    supersedes = None
    if payload.supersedes_id:
        supersedes = (
            selectors.visible_items(request.user)
            .filter(pk=payload.supersedes_id, bureau=bureau, is_normative=True)
            .first()
        )
        if supersedes is None:
            raise DomainError(
                _("The previous version must be a normative document of the bureau."),
                code="supersedes",
            )
    item = services.create_item(
        by=request.user,
        bureau=bureau,
        title=payload.title,
        category=category,
        formed_on=payload.formed_on,
        attribute=payload.attribute,
        summary=payload.summary,
        document_number=payload.document_number,
        body=payload.body,
        publisher_unit=publisher,
        withhold_reason=payload.withhold_reason,
        concerned_units=units,
        is_normative=payload.is_normative,
        supersedes=supersedes,
    )
    return Status(201, _out(item, request.user))


@router.post("/items/{item_id}/submit", response=ItemOut)
def submit(request: HttpRequest, item_id: Id) -> dict:
    item = _item(request, item_id, "disclosure.edit_item")
    return _out(services.submit_for_review(by=request.user, item=item), request.user)


@router.post("/items/{item_id}/review", response=ItemOut)
def review(request: HttpRequest, item_id: Id, payload: ReviewIn) -> dict:
    item = _item(request, item_id, "disclosure.review_item")
    services.review_item(by=request.user, item=item, **payload.dict())
    return _fresh(request, item_id)


@router.post("/signoffs/{signoff_id}", response=ItemOut)
def sign_off(request: HttpRequest, signoff_id: Id, payload: SignOffIn) -> dict:
    signoff = get_object_or_404(SignOff, pk=signoff_id)
    _item(request, signoff.item_id)
    if not request.user.has_perm("disclosure.sign_off", signoff):
        raise PermissionDenied()
    services.sign_off(by=request.user, signoff=signoff, confirm=payload.confirm, note=payload.note)
    return _fresh(request, signoff.item_id)


@router.post("/items/{item_id}/approve", response=ItemOut)
def approve(request: HttpRequest, item_id: Id) -> dict:
    item = _item(request, item_id, "disclosure.approve_item")
    return _out(services.approve_item(by=request.user, item=item), request.user)


@router.post("/items/{item_id}/publish", response=ItemOut)
def publish(request: HttpRequest, item_id: Id, payload: PublishIn) -> dict:
    item = _item(request, item_id, "disclosure.publish_item")
    item = services.publish_item(by=request.user, item=item, channels=payload.channels)
    return _out(item, request.user)


# --- the workflow steps beyond the main path (same services and permissions as the pages) -----


class SecrecyAnswerIn(Schema):
    conclusion: column(ConfidentialityReview, "answer_conclusion")  # passed | failed
    answer_on: PlausibleDate
    note: column(ConfidentialityReview, "answer_note") = ""


class DisputeOutcomeIn(Schema):
    allows_release: bool
    outcome: column(SignOff, "outcome")
    outcome_on: PlausibleDate


class WithdrawIn(Schema):
    reason: Line


class ValidityIn(Schema):
    validity: column(InformationItem, "validity")  # effective | amended | abolished


class ChannelIn(Schema):
    channel: column(ChannelRecord, "channel")
    released_on: PlausibleDate
    note: column(ChannelRecord, "note") = ""


class ReassessIn(Schema):
    keep: bool
    note: Text
    # when released: proactive | on_application
    new_attribute: column(InformationItem, "attribute") = ""


class AttachmentOut(Schema):
    id: int
    item_id: Id
    name: str
    content_type: str
    size: int
    description: str
    extraction_status: str
    extraction_message: str
    uploaded_at: dt.datetime


class ClarificationIn(Schema):
    found_where: column(Clarification, "found_where", min_length=1)
    found_on: PlausibleDate
    false_information: column(Clarification, "false_information")
    title: column(InformationItem, "title", min_length=1)
    body: column(InformationItem, "body")
    category_id: Id
    corrects_id: Id | None = None


class ClarificationOut(Schema):
    id: int
    found_where: str
    found_on: dt.date
    false_information: str
    corrects_id: Id | None
    clarification: ItemOut


def _attachment_out(attachment: Attachment) -> dict:
    return {
        "id": attachment.pk,
        "item_id": attachment.item_id,
        "name": attachment.name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "description": attachment.description,
        "extraction_status": attachment.extraction_status,
        "extraction_message": attachment.extraction_message,
        "uploaded_at": attachment.uploaded_at,
    }


def _clarification_out(clarification: Clarification, user: Any) -> dict:
    return {
        "id": clarification.pk,
        "found_where": clarification.found_where,
        "found_on": clarification.found_on,
        "false_information": clarification.false_information,
        "corrects_id": clarification.corrects_id,
        "clarification": _out(clarification.clarification, user),
    }


def _signoff(request: HttpRequest, signoff_id: Id, perm: str) -> SignOff:
    signoff = SignOff.objects.select_related("item", "unit").filter(pk=signoff_id).first()
    if signoff is None:
        raise Http404
    _item(request, signoff.item_id)
    if not request.user.has_perm(perm, signoff):
        raise PermissionDenied()
    return signoff


@router.post("/items/{item_id}/secrecy-answer", response=ItemOut)
def secrecy_answer(request: HttpRequest, item_id: Id, payload: SecrecyAnswerIn) -> dict:
    """D-11: record the secrecy authority's answer to an item referred as "unsure"."""
    item = _item(request, item_id, "disclosure.record_secrecy_answer")
    services.record_secrecy_answer(by=request.user, item=item, **payload.dict())
    return _fresh(request, item_id)


@router.post("/signoffs/{signoff_id}/outcome", response=ItemOut)
def dispute_outcome(request: HttpRequest, signoff_id: Id, payload: DisputeOutcomeIn) -> dict:
    """D-10: record the city disclosure authority's outcome of a disputed sign-off."""
    signoff = _signoff(request, signoff_id, "disclosure.record_dispute_outcome")
    services.record_dispute_outcome(by=request.user, signoff=signoff, **payload.dict())
    return _fresh(request, signoff.item_id)


@router.post("/items/{item_id}/withdraw", response=ItemOut)
def withdraw(request: HttpRequest, item_id: Id, payload: WithdrawIn) -> dict:
    item = _item(request, item_id, "disclosure.publish_item")
    return _out(
        services.withdraw_item(by=request.user, item=item, reason=payload.reason), request.user
    )


@router.post("/items/{item_id}/validity", response=ItemOut)
def validity(request: HttpRequest, item_id: Id, payload: ValidityIn) -> dict:
    """有效性 of a normative document; `supersedes_id` / `superseded_by_ids` link its versions."""
    item = _item(request, item_id, "disclosure.publish_item")
    item = services.set_validity(by=request.user, item=item, validity=payload.validity)
    return _out(item, request.user)


@router.post("/items/{item_id}/channels", response=ItemOut)
def channel(request: HttpRequest, item_id: Id, payload: ChannelIn) -> dict:
    """D-6: a further channel the published item went out on."""
    item = _item(request, item_id, "disclosure.publish_item")
    services.record_channel(by=request.user, item=item, **payload.dict())
    return _fresh(request, item_id)


@router.get("/items/{item_id}/attachments", response=list[AttachmentOut])
def attachments(request: HttpRequest, item_id: Id) -> list:
    item = _item(request, item_id)
    return [_attachment_out(a) for a in item.attachments.all()]


@router.post("/items/{item_id}/attachments", response={201: AttachmentOut})
def add_attachment(
    request: HttpRequest,
    item_id: Id,
    file: File[UploadedFile],
    description: str = Form("", max_length=300),
) -> Status:
    """Attach a file to a draft: PDF, Word, Excel, image or UTF-8 text, checked by its content,
    size limited; its text is read for the portal search (images need a description)."""
    item = _item(request, item_id, "disclosure.edit_item")
    attachment = services.add_attachment(
        by=request.user, item=item, upload=file, description=description
    )
    return Status(201, _attachment_out(attachment))


@router.get("/attachments/{attachment_id}", response={200: None})
def download_attachment(request: HttpRequest, attachment_id: Id) -> FileResponse:
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404  # the same answer as for an attachment of an item the caller cannot see
    _item(request, attachment.item_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@router.get("/clarifications", response=list[ClarificationOut])
def clarifications(request: HttpRequest, limit: Limit = 50, offset: Offset = 0) -> list:
    """D-9: recorded false information and the clarifications that correct it."""
    if not request.user.has_perm("disclosure.view_register"):
        raise PermissionDenied()
    visible = selectors.visible_items(request.user).values("pk")
    rows = (
        Clarification.objects.filter(clarification__in=visible)
        .select_related("clarification__bureau", "clarification__publisher_unit")
        .order_by("-pk")
    )
    return [_clarification_out(c, request.user) for c in rows[offset : offset + limit]]


@router.post("/clarifications", response={201: ClarificationOut})
def record_clarification(request: HttpRequest, payload: ClarificationIn) -> Status:
    """D-9: record false or incomplete information and draft its clarification (which then goes
    through every gate)."""
    if not request.user.has_perm("disclosure.record_clarification"):
        raise PermissionDenied()
    bureau = request.user.bureau
    if bureau is None:
        raise PermissionDenied()
    category = Category.objects.filter(
        pk=payload.category_id, is_active=True, parent__isnull=False
    ).first()
    if category is None:
        raise DomainError(_("Choose a category of the catalogue."), code="category")
    corrects = None
    if payload.corrects_id:
        # As on the page: a clarification corrects information the bureau has published.
        corrects = selectors.public_items().filter(pk=payload.corrects_id, bureau=bureau).first()
        if corrects is None:
            raise DomainError(_("The corrected item must belong to the bureau."), code="corrects")
    data = payload.dict(exclude={"category_id", "corrects_id"})
    clarification = services.record_clarification(
        by=request.user, bureau=bureau, category=category, corrects=corrects, **data
    )
    return Status(201, _clarification_out(clarification, request.user))


@router.get("/withheld/due", response=list[ItemOut])
def withheld_due(request: HttpRequest) -> list:
    """条例第十八条: withheld items whose re-assessment date has come (the worklist)."""
    if not request.user.has_perm("disclosure.view_register"):
        raise PermissionDenied()
    return [_out(i, request.user) for i in selectors.reassessment_worklist(request.user)[:200]]


@router.post("/items/{item_id}/reassess", response=ItemOut)
def reassess(request: HttpRequest, item_id: Id, payload: ReassessIn) -> dict:
    """条例第十八条: keep a withheld item withheld until the next date, or release it."""
    item = _item(request, item_id, "disclosure.reassess_withheld")
    item = services.reassess_withheld(by=request.user, item=item, **payload.dict())
    return _out(item, request.user)
