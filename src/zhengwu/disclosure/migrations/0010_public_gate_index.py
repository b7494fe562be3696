"""The public gate's index holds is_confidential too (last, so that the newest-first order holds):
the catalogue counts and pages a large register without reading its rows (the count of a million
public items took 3 s on SQLite, reading every row for is_confidential)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0009_stored_search_vectors"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="informationitem", name="disc_item_public"),
        migrations.AddIndex(
            model_name="informationitem",
            index=models.Index(
                fields=["status", "attribute", "-published_on", "-id", "is_confidential"],
                name="disc_item_public_gate",
            ),
        ),
    ]
