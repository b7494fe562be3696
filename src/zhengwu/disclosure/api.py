"""Staff API of the information register: the same services and permissions as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from zhengwu.api.types import Id, Limit, Offset
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.disclosure import selectors, services
from zhengwu.disclosure.models import Attribute, Category, InformationItem, SignOff
from zhengwu.org.models import OrgUnit

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


class ItemIn(Schema):
    title: str
    category_id: Id
    formed_on: dt.date
    attribute: str = Attribute.PROACTIVE
    summary: str = ""
    document_number: str = ""
    body: str = ""
    publisher_unit_id: Id | None = None
    withhold_reason: str = ""
    concerned_unit_ids: list[int] = []


class ReviewIn(Schema):
    conclusion: str
    note: str = ""
    referred_to: str = ""


class SignOffIn(Schema):
    confirm: bool
    note: str = ""


class PublishIn(Schema):
    channels: list[str] = []


def _out(item: InformationItem) -> dict:
    deadline = selectors.publication_deadline(item)
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
    }


def _item(request: HttpRequest, item_id: Id, perm: str = "disclosure.view_item") -> InformationItem:
    item = get_object_or_404(InformationItem, pk=item_id)
    if not request.user.has_perm("disclosure.view_item", item):
        raise DomainError("Not found", code="not_found")
    if not request.user.has_perm(perm, item):
        raise PermissionDenied()
    return item


@router.get("/items", response=list[ItemOut])
def list_items(
    request: HttpRequest, status: str = "", limit: Limit = 50, offset: Offset = 0
) -> list:
    if not request.user.has_perm("disclosure.view_register"):
        raise PermissionDenied()
    items = selectors.visible_items(request.user).order_by("-pk")
    if status:
        items = items.filter(status=status)
    limit = max(1, min(limit, 200))
    return [_out(i) for i in items[max(0, offset) : max(0, offset) + limit]]


@router.get("/items/{item_id}", response=ItemOut)
def get_item(request: HttpRequest, item_id: Id) -> dict:
    return _out(_item(request, item_id))


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
    )
    return Status(201, _out(item))


@router.post("/items/{item_id}/submit", response=ItemOut)
def submit(request: HttpRequest, item_id: Id) -> dict:
    item = _item(request, item_id, "disclosure.edit_item")
    return _out(services.submit_for_review(by=request.user, item=item))


@router.post("/items/{item_id}/review", response=ItemOut)
def review(request: HttpRequest, item_id: Id, payload: ReviewIn) -> dict:
    item = _item(request, item_id, "disclosure.review_item")
    services.review_item(by=request.user, item=item, **payload.dict())
    return _out(InformationItem.objects.get(pk=item_id))


@router.post("/signoffs/{signoff_id}", response=ItemOut)
def sign_off(request: HttpRequest, signoff_id: Id, payload: SignOffIn) -> dict:
    signoff = get_object_or_404(SignOff, pk=signoff_id)
    _item(request, signoff.item_id)
    if not request.user.has_perm("disclosure.sign_off", signoff):
        raise PermissionDenied()
    services.sign_off(by=request.user, signoff=signoff, confirm=payload.confirm, note=payload.note)
    return _out(InformationItem.objects.get(pk=signoff.item_id))


@router.post("/items/{item_id}/approve", response=ItemOut)
def approve(request: HttpRequest, item_id: Id) -> dict:
    item = _item(request, item_id, "disclosure.approve_item")
    return _out(services.approve_item(by=request.user, item=item))


@router.post("/items/{item_id}/publish", response=ItemOut)
def publish(request: HttpRequest, item_id: Id, payload: PublishIn) -> dict:
    item = _item(request, item_id, "disclosure.publish_item")
    return _out(services.publish_item(by=request.user, item=item, channels=payload.channels))
