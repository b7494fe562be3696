from __future__ import annotations

import logging
import time

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from zhengwu.core import registry
from zhengwu.core.selectors import waiting_for
from zhengwu.org.selectors import active_assignments

log = logging.getLogger(__name__)


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("core.access_staff"):
        raise PermissionDenied
    panels = []
    for panel in registry.home_panels:
        context = panel.context(request)
        if context is not None:
            panels.append({"title": panel.title, "template": panel.template, **context})
    return render(
        request,
        "core/staff_home.html",
        {
            "assignments": active_assignments(request.user),
            "panels": panels,
            "waiting": waiting_for(request.user),
        },
    )


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: the process answers. Nothing else is asked, so a database
    outage does not make every instance look dead and get restarted (that is /readyz's job)."""
    return JsonResponse({"status": "ok"})


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_queue() -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.pending_count()


def _check_storage() -> None:
    import os

    from django.core.files.storage import FileSystemStorage, default_storage

    if isinstance(default_storage, FileSystemStorage):
        location = default_storage.location
        os.makedirs(location, exist_ok=True)  # as the storage does on its first save
        if not os.access(location, os.W_OK):
            raise PermissionError("media directory not writable")
    else:  # object storage: one cheap request to the bucket
        default_storage.exists("readyz-probe")


READINESS_CHECKS = {"database": _check_database, "queue": _check_queue, "storage": _check_storage}


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness for load balancers: the database, the queue and the file storage answer.

    JSON names each part; 503 when any fails, so the balancer stops sending traffic here until it
    recovers. Only the kind of error is shown (an exception's text may carry a host or a user)."""
    checks: dict[str, dict[str, object]] = {}
    for name, check in READINESS_CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:
            checks[name] = {"ok": False, "error": type(exc).__name__}
            log.warning("readiness: %s failed: %s", name, exc)
        else:
            checks[name] = {"ok": True}
        checks[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    ready = all(part["ok"] for part in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


DATABASE_RETRY_SECONDS = 5


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page with the request id, so a person can quote it and the log line be found.

    A database that is restarting or unreachable (wherever it failed: a view, the session, the
    page cache) answers 503 with a page that says so and Retry-After instead: the request's
    transaction was rolled back, so nothing is half-written, and the broken connection is dropped
    at the end of the request, so the service recovers by itself once the database is back.
    Rendered without context processors or the database (either may be what failed).
    """
    import sys

    from django.db import InterfaceError, OperationalError
    from django.template import loader

    from zhengwu.core.middleware import current_request_id

    failure = sys.exc_info()[1]
    unavailable = isinstance(failure, (OperationalError, InterfaceError))
    status = 503 if unavailable else 500
    if unavailable and request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "detail": "服务暂时不可用，请稍后重试。/ The service is briefly unavailable; "
                "please try again shortly.",
                "code": "unavailable",
                "request_id": current_request_id(),
            },
            status=503,
        )
    else:
        try:
            template = loader.get_template("503.html" if unavailable else "500.html")
            body = template.render({"request_id": current_request_id()})
        except Exception:  # the error page itself must not fail
            body = "<h1>系统出错 / Server error</h1>"
        response = HttpResponse(body, status=status)
    if unavailable:
        response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def switch_language(request: HttpRequest) -> HttpResponse:
    """The language switch as a plain GET link/form: sets the language cookie and goes back.

    A GET (not Django's POST `set_language`) so that the pages visitors read carry no per-visitor
    CSRF token and can be served from the public page cache; a forged switch only changes the
    language of the interface, which the person can switch back.
    """
    from django.conf import settings

    code = request.GET.get("language", "")
    target = request.GET.get("next", "") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
