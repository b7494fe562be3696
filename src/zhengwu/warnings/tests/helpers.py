"""Helpers for transactional tests, which start from a flushed database (no seeded policy rows)."""

from __future__ import annotations

from zhengwu.core import clock
from zhengwu.workdays.models import TimeLimit
from zhengwu.workdays.policy import DEFAULT_LIMITS


def ensure_default_limits() -> None:
    """The seeded time limits (version 1), as the workdays data migration loads them."""
    for default in DEFAULT_LIMITS:
        TimeLimit.objects.get_or_create(
            rule_id=default.rule_id,
            version=1,
            defaults={
                "amount": default.amount,
                "unit": default.unit,
                "label": default.label,
                "legal_basis": default.legal_basis,
                "effective_from": clock.now(),
            },
        )
