# The audit chain is sealed with an HMAC key kept outside the database. Events written before keep
# their unkeyed SHA-256 hashes; one keyed event (audit.chain_keyed) is appended after them, so its
# HMAC covers the whole unkeyed history (see audit/models.py).

from django.db import migrations, models


def seal_unkeyed_history(apps, schema_editor):
    from zhengwu.audit.services import mark_keyed_era

    mark_keyed_era(apps.get_model("audit", "Event"), apps.get_model("audit", "ChainHead"))


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='key_id',
            field=models.CharField(blank=True, default='', max_length=16, verbose_name='key id'),
        ),
        migrations.RunPython(seal_unkeyed_history, migrations.RunPython.noop),
    ]
