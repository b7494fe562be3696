"""Static file storages whose URLs are computed once per process.

`{% static %}` asks the storage for a file's URL on every page (six times on a portal page); the
answer — the hashed name from the manifest in production — never changes while a process runs
(collectstatic runs before the servers start).
"""

from __future__ import annotations

import functools

from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class _RememberedUrls:
    @functools.lru_cache(maxsize=512)  # noqa: B019 — one storage instance per process
    def url(self, name: str | None, force: bool = False) -> str:
        return super().url(name, force) if force else super().url(name)  # type: ignore[misc]


class ProductionStaticStorage(_RememberedUrls, CompressedManifestStaticFilesStorage):
    """whitenoise's compressed manifest storage (hashed names), URLs remembered."""


class DevelopmentStaticStorage(_RememberedUrls, StaticFilesStorage):
    """Django's plain storage, URLs remembered."""
