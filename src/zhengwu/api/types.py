"""Bounded parameter types for the API, so the OpenAPI document states what is accepted.

A bare `int` would promise any integer; the database cannot hold one beyond 64 bits and no year
beyond 9999 is a date, so such requests are refused as invalid input (422), not with an error.
A bare `str` would promise any length: every string input is bounded, by the column that stores
it (`column`, read from the model field, never retyped) or by the policy's longest free text.
Dates are bounded to the plausible range of `core.policy` (`PlausibleDate`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db import models
from ninja import Schema
from pydantic import AfterValidator, Field

from zhengwu.core import inputs, policy

Id = Annotated[int, Field(ge=1, le=9_223_372_036_854_775_807)]
Limit = Annotated[int, Field(ge=1, le=100)]
Offset = Annotated[int, Field(ge=0, le=10_000_000)]
# A list of ids in a request (co-units, named readers, concerned sections): bounded like a string.
IdList = Annotated[list[Id], Field(max_length=200)]


def _plain_text(value: str) -> str:
    message = inputs.control_character_error(value)
    if message:
        raise ValueError(message)
    return value


def _plausible_date(value: dt.date) -> dt.date:
    message = inputs.date_error(value)
    if message:
        raise ValueError(message)
    return value


def _plausible_year(value: int) -> int:
    message = inputs.year_error(value)
    if message:
        raise ValueError(message)
    return value


def _plausible_moment(value: dt.datetime) -> dt.datetime:
    _plausible_date(value.date())
    return value


PlausibleDate = Annotated[dt.date, AfterValidator(_plausible_date)]
PlausibleDateTime = Annotated[dt.datetime, AfterValidator(_plausible_moment)]
Year = Annotated[int, Field(ge=1, le=9999), AfterValidator(_plausible_year)]


def column(model: type[models.Model], field_name: str, *, min_length: int | None = None) -> Any:
    """A string input stored in `model.field_name`: as long as the column allows (a TextField:
    the policy's longest free text), without control characters. The OpenAPI document names the
    column (`x-column`), so a test can hold every schema to its model."""
    meta = model._meta
    return Annotated[
        str,
        Field(
            max_length=inputs.max_length_of(model, field_name),
            min_length=min_length,
            json_schema_extra={"x-column": f"{meta.app_label}.{meta.object_name}.{field_name}"},
        ),
        AfterValidator(_plain_text),
    ]


def words(max_length: int | None = None) -> Any:
    """A string input that is not stored as such (a search query, a choice, a filter)."""
    return Annotated[
        str, Field(max_length=max_length or policy.text_max_length()), AfterValidator(_plain_text)
    ]


class ErrorOut(Schema):
    """Every refusal the API documents (400, 401, 403, 404): one schema for all routers, because
    the OpenAPI document names schemas by class name and two classes of one name would overwrite
    each other there."""

    detail: str
    code: str
