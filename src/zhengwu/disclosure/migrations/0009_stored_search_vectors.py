"""PostgreSQL: the search vectors are stored, not computed again for every row a query reads.

The GIN indexes of 0002 and 0005 were over the expression to_tsvector('simple', …). A query for the
newest matches of a common word (执法 is in 70% of a large register) reads the newest documents and
checks each; with an expression index every check segments the whole text again (60 ms for one
query on 20,000 items). The vectors become generated columns (kept by PostgreSQL itself, so
inserts through the ORM are unchanged), without positions (queries are AND of words, never
phrases), and the GIN indexes are over those columns. SQLite (FTS5) is unchanged.
"""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS disclosure_search_gin",
    "DROP INDEX IF EXISTS disclosure_search_title_gin",
    "ALTER TABLE disclosure_searchdocument "
    "ADD COLUMN vector tsvector GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, tokens))) STORED, "
    "ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, title_tokens))) STORED",
    "CREATE INDEX disclosure_search_gin ON disclosure_searchdocument USING gin (vector)",
    "CREATE INDEX disclosure_search_title_gin ON disclosure_searchdocument USING gin (title_vector)",
    "ANALYZE disclosure_searchdocument",
]

BACKWARD = [
    "ALTER TABLE disclosure_searchdocument DROP COLUMN IF EXISTS vector, "
    "DROP COLUMN IF EXISTS title_vector",
    "CREATE INDEX IF NOT EXISTS disclosure_search_gin ON disclosure_searchdocument "
    "USING gin (to_tsvector('simple'::regconfig, tokens))",
    "CREATE INDEX IF NOT EXISTS disclosure_search_title_gin ON disclosure_searchdocument "
    "USING gin (to_tsvector('simple'::regconfig, title_tokens))",
]


def forward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0008_policy_interpretations_and_catalogue_tree"),
    ]

    operations = [migrations.RunPython(forward, backward)]
