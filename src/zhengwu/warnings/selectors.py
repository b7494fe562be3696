"""Queries of the warning engine for pages, the API and the counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from zhengwu.core.charts import BarChart, Series, bar_chart
from zhengwu.core.display import week_label
from zhengwu.org.selectors import bureaus_for, mask_phone
from zhengwu.warnings.models import (
    KeyItemStatus,
    KeySupervisionItem,
    OverdueWarning,
    PhoneReminder,
    PhoneReminderStatus,
)
from zhengwu.workdays.owners import owner_of, owner_url, subject_of


def _visible(rows: list[Any], person: Any) -> list[Any]:
    """S-13: drop every row whose deadline the owner hides from this person."""
    shown = []
    for row in rows:
        owner = owner_of(row.deadline)
        if owner is None or owner.visible_to(row.deadline, person):
            shown.append(row)
    return shown


def _annotate(rows: list[Any], person: Any) -> list[Any]:
    """Each row names its subject (a ledger task) and lists the overdue items it chases (S-8)."""
    unmasked = person.has_perm("org.view_personal_data")
    for row in rows:
        row.what = subject_of(row.deadline).title
        row.link = owner_url(row.deadline)
        listed = sorted(
            {w.deadline_id: w.deadline for w in row.warnings.all()}.values(),
            key=lambda d: (d.due_date, d.pk),
        ) or [row.deadline]
        row.items = [
            {"label": subject_of(d).item, "due_date": d.due_date, "status": d.status,
             "met": d.status == "met"}
            for d in listed
        ]  # fmt: skip
        row.first_due = listed[0].due_date
        if hasattr(row, "contact_phone"):
            row.shown_phone = row.contact_phone if unmasked else mask_phone(row.contact_phone)
    return rows


def phone_worklist(person: Any, *, include_done: bool = False) -> list[PhoneReminder]:
    """S-8: the office's phone-reminder to-dos (open first), only what this person may see."""
    qs = PhoneReminder.objects.select_related("deadline__time_limit", "warning").prefetch_related(
        "calls__caller", "warnings__deadline"
    )
    qs = qs.filter(bureau_id__in=bureaus_for(person))  # the one scope rule, superusers included
    if not include_done:
        qs = qs.filter(status=PhoneReminderStatus.OPEN)
    return _annotate(_visible(list(qs), person), person)


def key_items(person: Any, *, include_closed: bool = False) -> list[KeySupervisionItem]:
    """S-8: the key supervision list (督查重点事项), only what this person may see."""
    qs = KeySupervisionItem.objects.select_related(
        "deadline__time_limit", "warning", "closed_by"
    ).prefetch_related("entries__by", "warnings__deadline")
    qs = qs.filter(bureau_id__in=bureaus_for(person))  # the one scope rule, superusers included
    if not include_closed:
        qs = qs.filter(status=KeyItemStatus.OPEN)
    return _annotate(_visible(list(qs), person), person)


def warnings_by_level(person: Any) -> dict[int, int]:
    """Count of warnings per level over the deadlines this person may see."""
    rows = list(
        OverdueWarning.objects.select_related("deadline").filter(
            deadline__bureau_id__in=bureaus_for(person)
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


def warnings_by_week(person: Any, *, today: dt.date, weeks: int = 12) -> BarChart:
    """Issue 5 (dashboards): warnings by level over the last `weeks` weeks, visible rows only."""
    monday = today - dt.timedelta(days=today.weekday())
    first = monday - dt.timedelta(weeks=weeks - 1)
    rows = list(
        OverdueWarning.objects.select_related("deadline").filter(
            deadline__bureau_id__in=bureaus_for(person), raised_on__gte=first
        )
    )
    return weekly_level_chart(
        [(row.raised_on, row.level) for row in _visible(rows, person)], first=first, weeks=weeks
    )


def weekly_level_chart(
    raised: list[tuple[dt.date, int]],
    *,
    first: dt.date,
    weeks: int,
    href: Callable[[dt.date, int], str] | None = None,
    chart_id: str = "warnings",
) -> BarChart:
    """Warnings (day raised, level) counted per week (from Monday `first`) and level, as a chart."""
    starts = [first + dt.timedelta(weeks=i) for i in range(weeks)]
    counts: dict[dt.date, dict[int, int]] = {start: {} for start in starts}
    for day, level in raised:
        start = day - dt.timedelta(days=day.weekday())
        if start in counts:
            counts[start][level] = counts[start].get(level, 0) + 1
    levels = sorted({lv for c in counts.values() for lv in c}) or [1, 2, 3]
    return bar_chart(
        chart_id=chart_id,
        title=_("Warnings by level per week"),
        category_heading=_("Week"),
        categories=[week_label(s) for s in starts],
        series=[
            Series(key=f"level-{lv}", label=_("Level %(level)s") % {"level": lv}, index=lv - 1)
            for lv in levels
        ],
        values=[[counts[s].get(lv, 0) for lv in levels] for s in starts],
        hrefs=[[href(s, lv) if href else "" for lv in levels] for s in starts],
        show_zero=False,
    )
