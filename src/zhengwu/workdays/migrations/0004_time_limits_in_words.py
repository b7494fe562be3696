"""The default time limits name their rule in words: "《强化工作落实“12340”制度》第一条", not
"12340制度第一条“1”"; the warning levels read 第1次预警 … 第3次预警; notes are in Chinese.

Only a version-1 row that still reads as first seeded is rewritten; a bureau's own wording stays.
"""

from __future__ import annotations

from django.db import migrations


def reword(apps, schema_editor):  # noqa: ANN001, ANN201
    from zhengwu.workdays.policy import REWORDED_DEFAULTS

    TimeLimit = apps.get_model("workdays", "TimeLimit")
    for rule_id, (old, new) in REWORDED_DEFAULTS.items():
        TimeLimit.objects.filter(
            rule_id=rule_id, version=1, label=old[0], legal_basis=old[1], note=old[2]
        ).update(label=new[0], legal_basis=new[1], note=new[2])


def unreword(apps, schema_editor):  # noqa: ANN001, ANN201
    from zhengwu.workdays.policy import REWORDED_DEFAULTS

    TimeLimit = apps.get_model("workdays", "TimeLimit")
    for rule_id, (old, new) in REWORDED_DEFAULTS.items():
        TimeLimit.objects.filter(
            rule_id=rule_id, version=1, label=new[0], legal_basis=new[1], note=new[2]
        ).update(label=old[0], legal_basis=old[1], note=old[2])


class Migration(migrations.Migration):
    dependencies = [
        ("workdays", "0003_deadline_fixed"),
        # they seed rules of their own (R-4.reply, R-8; D-2.reassess)
        ("applications", "0001_applications"),
        ("disclosure", "0002_search_index_and_catalogue"),
    ]

    operations = [migrations.RunPython(reword, unreword)]
