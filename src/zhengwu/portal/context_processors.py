"""What every public page's shell needs: the site's identity, the breadcrumbs, the font size.

Only for the public pages (the portal and the public application pages, and error pages): staff
pages keep the system's own name.
"""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

FONT_COOKIE = "portal_font"
FONT_SIZES = ("small", "medium", "large")
PUBLIC_NAMESPACES = {"portal", "apply"}


def font_size(request: HttpRequest) -> str:
    value = request.COOKIES.get(FONT_COOKIE, "")
    return value if value in FONT_SIZES else "medium"


@functools.lru_cache(maxsize=8)
def _font_url(size: str) -> str:
    return reverse("portal:font-size", args=[size])


@functools.lru_cache(maxsize=128)
def _trail(url_name: str, namespace: str, language: str | None) -> list[tuple[str, str | None]]:
    """Breadcrumbs after 首页 for a page named `url_name` (the last one is the page itself), in
    `language` (the active one): worked out once per page kind and language in a process, since
    every public page shows them. Callers must not change the list."""
    home = reverse("portal:open")
    open_crumb = (_("Government information disclosure"), home)
    pages: dict[tuple[str, str], list[tuple[str, str | None]]] = {
        ("portal", "home"): [],
        ("portal", "open"): [(_("Government information disclosure"), None)],
        ("portal", "guide"): [open_crumb, (_("Disclosure guide"), None)],
        ("portal", "open-rules"): [open_crumb, (_("Disclosure rules"), None)],
        ("portal", "proactive"): [open_crumb, (_("Statutory proactive disclosure"), None)],
        ("portal", "interpretations"): [open_crumb, (_("Policy interpretations"), None)],
        ("portal", "catalogue"): [open_crumb, (_("Disclosure catalogue"), None)],
        ("portal", "annual-reports"): [open_crumb, (_("Annual disclosure reports"), None)],
        ("portal", "search"): [(_("Search"), None)],
        ("apply", "form"): [open_crumb, (_("Disclosure on application"), None)],
        ("apply", "track"): [
            open_crumb,
            (_("Disclosure on application"), reverse("apply:form")),
            (_("Track an application"), None),
        ],
    }
    return pages.get((namespace, url_name), [open_crumb])


def site(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace not in PUBLIC_NAMESPACES:
        return {}
    from zhengwu.portal.selectors import site as site_settings

    found = site_settings()
    context: dict[str, Any] = {
        "portal_site": found,
        "portal_font_size": font_size(request),
        "portal_font_choices": [
            (size, label, _font_url(size))
            for size, label in (("large", _("L")), ("medium", _("M")), ("small", _("S")))
        ],
        "portal_trail": (
            _trail(match.url_name, match.namespace, get_language()) if match is not None else []
        ),
    }
    if found.site_name:
        context["zw_site_name"] = found.site_name
    return context
