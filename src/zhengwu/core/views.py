from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from zhengwu.core import registry
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
        {"assignments": active_assignments(request.user), "panels": panels},
    )


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness and database check for the reverse proxy and monitoring."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok", "database": connection.vendor})
