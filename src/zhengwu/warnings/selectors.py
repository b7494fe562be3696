"""Queries of the warning engine for pages, the API and the counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from zhengwu.org.selectors import bureau_ids_of, mask_phone
from zhengwu.warnings.models import (
    KeyItemStatus,
    KeySupervisionItem,
    OverdueWarning,
    PhoneReminder,
    PhoneReminderStatus,
)
from zhengwu.workdays.owners import describe_owner, owner_of, owner_url


def _visible(rows: list[Any], person: Any) -> list[Any]:
    """S-13: drop every row whose deadline the owner hides from this person."""
    shown = []
    for row in rows:
        owner = owner_of(row.deadline)
        if owner is None or owner.visible_to(row.deadline, person):
            shown.append(row)
    return shown


def _annotate(rows: list[Any], person: Any) -> list[Any]:
    unmasked = person.has_perm("org.view_personal_data")
    for row in rows:
        row.what = describe_owner(row.deadline)
        row.link = owner_url(row.deadline)
        if hasattr(row, "contact_phone"):
            row.shown_phone = row.contact_phone if unmasked else mask_phone(row.contact_phone)
    return rows


def phone_worklist(person: Any, *, include_done: bool = False) -> list[PhoneReminder]:
    """S-8: the office's phone-reminder to-dos (open first), only what this person may see."""
    qs = PhoneReminder.objects.select_related("deadline__time_limit", "warning").prefetch_related(
        "calls__caller"
    )
    qs = qs.filter(bureau_id__in=bureau_ids_of(person)) if not person.is_superuser else qs
    if not include_done:
        qs = qs.filter(status=PhoneReminderStatus.OPEN)
    return _annotate(_visible(list(qs), person), person)


def key_items(person: Any, *, include_closed: bool = False) -> list[KeySupervisionItem]:
    """S-8: the key supervision list (督查重点事项), only what this person may see."""
    qs = KeySupervisionItem.objects.select_related(
        "deadline__time_limit", "warning", "closed_by"
    ).prefetch_related("entries__by")
    qs = qs.filter(bureau_id__in=bureau_ids_of(person)) if not person.is_superuser else qs
    if not include_closed:
        qs = qs.filter(status=KeyItemStatus.OPEN)
    return _annotate(_visible(list(qs), person), person)


def warnings_by_level(person: Any) -> dict[int, int]:
    """Count of warnings per level over the deadlines this person may see."""
    rows = list(
        OverdueWarning.objects.select_related("deadline").filter(
            deadline__bureau_id__in=bureau_ids_of(person)
        )
    )
    counts: dict[int, int] = {}
    for row in _visible(rows, person):
        counts[row.level] = counts.get(row.level, 0) + 1
    return dict(sorted(counts.items()))


def warning_totals() -> dict[int, int]:
    """All warnings per level (operators, benchmarks; no person filter)."""
    return {
        row["level"]: row["n"]
        for row in OverdueWarning.objects.values("level").annotate(n=Count("id")).order_by("level")
    }


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    level: int
    count: int

    @property
    def label_y(self) -> float:
        return round(self.y - 3, 1)


@dataclass
class WeeklyChart:
    """Warnings raised per week and level, drawn as an SVG the server renders (no JS, no CDN)."""

    weeks: list[tuple[dt.date, dict[int, int]]]
    levels: list[int]
    bars: list[Bar] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)
    width: int = 720
    height: int = 240
    maximum: int = 0

    @property
    def table(self) -> list[tuple[dt.date, list[int]]]:
        return [(start, [c.get(level, 0) for level in self.levels]) for start, c in self.weeks]


def warnings_by_week(person: Any, *, today: dt.date, weeks: int = 12) -> WeeklyChart:
    """Issue 5 (dashboards): warnings by level over the last `weeks` weeks, visible rows only."""
    monday = today - dt.timedelta(days=today.weekday())
    first = monday - dt.timedelta(weeks=weeks - 1)
    rows = list(
        OverdueWarning.objects.select_related("deadline").filter(
            deadline__bureau_id__in=bureau_ids_of(person), raised_on__gte=first
        )
    )
    starts = [first + dt.timedelta(weeks=i) for i in range(weeks)]
    counts: dict[dt.date, dict[int, int]] = {start: {} for start in starts}
    levels: set[int] = set()
    for row in _visible(rows, person):
        start = row.raised_on - dt.timedelta(days=row.raised_on.weekday())
        if start in counts:
            counts[start][row.level] = counts[start].get(row.level, 0) + 1
            levels.add(row.level)
    chart = WeeklyChart(weeks=[(s, counts[s]) for s in starts], levels=sorted(levels) or [1, 2, 3])
    chart.maximum = max([n for c in counts.values() for n in c.values()] or [0])
    plot_height, top, left = chart.height - 40, 20, 10
    slot = (chart.width - left) / weeks
    bar_width = (slot - 8) / len(chart.levels)
    for i, (start, by_level) in enumerate(chart.weeks):
        x0 = left + i * slot + 4
        chart.labels.append((x0 + (slot - 8) / 2, start.strftime("%m-%d")))
        for j, level in enumerate(chart.levels):
            count = by_level.get(level, 0)
            height = plot_height * count / chart.maximum if chart.maximum else 0
            chart.bars.append(
                Bar(x=round(x0 + j * bar_width, 1), y=round(top + plot_height - height, 1),
                    width=round(bar_width - 1, 1), height=round(height, 1), level=level,
                    count=count)
            )  # fmt: skip
    return chart
