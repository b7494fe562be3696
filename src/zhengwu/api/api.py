"""/api/v1 — one API for every domain, calling the same services and selectors as the pages.

Each domain app exposes a `router` in its api.py; they are mounted here.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, ValidationError

from zhengwu.api.auth import STAFF_AUTH
from zhengwu.api.types import ErrorOut
from zhengwu.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from zhengwu.org.selectors import roles_of


class ZhengwuAPI(NinjaAPI):
    """Documents, for every operation, the error answers the shared handlers below can give.

    Endpoints declare their success schema; the common failures (400 refused by a service, 401 not
    authenticated, 403 not permitted, 422 invalid input) are the same everywhere and are added to
    the OpenAPI document here, so clients and the schema tests see every status that can occur.
    """

    def get_openapi_schema(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"detail": {}, "code": {"type": "string"}},
                        "required": ["detail"],
                    }
                }
            }
        }
        descriptions = {
            "400": "Refused: the request breaks a rule (message in Chinese/English)",
            "401": "Authentication required",
            "403": "Not permitted",
            "404": "Not found",
            "422": "Invalid input",
        }
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                codes = ["400", "404", "422"] + (
                    ["401", "403"] if operation.get("security") else []
                )
                for code in codes:
                    responses.setdefault(code, {"description": descriptions[code], **error})
        return schema


api = ZhengwuAPI(
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


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=403)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=404)


@api.exception_handler(Http404)
def _http_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Raised where a record is missing or not visible to the caller; the same answer for both, so
    # the API does not tell whether a hidden record exists.
    return api.create_response(
        request, {"detail": _("Not found, or not visible to you."), "code": "not_found"}, status=404
    )


@api.exception_handler(Conflict)
def _conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    # An edit started from an older revision: nothing was written; fetch the record and retry.
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=409)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=400)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = sorted({str(err.get("loc", ["", "?"])[-1]) for err in exc.errors})
    return api.create_response(
        request,
        {
            "detail": exc.errors,
            "code": "invalid",
            "message": _("Invalid input in: %(fields)s") % {"fields": ", ".join(fields)},
        },
        status=422,
    )


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


class WaitingEntryOut(Schema):
    title: str
    url: str


class WaitingOut(Schema):
    kind: str
    label: str
    count: int
    url: str
    entries: list[WaitingEntryOut]


@api.get("/me/waiting", response={200: list[WaitingOut], 401: ErrorOut}, tags=["system"])
def my_waiting(request: HttpRequest) -> list[dict[str, object]]:
    """What waits for the caller (待我处理): per kind a count, the page to act on, the first few."""
    from zhengwu.core.selectors import waiting_for

    return [
        {
            "kind": w.kind,
            "label": str(w.label),
            "count": w.count,
            "url": w.url,
            "entries": [{"title": t, "url": u} for t, u in w.entries],
        }
        for w in waiting_for(request.auth)
    ]


# Domain routers, mounted last: they import helpers from this module.
from zhengwu.applications.api import public_router as public_applications_router  # noqa: E402
from zhengwu.applications.api import router as applications_router  # noqa: E402
from zhengwu.assessment.api import router as assessment_router  # noqa: E402
from zhengwu.disclosure.api import router as disclosure_router  # noqa: E402
from zhengwu.portal.api import router as public_router  # noqa: E402
from zhengwu.reports.api import router as reports_router  # noqa: E402
from zhengwu.supervision.api import router as supervision_router  # noqa: E402
from zhengwu.warnings.api import router as warnings_router  # noqa: E402
from zhengwu.weekly.api import router as weekly_router  # noqa: E402
from zhengwu.workdays.api import router as workdays_router  # noqa: E402

api.add_router("/workdays/", workdays_router)
api.add_router("/supervision/", supervision_router)
api.add_router("/disclosure/", disclosure_router)
api.add_router("/public/applications", public_applications_router)
api.add_router("/public/", public_router)
api.add_router("/applications/", applications_router)
api.add_router("/warnings/", warnings_router)
api.add_router("/assessment/", assessment_router)
api.add_router("/weekly/", weekly_router)
api.add_router("/reports/", reports_router)
