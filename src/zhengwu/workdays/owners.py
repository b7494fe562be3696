"""Who owns a deadline, and who hears when a calendar change moves it (issue 3, point 5).

A `Deadline` only knows its owner as ``(owner_type, owner_id)``, e.g. ``("supervision.milestone",
"42")``. The domain app that opens deadlines of an owner type registers, in its
``AppConfig.ready()``, how to find the people responsible, how to name the owner in one line and
where its page is::

    from zhengwu.workdays.owners import register_owner

    register_owner(
        "supervision.milestone",
        recipients=lambda deadline: [...],          # -> list[Person] (owners to notify)
        describe=lambda deadline: "…",              # -> str, e.g. the task's title
        url=lambda deadline: "/staff/ledger/42/",   # -> str, the owner's staff page
        contacts=lambda deadline: [(liaison, "139…")],  # whom the office phones at level 2 (S-8)
        visible_to=lambda deadline, person: True,   # confidentiality (S-13): False hides it
    )

An owner type may also name the *subject* a deadline belongs to — what the office chases as one
thing (S-8: one phone call and one key-list entry per ledger task, listing its overdue
milestones)::

        subject=lambda d: Subject("supervision.task", "7", "督〔2026〕7号 …", "研究部署反馈"),

Without it every deadline is its own subject.

The warning sweep, reminders and notifications ask `owner_of(deadline)` for these functions, so
they never import a domain app; whoever may not see an owner (`visible_to` is False) is never told
about it.

When a year's calendar changes (a notice import, a manual day edit, a year's status change),
`services.recompute_open_deadlines` recomputes every open deadline relying on that year; each one
whose due date moves gets an audit event in the same transaction and, **after commit**, every
function in `deadline_moved_listeners` is called once with ``(deadline, previous_due)``. The
notifications app subscribes there::

    from zhengwu.workdays.owners import deadline_moved_listeners, recipients_of

    def notify(deadline, previous_due):
        for person in recipients_of(deadline):  # already filtered by visible_to
            ...

    deadline_moved_listeners.append(notify)

A listener that raises is logged and does not stop the others (the change is already committed).
Owners of an unregistered type have no recipients; `describe_owner` and `owner_url` fall back to
the raw key and an empty string.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zhengwu.workdays.models import Deadline

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Subject:
    """What a deadline belongs to in the office's eyes: `kind`/`key` identify it (e.g.
    ("supervision.task", "7")), `title` names it, `item` names this deadline within it."""

    kind: str
    key: str
    title: str
    item: str


@dataclass(frozen=True)
class OwnerType:
    owner_type: str
    recipients: Callable[[Deadline], list[Any]]
    describe: Callable[[Deadline], str]
    url: Callable[[Deadline], str]
    contacts: Callable[[Deadline], list[tuple[Any, str]]]
    visible_to: Callable[[Deadline, Any], bool]
    subject: Callable[[Deadline], Subject] | None = None


owner_types: dict[str, OwnerType] = {}

# Called after commit, once per deadline a recomputation moved: listener(deadline, previous_due).
deadline_moved_listeners: list[Callable[[Deadline, dt.date], None]] = []


def register_owner(
    owner_type: str,
    *,
    recipients: Callable[[Deadline], list[Any]],
    describe: Callable[[Deadline], str],
    url: Callable[[Deadline], str],
    contacts: Callable[[Deadline], list[tuple[Any, str]]] | None = None,
    visible_to: Callable[[Deadline, Any], bool] | None = None,
    subject: Callable[[Deadline], Subject] | None = None,
) -> None:
    owner_types[owner_type] = OwnerType(
        owner_type,
        recipients,
        describe,
        url,
        contacts or (lambda deadline: []),
        visible_to or (lambda deadline, person: True),
        subject,
    )


def owner_of(deadline: Deadline) -> OwnerType | None:
    return owner_types.get(deadline.owner_type)


def registered_types() -> list[str]:
    return sorted(owner_types)


def recipients_of(deadline: Deadline) -> list[Any]:
    """The owner's recipients, never anyone for whom the owner says the deadline is hidden."""
    entry = owner_types.get(deadline.owner_type)
    if entry is None:
        return []
    return [
        p for p in entry.recipients(deadline) if p is not None and entry.visible_to(deadline, p)
    ]


def describe_owner(deadline: Deadline) -> str:
    entry = owner_types.get(deadline.owner_type)
    if entry is None:
        return f"{deadline.time_limit.label}（#{deadline.owner_id}）"
    return entry.describe(deadline)


def subject_of(deadline: Deadline) -> Subject:
    """The subject the deadline belongs to; the deadline's own owner when the type names none."""
    entry = owner_types.get(deadline.owner_type)
    if entry is not None and entry.subject is not None:
        return entry.subject(deadline)
    what = describe_owner(deadline)
    return Subject(deadline.owner_type, str(deadline.owner_id), what, what)


def owner_url(deadline: Deadline) -> str:
    entry = owner_types.get(deadline.owner_type)
    return entry.url(deadline) if entry else ""


def announce_moved(moved: list[tuple[Deadline, dt.date]]) -> None:
    """Call every listener for every moved deadline (run from transaction.on_commit)."""
    for deadline, previous in moved:
        for listener in list(deadline_moved_listeners):
            try:
                listener(deadline, previous)
            except Exception:  # one broken subscriber must not silence the others
                log.exception(
                    "deadline_moved listener %r failed for deadline %s", listener, deadline.pk
                )
