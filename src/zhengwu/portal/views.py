from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhengwu.org.models import Bureau


def home(request: HttpRequest) -> HttpResponse:
    """The public home page: no login, works without JavaScript."""
    bureaus = Bureau.objects.filter(is_active=True).order_by("name")
    return render(request, "portal/home.html", {"bureaus": bureaus})
