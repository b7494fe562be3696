"""Request id, Content-Security-Policy and the sessions' idle timeout."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from zhengwu.core import clock

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("zhengwu_request_id", default="")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# Swagger UI sets inline styles from JavaScript; only the API docs page gets this relaxation.
_RELAXED_STYLE_PREFIXES = ("/api/v1/docs",)


def current_request_id() -> str:
    """The id of the request (or job) being served; audit events carry it."""
    return _request_id.get()


def set_request_id(value: str) -> contextvars.Token[str]:
    return _request_id.set(value)


# The moment (seconds since the epoch) a session's expiry was last written.
SESSION_REFRESHED_KEY = "_zhengwu_refreshed"


class IdleTimeoutMiddleware:
    """A session ends SESSION_COOKIE_AGE seconds after its last request (settings: the idle
    timeout). Rather than writing the session on every request, its expiry is written again once
    SESSION_REFRESH_SECONDS have passed since the last write — by marking the session changed, so
    Django's SessionMiddleware, outside this one, saves it with a new expiry."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response  # no session (or one just flushed by logging out): nothing to keep
        now = int(clock.now().timestamp())
        last = session.get(SESSION_REFRESHED_KEY)
        if not isinstance(last, int) or not 0 <= now - last < settings.SESSION_REFRESH_SECONDS:
            session[SESSION_REFRESHED_KEY] = now
        return response


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


class RejectControlCharactersMiddleware:
    """Refuse text containing C0 control characters other than tab, line feed and carriage return
    (422, with a message in Chinese and English) before it reaches a form, the API or a query.

    No person types them; PostgreSQL cannot store NUL, and the others cannot be written into .xlsx
    or .docx files (XML 1.0), so stored they would break every export that includes them. The one
    gate for every text input of the web: query strings, form fields (also of multipart forms, and
    the names of uploaded files) and JSON bodies. The content of uploaded files is binary and is
    checked where it is read (the Excel import).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_control_characters(request):
            from django.http import HttpResponse, JsonResponse

            from zhengwu.core.inputs import control_character_message

            message = control_character_message()
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": message, "code": "control_characters", "message": message},
                    status=422,
                )
            return HttpResponse(message, status=422, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @classmethod
    def _has_control_characters(cls, request: HttpRequest) -> bool:
        from zhengwu.core.inputs import CONTROL_CHARACTERS

        def bad(text: str) -> bool:
            return CONTROL_CHARACTERS.search(text) is not None

        for key, values in request.GET.lists():
            if bad(key) or any(bad(value) for value in values):
                return True
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            for key, values in request.POST.lists():
                if bad(key) or any(bad(value) for value in values):
                    return True
            return any(bad(upload.name or "") for upload in request.FILES.values())
        if "json" not in request.content_type and not request.content_type.startswith("text/"):
            return False  # a binary body is not text
        return cls._json_has_control_characters(request.body)

    @staticmethod
    def _json_has_control_characters(body: bytes) -> bool:
        import json

        from zhengwu.core.inputs import CONTROL_CHARACTERS

        try:
            data = json.loads(body)
        except ValueError:
            # Not JSON: raw control bytes in a text body are refused as they are.
            return CONTROL_CHARACTERS.search(body.decode("utf-8", "replace")) is not None
        stack = [data]
        while stack:
            value = stack.pop()
            if isinstance(value, str):
                if CONTROL_CHARACTERS.search(value):
                    return True
            elif isinstance(value, dict):
                stack.extend(value.keys())
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)
        return False
