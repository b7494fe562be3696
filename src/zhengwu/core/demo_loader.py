"""The demo bureau: `zhengwu demo` asks every installed app's demo.py to add its part.

Each app's `demo.load(ctx)` must be idempotent: running the demo twice changes nothing.
"""

from __future__ import annotations

import importlib
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


def load_demo() -> DemoContext:
    ctx = DemoContext()
    for config in apps.get_app_configs():
        if not config.name.startswith("zhengwu."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.demo":
                continue
            raise
        with transaction.atomic():
            module.load(ctx)
    return ctx
