"""What every visitor's page shows alike, computed once per register generation and process.

The site settings, the catalogue tree, the publishers, the years and the counts of the catalogue
are the same for every visitor until the public register changes, and every change of it (an
item, the site settings, the catalogue) bumps `disclosure.selectors.public_generation`. So a page
never requested before is rendered without asking the database for them again: they are kept in
this process's memory under the generation they were read in, and dropped when it moves on.

The page cache middleware reads the generation once per visitor request and hands it here
(`use_generation`), so the memo costs no query of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

# Bounded: the counts are kept per filter combination (category × publisher × year).
MAX_ENTRIES = 5000

_lock = threading.Lock()
_store: dict[Hashable, Any] = {}
_store_generation: int | None = None
_local = threading.local()


def use_generation(generation: int | None) -> None:
    """The generation the current request runs under (None: ask the database when needed)."""
    _local.generation = generation


def current_generation() -> int:
    generation = getattr(_local, "generation", None)
    if generation is None:
        from zhengwu.disclosure.selectors import public_generation

        generation = public_generation()
    return generation


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or its value from an earlier call in the same generation."""
    global _store_generation
    generation = current_generation()
    with _lock:
        if _store_generation != generation:
            _store.clear()
            _store_generation = generation
        if key in _store:
            return _store[key]
    value = compute()
    with _lock:
        if _store_generation == generation:
            if len(_store) >= MAX_ENTRIES:
                _store.clear()
            _store[key] = value
    return value


def clear() -> None:
    """Forget everything (tests; a change made outside the services)."""
    global _store_generation
    with _lock:
        _store.clear()
        _store_generation = None
