"""The demo city: `zhengwu demo` asks every installed app's demo.py to add its part.

The demo holds two bureaus of one city installation. For each bureau ("part") the loader calls a
function of every app's demo.py: `load(ctx)` for 示例市生态环境局 (the full demo) and
`load_transport(ctx)` for 示例市交通运输局 (a small second bureau). An app without the function adds
nothing to that bureau. Each function must be idempotent: running the demo twice changes nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction

DEMO_PASSWORD = "Demo-2026-zw"  # noqa: S105 — the published demo password


@dataclass
class DemoContext:
    people: dict[str, Any] = field(default_factory=dict)
    units: dict[str, Any] = field(default_factory=dict)
    bureau: Any = None
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, name, roles
    extra: dict[str, Any] = field(default_factory=dict)


# One entry per demo bureau: the name of the function each app's demo.py defines for it.
PARTS = ("load", "load_transport")


def _demo_modules() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("zhengwu."):
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.demo":
                continue
            raise
    return modules


# Tests install core.demo_replay here (conftest.py): a demo already generated in the test process
# is written again from its recording. Elsewhere the demo is always generated.
replay: Callable[[Hashable, Callable[[], Any]], Any] | None = None


def load_demo(*, parts: tuple[str, ...] = PARTS) -> DemoContext:
    """Load the demo bureaus named by `parts`; returns the first one's context."""
    if replay is not None:
        return replay(("demo", parts), lambda: _generate(parts))
    return _generate(parts)


def _generate(parts: tuple[str, ...]) -> DemoContext:
    contexts = []
    modules = _demo_modules()
    for part in parts:
        ctx = DemoContext()
        for module in modules:
            load = getattr(module, part, None)
            if load is None:
                continue
            with transaction.atomic():
                load(ctx)
        contexts.append(ctx)
    return contexts[0] if contexts else DemoContext()
