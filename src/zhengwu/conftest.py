from __future__ import annotations

import pytest

from zhengwu.org.tests.factories import Cast, make_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


@pytest.fixture(autouse=True)
def _fresh_calendar_index() -> None:
    """Each test sees its own database's calendar: drop the per-process working-day index, which a
    rolled-back test may have built from data that no longer exists."""
    from zhengwu.workdays.selectors import forget_calendar

    forget_calendar()


@pytest.fixture(autouse=True)
def _empty_caches() -> None:
    """Caches live in the process, databases roll back: a page stored under "generation 3" by one
    test must not be served to the next test, whose register is at generation 3 too."""
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
    from zhengwu.portal import memo

    memo.clear()


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Every test starts in the default language (Simplified Chinese): a request that switched to
    English leaves that language active in the thread, and services called directly would answer
    in it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
