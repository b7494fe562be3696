"""Every route of the installation: the URLconf's pages and the API's operations.

Used by the walks that must reach every page and operation without being told of new ones: the
tenancy test (no bureau sees another's work) and the permission matrix (docs/permissions.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

# Public or ownerless routes (prefixes of the path): the only ones not walked as staff.
PUBLIC_ROUTES = (
    "/api/v1/public",
    "/api/v1/docs",
    "/api/v1/openapi.json",
    "/accounts/",
    "/i18n/",
    "/language/",
    "/healthz",
    "/readyz",
    "/metrics",
    "/static/",
    "/media/",
)
# The portal (URLconf namespace "portal") is public through disclosure.selectors.public_items().
PUBLIC_NAMESPACES = ("portal",)


# --- the URLconf ---------------------------------------------------------------------------


def url_patterns(
    resolver: URLResolver | None = None, prefix: str = "/", namespaces: tuple[str, ...] = ()
) -> Iterator[tuple[str, Any, tuple[str, ...]]]:
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern).lstrip("^").rstrip("$").replace("\\/", "/")
        if isinstance(pattern, URLResolver):
            ns = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from url_patterns(pattern, prefix + route, ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + route, pattern.callback, namespaces


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def staff_routes() -> tuple[list[str], list[tuple[str, list[str], Any]]]:
    """(URLs without parameters, [(route, parameter names, view)]) of every staff page."""
    plain, with_ids = [], []
    for route, view, namespaces in url_patterns():
        if route.startswith("/api/") or any(route.startswith(p) for p in PUBLIC_ROUTES):
            continue
        if any(ns in PUBLIC_NAMESPACES for ns in namespaces):
            continue
        params = [m.group(2) or m.group(3) for m in PARAM.finditer(route)]
        if not params:
            plain.append(route)
        elif all(names_a_record(p) for p in params):
            with_ids.append((route, params, view))
        # Other parameters (a year, an app label, a sitemap section) name no record.
    return plain, with_ids


def names_a_record(param: str) -> bool:
    return param in ("pk", "object_id", "id") or param.endswith("_id")


def fill(route: str, value: int) -> str:
    return PARAM.sub(str(value), route)


# --- the API -------------------------------------------------------------------------------


def api_operations() -> Iterator[tuple[str, str, list[str], str]]:
    """(method, path, path parameter names, app) of every staff operation of the API."""
    from zhengwu.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, operations in schema["paths"].items():
        if any(path.startswith(p) for p in PUBLIC_ROUTES):
            continue
        for method, operation in operations.items():
            params = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            if not all(names_a_record(p) for p in params):
                continue  # a year, a kind: names no record
            app = path.removeprefix("/api/v1/").split("/")[0]
            yield method.upper(), path, params, app
