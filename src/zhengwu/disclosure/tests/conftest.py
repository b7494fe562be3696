from __future__ import annotations

import pytest

from zhengwu.disclosure.tests.helpers import DisclosureCast, make_disclosure_cast


@pytest.fixture
def dc(cast) -> DisclosureCast:
    return make_disclosure_cast(cast)


@pytest.fixture(autouse=True)
def _media(tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    from django.core.cache import cache

    cache.clear()
