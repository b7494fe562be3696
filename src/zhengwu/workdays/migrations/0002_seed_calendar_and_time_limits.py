"""Seed the calendar from the chinesecalendar package and the default time limits (version 1).

A fresh database thus knows every year the package covers, marked confirmed, and the policy
defaults of requirements.md.
"""

from __future__ import annotations

import datetime as dt

from django.db import migrations


def seed(apps, schema_editor):
    import chinese_calendar.constants as cc

    from zhengwu.workdays.policy import DEFAULT_LIMITS

    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarVersion = apps.get_model("workdays", "CalendarVersion")
    TimeLimit = apps.get_model("workdays", "TimeLimit")
    now = dt.datetime.now(dt.UTC)

    days = []
    for day, name in cc.holidays.items():
        days.append(CalendarDay(day=day, is_workday=False, name=_name(name), source="package"))
    for day, name in cc.workdays.items():
        days.append(CalendarDay(day=day, is_workday=True, name=_name(name), source="package"))
    CalendarDay.objects.bulk_create(days, batch_size=500, ignore_conflicts=True)
    years = {d.year for d in cc.holidays} | {d.year for d in cc.workdays}
    CalendarYear.objects.bulk_create(
        [
            CalendarYear(year=y, status="confirmed", source="package", updated_at=now)
            for y in sorted(years)
        ],
        ignore_conflicts=True,
    )
    CalendarVersion.objects.get_or_create(id=1, defaults={"version": 1})
    for limit in DEFAULT_LIMITS:
        TimeLimit.objects.get_or_create(
            rule_id=limit.rule_id,
            version=1,
            defaults={
                "amount": limit.amount,
                "unit": str(limit.unit),
                "label": limit.label,
                "legal_basis": limit.legal_basis,
                "effective_from": now,
            },
        )


_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _name(value: object) -> str:
    text = str(value or "")
    return _NAMES.get(text, text)[:50]


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
