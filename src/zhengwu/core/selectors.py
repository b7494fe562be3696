"""What waits for a person (待我处理), across the domain apps.

Every app that hands work to people registers a provider (`registry.register_work`) that derives
the person's work from the current state of its records, so the list is never stale: the staff
home panel, the count beside "Home" and `GET /api/v1/me/waiting` all read `waiting_for`.
"""

from __future__ import annotations

from typing import Any

from zhengwu.core import registry
from zhengwu.core.registry import Waiting


def waiting_for(person: Any) -> list[Waiting]:
    """Every kind of work waiting for `person`, non-empty kinds only, in the apps' order."""
    if person is None or not getattr(person, "is_authenticated", False) or not person.is_active:
        return []
    kinds: list[Waiting] = []
    for provider in registry.work_providers:
        kinds.extend(w for w in provider(person) if w.count)
    return kinds


def waiting_count(person: Any) -> int:
    return sum(w.count for w in waiting_for(person))
