"""Request id and Content-Security-Policy."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("zhengwu_request_id", default="")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# Swagger UI sets inline styles from JavaScript; only the API docs page gets this relaxation.
_RELAXED_STYLE_PREFIXES = ("/api/v1/docs",)


def current_request_id() -> str:
    """The id of the request (or job) being served; audit events carry it."""
    return _request_id.get()


def set_request_id(value: str) -> contextvars.Token[str]:
    return _request_id.set(value)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            policy = settings.ZHENGWU_CSP
            if request.path.startswith(_RELAXED_STYLE_PREFIXES):
                policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            response["Content-Security-Policy"] = policy
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get() or "-"
        return True


class DefaultLanguageMiddleware:
    """Simplified Chinese unless the person chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the bureau's interface is
    Chinese first, so only the explicit choice (the language cookie) changes it. Put this before
    LocaleMiddleware: it drops Accept-Language so the cookie or LANGUAGE_CODE decides.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RejectNulMiddleware:
    """Refuse text containing the NUL character (400) before it reaches a form or a query.

    No legitimate text has it, PostgreSQL cannot store it in a text column, and letting it through
    would turn a bad request into a server error. File uploads (multipart) are binary and exempt.
    """

    MESSAGE = "请求包含无效字符（NUL） / the request contains an invalid character (NUL)"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            from django.http import HttpResponseBadRequest, JsonResponse

            if request.path.startswith("/api/"):
                return JsonResponse({"detail": self.MESSAGE, "code": "invalid"}, status=400)
            return HttpResponseBadRequest(self.MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
        if request.content_type.startswith("multipart/"):
            return False
        body = request.body
        return b"\x00" in body or b"\\u0000" in body
