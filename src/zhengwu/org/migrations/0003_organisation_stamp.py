import secrets

from django.db import migrations, models


def first_value(apps, schema_editor):
    apps.get_model("org", "OrganisationStamp").objects.update_or_create(
        id=1, defaults={"value": secrets.token_hex(16)}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_calendar_admin_role"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganisationStamp",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("value", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(first_value, migrations.RunPython.noop),
    ]
