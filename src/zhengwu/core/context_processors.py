from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengwu.core import registry


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    nav: list[dict[str, str]] = []
    banners: list[dict[str, Any]] = []
    waiting = 0
    if user is not None and user.is_authenticated:
        from zhengwu.core.selectors import waiting_count

        waiting = waiting_count(user)
        nav = [
            {"label": str(item.label), "url": reverse(item.url_name)}
            for item in registry.staff_nav
            if user.has_perm(item.permission)
        ]
        for provider in registry.banner_providers:
            banners.extend(provider(request))
    return {
        "zw_site_name": getattr(settings, "ZHENGWU_SITE_NAME", "") or _("zhengwu"),
        "zw_staff_nav": nav,
        "zw_banners": banners,
        "zw_waiting_count": waiting,
    }
