"""PostgreSQL: every search vector also holds the blocks of ids its item belongs to.

A search reads the newest matches block by block (disclosure.search.pg_blocks). With the blocks
given as ranges of item_id, the GIN index read every match of the words again for each block and
PostgreSQL visited the rows of all of them to keep those in range: a four-word title query on a
million items visited 4,165 rows three times to keep 1,000. As words in the vector (B14:61 is ids
999,424 to 1,015,807; levels 2^14 to 2^30, every second power of two), a block is one more word of
the query: the index skips through the other words' entries to the block's and yields its matches
alone. No text can produce these words (the 'simple' configuration lowercases and splits at ':').
SQLite (FTS5) is unchanged.
"""

from django.db import migrations

LEVELS = (14, 16, 18, 20, 22, 24, 26, 28, 30)  # disclosure.search.PG_BLOCK_LEVELS at this migration
BLOCKS = "array_to_tsvector(ARRAY[{}])".format(
    ", ".join(f"'B{level}:' || (item_id >> {level})::text" for level in LEVELS)
)


def _vectors(blocks: str) -> list[str]:
    """The statements that make the two stored vectors (with `blocks` appended, when given)."""
    extra = f" || {blocks}" if blocks else ""
    return [
        "DROP INDEX IF EXISTS disclosure_search_gin",
        "DROP INDEX IF EXISTS disclosure_search_title_gin",
        "ALTER TABLE disclosure_searchdocument DROP COLUMN vector, DROP COLUMN title_vector",
        "ALTER TABLE disclosure_searchdocument "
        "ADD COLUMN vector tsvector GENERATED ALWAYS AS "
        f"(strip(to_tsvector('simple'::regconfig, tokens)){extra}) STORED, "
        "ADD COLUMN title_vector tsvector GENERATED ALWAYS AS "
        f"(strip(to_tsvector('simple'::regconfig, title_tokens)){extra}) STORED",
        "CREATE INDEX disclosure_search_gin ON disclosure_searchdocument USING gin (vector)",
        "CREATE INDEX disclosure_search_title_gin ON disclosure_searchdocument "
        "USING gin (title_vector)",
        "ANALYZE disclosure_searchdocument",
    ]


def _on_postgresql(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0010_public_gate_index"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(_vectors(BLOCKS)), _on_postgresql(_vectors(""))),
    ]
