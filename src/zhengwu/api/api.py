"""/api/v1 — one API for every domain, calling the same services and selectors as the pages.

Each domain app exposes a `router` in its api.py; they are mounted here.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError

from zhengwu.api.auth import STAFF_AUTH
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.org.selectors import roles_of

api = NinjaAPI(
    title="zhengwu API",
    version="1",
    description=(
        "政务信息公开与12340工作落实 — government information disclosure and task supervision"
    ),
    urls_namespace="api",
    auth=STAFF_AUTH,
    docs_url="/docs",
    openapi_url="/openapi.json",
)


class ErrorOut(Schema):
    detail: str
    code: str


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=403)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=400)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {
            "detail": _("Authentication required: log in or send a Bearer token."),
            "code": "unauthenticated",
        },
        status=401,
    )


class HealthOut(Schema):
    status: str


@api.get("/health", auth=None, response=HealthOut, tags=["system"])
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    bureau: str | None
    unit: str | None
    roles: list[str]


@api.get("/me", response={200: MeOut, 401: ErrorOut}, tags=["system"])
def me(request: HttpRequest) -> dict[str, object]:
    person = request.auth
    return {
        "id": person.pk,
        "username": person.username,
        "full_name": person.full_name,
        "bureau": str(person.bureau) if person.bureau_id else None,
        "unit": str(person.unit) if person.unit_id else None,
        "roles": sorted(roles_of(person)),
    }


from zhengwu.supervision.api import router as supervision_router  # noqa: E402

api.add_router("/supervision/", supervision_router)
