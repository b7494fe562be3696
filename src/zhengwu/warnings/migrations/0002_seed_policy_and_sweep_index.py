"""Default reminder rules and quiet hours (policy data), and the sweep's index.

The index on workdays' Deadline(warning_level, due_date) for open rows lets each level of the sweep
read only the deadlines still below that level, so a rerun costs next to nothing (benchmarks).
"""

import datetime as dt

from django.db import migrations

REMINDER_RULES = (
    ("day_before", "截止前一个工作日提醒", 1, dt.time(9, 0)),
    ("morning_of", "截止当日上午提醒", 0, dt.time(8, 30)),
)


def seed(apps, schema_editor):
    ReminderRule = apps.get_model("warnings", "ReminderRule")
    QuietHours = apps.get_model("warnings", "QuietHours")
    for kind, label, before, send_at in REMINDER_RULES:
        ReminderRule.objects.get_or_create(
            kind=kind, defaults={"label": label, "workdays_before": before, "send_at": send_at}
        )
    QuietHours.objects.get_or_create(
        id=1,
        defaults={
            "allowed_from": dt.time(8, 0),
            "allowed_until": dt.time(20, 0),
            "working_days_only": True,
            "calendar_check_month": 11,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("warnings", "0001_initial"),
        ("workdays", "0003_deadline_fixed"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS warnings_deadline_open_level "
            "ON workdays_deadline (warning_level, due_date) WHERE status = 'open'",
            "DROP INDEX IF EXISTS warnings_deadline_open_level",
        ),
    ]
