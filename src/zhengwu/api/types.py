"""Bounded parameter types for the API, so the OpenAPI document states what is accepted.

A bare `int` would promise any integer; the database cannot hold one beyond 64 bits and no year
beyond 9999 is a date, so such requests are refused as invalid input (422), not with an error.
"""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import Field

Id = Annotated[int, Field(ge=1, le=9_223_372_036_854_775_807)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Limit = Annotated[int, Field(ge=1, le=100)]
Offset = Annotated[int, Field(ge=0, le=10_000_000)]


class ErrorOut(Schema):
    """Every refusal the API documents (400, 401, 403, 404): one schema for all routers, because
    the OpenAPI document names schemas by class name and two classes of one name would overwrite
    each other there."""

    detail: str
    code: str
