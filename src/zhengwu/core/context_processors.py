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
    menu: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated:
        from zhengwu.core.selectors import waiting_count

        waiting = waiting_count(user)
        nav = [
            {"label": str(item.label), "url": reverse(item.url_name), "group": item.group}
            for item in registry.staff_nav
            if user.has_perm(item.permission)
        ]
        # The system group also lists the administration site and the public portal.
        extra = []
        if user.has_perm("core.access_admin"):
            extra.append({"label": _("Administration"), "url": reverse("admin:index")})
        extra.append({"label": _("Public portal"), "url": reverse("portal:home")})
        menu = staff_menu(nav + [{**item, "group": "system"} for item in extra])
        for provider in registry.banner_providers:
            banners.extend(provider(request))
    return {
        "zw_site_name": getattr(settings, "ZHENGWU_SITE_NAME", "") or _("zhengwu"),
        "zw_staff_nav": nav,
        "zw_staff_menu": menu,
        "zw_banners": banners,
        "zw_waiting_count": waiting,
    }


def staff_menu(nav: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The staff menu in one row: each group of `registry.NAV_GROUPS` that has a page the person
    may open (its pages in `items`), then any page registered without a group, on its own."""
    menu: list[dict[str, Any]] = []
    for key, label in registry.NAV_GROUPS:
        items = [item for item in nav if item["group"] == key]
        if items:
            menu.append({"key": key, "label": str(label), "items": items})
    known = {key for key, _label in registry.NAV_GROUPS}
    menu.extend(
        {"key": "", "label": item["label"], "url": item["url"], "items": []}
        for item in nav
        if item["group"] not in known
    )
    return menu
