"""The public page cache: visitors' portal pages served without running the view again.

A page a visitor (no session cookie) reads depends only on its URL, the interface language and the
public register. Views that produce such pages are marked with `@public_page`; the middleware
stores what they return under (URL, language, public generation) and serves the stored bytes to
the next visitor before sessions, locale, CSRF and authentication run. Any change of an item bumps
the generation (`disclosure.selectors.public_generation`), so a withdrawn or changed item is never
served from the cache: the key the next request computes is new. Staff (with a session cookie)
always get a fresh page.

Stored entries carry an ETag; a browser that sends it back gets 304. Pages are stored per process
in the "pages" cache (Django's local memory by default; a shared cache such as Redis in production
serves all workers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers

from zhengwu.portal import memo
from zhengwu.portal.context_processors import font_size

# Headers a stored page keeps; cookies are never stored (a page that sets one is not cached).
_KEPT = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options", "Cache-Control")
CACHE_SECONDS = 600


def public_page(*, on_hit: Callable[[HttpRequest, dict[str, Any]], None] | None = None):
    """Mark a view whose anonymous GET responses may be stored by the page cache.

    `on_hit(request, kwargs)` runs when a stored copy is served (the item page counts its reads).
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            response = view(request, *args, **kwargs)
            # Browsers ask again each time (a withdrawn item must not linger) and get 304 when
            # nothing changed; a page for a signed-in person differs from the visitors' one.
            patch_cache_control(response, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            response.zhengwu_public_page = (on_hit, kwargs)
            return response

        return wrapped

    return decorate


def _language(request: HttpRequest) -> str:
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# Load balancers' and monitors' probes: never pages, and /healthz must not need the database.
_PROBES = frozenset({"/healthz", "/readyz", "/metrics"})


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and request.path not in _PROBES
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class PublicPageCacheMiddleware:
    """Serve stored visitor pages early; store the ones `@public_page` views produce."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.cache = caches["pages"]

    def _key(self, request: HttpRequest) -> str:
        from zhengwu.disclosure.selectors import public_generation

        path = request.get_full_path()
        digest = hashlib.blake2b(path.encode(), digest_size=16).hexdigest()
        # The font size a visitor chose (a cookie, so that it works without JavaScript) is
        # part of the page.
        font = font_size(request)
        generation = public_generation()
        # Rendering reads it too (portal.memo): once per request is enough.
        memo.use_generation(generation)
        return f"page:{generation}:{_language(request)}:{font}:{digest}"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            memo.use_generation(None)
            return self.get_response(request)
        try:
            return self._cached(request)
        finally:
            memo.use_generation(None)

    def _cached(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request)
        stored = self.cache.get(key)
        if stored is not None and stored["path"] == request.get_full_path():
            return self._serve(request, stored)
        response = self.get_response(request)
        marker = getattr(response, "zhengwu_public_page", None)
        if (
            marker is not None
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            content = response.content
            stored = {
                "path": request.get_full_path(),
                "content": content,
                "headers": {h: response[h] for h in _KEPT if response.has_header(h)},
                "etag": '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"',
                "on_hit": marker,
            }
            self.cache.set(key, stored, CACHE_SECONDS)
            response["ETag"] = stored["etag"]
            response["X-Page-Cache"] = "miss"  # rendered now, and stored
        return response

    @staticmethod
    def _serve(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
        on_hit, kwargs = stored["on_hit"]
        if on_hit is not None:
            on_hit(request, kwargs)
        if request.META.get("HTTP_IF_NONE_MATCH") == stored["etag"]:
            response: HttpResponse = HttpResponseNotModified()
        else:
            response = HttpResponse(stored["content"])
        for header, value in stored["headers"].items():
            response[header] = value
        response["ETag"] = stored["etag"]
        response["X-Page-Cache"] = "hit"  # for operators: served from the (shared) page cache
        return response
