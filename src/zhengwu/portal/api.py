"""Public read API (no login): list, search and item — through the one public gate."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from zhengwu.api.types import Id, Limit, Offset, Year, words
from zhengwu.disclosure import selectors
from zhengwu.disclosure.models import Category, InformationItem

router = Router(tags=["public"], auth=None)


class PublicItemOut(Schema):
    id: int
    index_number: str
    title: str
    summary: str
    category: str
    publisher: str
    document_number: str
    formed_on: dt.date
    published_on: dt.date | None
    validity: str
    url: str


class PublicItemDetailOut(PublicItemOut):
    body: str
    attachments: list[str]


class PublicSearchHit(Schema):
    item: PublicItemOut
    snippet: str


class PublicSearchOut(Schema):
    query: str
    tokens: list[str]
    total: int
    results: list[PublicSearchHit]


class NotFoundOut(Schema):
    detail: str


def _out(item: InformationItem) -> dict:
    from django.urls import reverse

    return {
        "id": item.pk,
        "index_number": item.index_number,
        "title": item.title,
        "summary": item.summary,
        "category": item.category.name,
        "publisher": item.publisher_name,
        "document_number": item.document_number,
        "formed_on": item.formed_on,
        "published_on": item.published_on,
        "validity": item.validity,
        "url": reverse("portal:item", args=[item.pk]),
    }


def _category(category_id: Id | None) -> Category | None:
    return Category.objects.filter(pk=category_id).first() if category_id else None


@router.get("/items", response=list[PublicItemOut])
def list_items(
    request: HttpRequest,
    category: Id | None = None,
    publisher: words(200) = "",
    year: Year | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> list[dict]:
    items = selectors.filter_items(
        selectors.public_items(), category=_category(category), publisher=publisher, year=year
    ).order_by("-published_on", "-pk")
    limit = max(1, min(limit, 100))
    return [_out(i) for i in items.defer("body")[max(0, offset) : max(0, offset) + limit]]


@router.get("/search", response=PublicSearchOut)
def search_items(
    request: HttpRequest,
    q: words(200),
    category: Id | None = None,
    publisher: words(200) = "",
    year: Year | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict:
    results, tokens, total = selectors.search_public(
        q,
        category=_category(category),
        publisher=publisher,
        year=year,
        limit=max(1, min(limit, 100)),
        offset=max(0, offset),
    )
    return {
        "query": q,
        "tokens": tokens,
        "total": total,
        "results": [{"item": _out(r.item), "snippet": str(r.snippet)} for r in results],
    }


@router.get("/items/{item_id}", response={200: PublicItemDetailOut, 404: NotFoundOut})
def get_item(request: HttpRequest, item_id: Id) -> dict:
    item = selectors.public_item(item_id)
    if item is None:
        raise HttpError(404, "Not found")
    return {
        **_out(item),
        "body": item.body,
        "attachments": [a.name for a in item.attachments.all()],
    }
