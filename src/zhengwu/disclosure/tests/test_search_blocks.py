"""R-11: a search returns the newest matches, however far apart their ids are.

PostgreSQL reads the matches in blocks of ids back from the newest (disclosure.search.pg_blocks),
each block a word of its own in the stored vectors (migration 0011). These tests hold the blocks to
their definition (every id once, newest first, each block aligned to its size) and run searches
over items whose ids lie in different blocks of every size, on both databases.
"""

from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from zhengwu.disclosure import search, selectors
from zhengwu.disclosure.search import PG_BLOCK_LEVELS, PG_FIRST_BLOCK, PG_MAX_BLOCKS, pg_blocks
from zhengwu.disclosure.tests.helpers import draft, publish


@given(st.one_of(st.integers(0, 3 * PG_FIRST_BLOCK), st.integers(0, 2**40)))
def test_R11_the_blocks_cover_every_id_once_newest_first(newest: int) -> None:
    blocks, rest = pg_blocks(newest)
    assert 1 <= len(blocks) <= PG_MAX_BLOCKS
    assert blocks[0][2] == newest + 1
    covered = 0
    for i, (word, low, high) in enumerate(blocks):
        level_text, index_text = word.removeprefix("B").split(":")
        level, index = int(level_text), int(index_text)
        assert level in PG_BLOCK_LEVELS
        # The word is the one the migration gives every id of the block: B{level}:{id >> level}.
        assert low >> level == index == (high - 1) >> level
        assert low % (1 << level) == 0
        if i > 0:
            assert blocks[i - 1][1] == high  # no gap, no overlap
            assert high - low == 1 << level
            assert high - low <= max(PG_FIRST_BLOCK, 4 * covered)  # grows step by step
        covered += high - low
    assert rest == blocks[-1][1]
    assert covered == newest + 1 - rest
    if newest < 2**24:  # every realistic register is covered by the blocks alone
        assert rest == 0


@pytest.fixture
def next_item_id(db):
    """Sets the id the next item gets (the items between never existed).

    PostgreSQL's sequence is not rolled back with the test's transaction, so it is put back after
    the test: later tests in the process count from where they were (the tenancy walk tells the
    bureaus apart by ranges of ids). SQLite's counter is a row, rolled back with the rest."""

    def set_next(value: int) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT setval(%s, %s)", [sequence, value - 1])
                return
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = 'disclosure_informationitem'",
                [value - 1],
            )
            if cursor.rowcount == 0:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) "
                    "VALUES ('disclosure_informationitem', %s)",
                    [value - 1],
                )

    sequence = saved = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence('disclosure_informationitem', 'id')")
            (sequence,) = cursor.fetchone()
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608 — the catalogue's name
            saved = cursor.fetchone()
    yield set_next
    if saved is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(%s, %s, %s)", [sequence, *saved])


# Ids in different blocks of every level up to 2^20, and one more in the same small block.
IDS = [7, 20_000, 70_000, 300_000, 1_100_000, 1_100_005]


@pytest.fixture
def spread(dc, next_item_id):
    matching, other = [], []
    for n, first in enumerate(IDS):
        next_item_id(first)
        matching.append(publish(dc, draft(dc, title=f"关于排污许可证核发情况的公告（第{n}批）")))
        other.append(publish(dc, draft(dc, title=f"关于秋冬季大气污染防治的通知（第{n}批）")))
    assert [i.pk for i in matching] == IDS
    return matching, other


def _ids(sql_params: tuple[str, list[object]]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(*sql_params)
        return [pk for (pk,) in cursor.fetchall()]


def test_R11_search_reads_the_newest_matches_across_blocks_of_ids(spread) -> None:
    matching, other = spread
    groups = search.expand(search.query_tokens("排污许可"))
    expected = sorted((i.pk for i in matching), reverse=True)
    for title_only in (True, False):
        for limit in range(1, len(expected) + 2):
            found = _ids(search.match_sql(groups, limit=limit, title_only=title_only))
            assert sorted(found, reverse=True) == expected[:limit], (title_only, limit)
    results, _words, total = selectors.search_public("排污许可")
    assert [r.item.pk for r in results] == expected
    assert total == len(expected)
    # A word only the other items hold finds them, and nothing else.
    results, _words, total = selectors.search_public("秋冬季")
    assert [r.item.pk for r in results] == sorted((i.pk for i in other), reverse=True)
    if connection.vendor == "postgresql":
        _check_stored_blocks([*matching, *other])


def _check_stored_blocks(items) -> None:
    """The blocks the search asks for (pg_blocks) are the words PostgreSQL stores (migration
    0011): each block's word matches the items inside it and no other."""
    everyone = sorted(i.pk for i in items)
    blocks, rest = pg_blocks(max(everyone))
    assert rest == 0
    assert len(blocks) > 5  # blocks of several sizes
    for word, low, high in blocks:
        for column in ("vector", "title_vector"):
            found = _ids(
                (
                    f"SELECT item_id FROM disclosure_searchdocument WHERE {column} @@ %s::tsquery "  # noqa: S608 — fixed column names
                    "ORDER BY item_id",
                    [f"'{word}'"],
                )
            )
            assert found == [pk for pk in everyone if low <= pk < high], (word, column)


def test_R11_ids_beyond_the_blocks_are_still_found_newest_first(dc, next_item_id) -> None:
    """Past the last block (ids a trillion apart) the search reads the rest by range alone."""
    far = 2**40
    assert pg_blocks(far)[1] > 7  # the item at 7 lies in what the blocks leave to that last read
    found = []
    for first in (7, far):
        next_item_id(first)
        found.append(publish(dc, draft(dc, title="关于排污许可证核发情况的公告")))
    assert [i.pk for i in found] == [7, far]
    groups = search.expand(search.query_tokens("排污许可"))
    for title_only in (True, False):
        for limit in (1, 2, 3):
            ids = _ids(search.match_sql(groups, limit=limit, title_only=title_only))
            assert sorted(ids, reverse=True) == [far, 7][:limit], (title_only, limit)
