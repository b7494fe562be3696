from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from zhengwu.core import registry


def shell(request: HttpRequest) -> dict[str, Any]:
    """The site's shell. The staff menu and the count of work waiting (tens of queries) are only
    worked out when a page shows them (staff_base.html): error pages, the portal and the log-in
    page do not."""
    user = getattr(request, "user", None)
    nav: Any = []
    banners: list[dict[str, Any]] = []
    waiting: Any = 0
    menu: Any = []
    if user is not None and user.is_authenticated:
        waiting = SimpleLazyObject(lambda: _waiting_count(user))
        nav = SimpleLazyObject(lambda: _staff_nav(user))
        menu = SimpleLazyObject(lambda: _menu(user, nav))
        for provider in registry.banner_providers:
            banners.extend(provider(request))
    return {
        "zw_site_name": getattr(settings, "ZHENGWU_SITE_NAME", "") or _("zhengwu"),
        "zw_staff_nav": nav,
        "zw_staff_menu": menu,
        "zw_banners": banners,
        "zw_waiting_count": waiting,
    }


def _waiting_count(user: Any) -> int:
    from zhengwu.core.selectors import waiting_count

    return waiting_count(user)


def _staff_nav(user: Any) -> list[dict[str, str]]:
    return [
        {"label": str(item.label), "url": reverse(item.url_name), "group": item.group}
        for item in registry.staff_nav
        if user.has_perm(item.permission)
    ]


def _menu(user: Any, nav: list[dict[str, str]]) -> list[dict[str, Any]]:
    # The system group also lists the administration site and the public portal.
    extra = []
    if user.has_perm("core.access_admin"):
        extra.append({"label": _("Administration"), "url": reverse("admin:index")})
    extra.append({"label": _("Public portal"), "url": reverse("portal:home")})
    return staff_menu(list(nav) + [{**item, "group": "system"} for item in extra])


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
