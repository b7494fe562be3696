from __future__ import annotations

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
    """Liveness and database check for the reverse proxy and monitoring."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok", "database": connection.vendor})


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
