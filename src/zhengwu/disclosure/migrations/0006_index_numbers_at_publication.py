"""Index numbers (索引号) are given at publication: items never published lose the number they
were given when recorded, and each counter continues after the highest number still held.

Numbers of items that were published stay as they are: they have been cited and may be linked to.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    InformationItem = apps.get_model("disclosure", "InformationItem")
    IndexCounter = apps.get_model("disclosure", "IndexCounter")
    InformationItem.objects.filter(published_on__isnull=True).exclude(index_number="").update(
        index_number=""
    )
    highest: dict[tuple[str, int], int] = {}
    for number in InformationItem.objects.exclude(index_number="").values_list(
        "index_number", flat=True
    ):
        prefix, _slash, rest = number.rpartition("/")
        year, _dash, serial = rest.partition("-")
        if year.isdigit() and serial.isdigit():
            key = (prefix, int(year))
            highest[key] = max(highest.get(key, 0), int(serial))
    for counter in IndexCounter.objects.all():
        counter.last_serial = highest.get((counter.prefix, counter.year), 0)
        counter.save(update_fields=["last_serial"])


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0005_search_title_tokens")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
