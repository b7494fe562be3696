"""Search documents get the title's tokens in their own column (ranking: title hits first).

SQLite: the FTS5 table is recreated with two columns and rebuilt from its content table.
PostgreSQL: a second GIN index, over the title's tokens.
"""

from django.db import migrations, models


def fill_title_tokens(apps, schema_editor):  # noqa: ANN001, ANN201
    from zhengwu.disclosure.search import document_tokens

    SearchDocument = apps.get_model("disclosure", "SearchDocument")
    titles = dict(
        apps.get_model("disclosure", "InformationItem").objects.filter(
            pk__in=SearchDocument.objects.values("item_id")
        ).values_list("pk", "title")
    )
    for document in SearchDocument.objects.all().iterator():
        document.title_tokens = document_tokens(titles.get(document.item_id, ""))
        document.save(update_fields=["title_tokens"])


def index_forward(apps, schema_editor):  # noqa: ANN001, ANN201
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS disclosure_fts")
        schema_editor.execute(
            "CREATE VIRTUAL TABLE disclosure_fts USING fts5(title_tokens, tokens, "
            "content='disclosure_searchdocument', content_rowid='item_id')"
        )
        schema_editor.execute("INSERT INTO disclosure_fts(disclosure_fts) VALUES ('rebuild')")
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS disclosure_search_title_gin ON disclosure_searchdocument "
            "USING gin (to_tsvector('simple'::regconfig, title_tokens))"
        )


def index_backward(apps, schema_editor):  # noqa: ANN001, ANN201
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS disclosure_fts")
        schema_editor.execute(
            "CREATE VIRTUAL TABLE disclosure_fts USING fts5("
            "tokens, content='disclosure_searchdocument', content_rowid='item_id')"
        )
        schema_editor.execute("INSERT INTO disclosure_fts(disclosure_fts) VALUES ('rebuild')")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS disclosure_search_title_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0004_attachment_extraction"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="title_tokens",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(fill_title_tokens, migrations.RunPython.noop),
        migrations.RunPython(index_forward, index_backward),
    ]
