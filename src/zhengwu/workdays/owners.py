"""What a deadline belongs to, as domain apps describe it.

The workdays app stores deadlines for every domain but knows none of them. Each domain registers
its owner type once (in its AppConfig.ready) with functions that say who is responsible, who may
see it, and how to show and link it. The warning sweep, reminders, notifications and recomputation
ask this registry, so they never import a domain app.

    register_owner(
        "supervision.milestone",
        recipients=lambda d: [...],        # people to remind / warn (liaison, head)
        describe=lambda d: "…",            # one line for lists and messages
        url=lambda d: "/supervision/…",    # staff page of the owner
        contacts=lambda d: [...],          # (person, phone) to call at warning level 2 (S-8)
        visible_to=lambda d, person: True, # confidentiality (S-13): False hides it everywhere
    )
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zhengwu.workdays.models import Deadline


@dataclass(frozen=True)
class OwnerType:
    name: str
    recipients: Callable[[Deadline], list[Any]]
    describe: Callable[[Deadline], str]
    url: Callable[[Deadline], str]
    contacts: Callable[[Deadline], list[tuple[Any, str]]]
    visible_to: Callable[[Deadline, Any], bool]


_registry: dict[str, OwnerType] = {}


def register_owner(
    owner_type: str,
    *,
    recipients: Callable[[Deadline], list[Any]],
    describe: Callable[[Deadline], str],
    url: Callable[[Deadline], str],
    contacts: Callable[[Deadline], list[tuple[Any, str]]] | None = None,
    visible_to: Callable[[Deadline, Any], bool] | None = None,
) -> None:
    _registry[owner_type] = OwnerType(
        name=owner_type,
        recipients=recipients,
        describe=describe,
        url=url,
        contacts=contacts or (lambda deadline: []),
        visible_to=visible_to or (lambda deadline, person: True),
    )


def owner_of(deadline: Deadline) -> OwnerType | None:
    return _registry.get(deadline.owner_type)


def registered_types() -> list[str]:
    return sorted(_registry)
