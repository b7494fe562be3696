"""Chinese full-text search over public items (R-11, issue 6 point 6).

Text is segmented with jieba before it reaches the database, on both engines the same way:
`cut_for_search` for documents (it yields the words *and* their two-character parts, so a
two-character query such as 污染 finds 大气污染防治), and the precise `cut` for queries. SQLite
keeps an FTS5 index over `SearchDocument.title_tokens` and `.tokens`; PostgreSQL stores
to_tsvector('simple', …) of each in a generated column with a GIN index. Highlighting is done
here, in Python, on the original text.

Search finds what people type (issue 15): the administrators' list of government terms
(`SearchTerm`, policy data) is jieba's user dictionary, so 环评 or 双随机一公开 is one word both
when an item is indexed and when a query is cut; and each word of a query stands for itself or its
equivalents (an abbreviation finds its full terms, synonyms find each other). The list is read
from the database whenever it may have changed (it is small; every process compares what it
loaded with the table), so an edit takes effect at the next search in every process. Expansions
need no re-indexing; a new dictionary word is found in items indexed before it as the words it is
made of (the query also tries those), and `zhengwu reindex_search` — queued as a job when the list
changes — indexes them under the new word.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

_WORD = re.compile(r"\w", re.UNICODE)
_jieba = None


def _lib():
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    _load_vocabulary(_jieba)
    return _jieba


# --- the administrators' terms (SearchTerm) as a user dictionary and expansions ----------------


@dataclass(frozen=True)
class Vocabulary:
    words: frozenset[str] = frozenset()  # the user dictionary: kept whole when cutting
    finds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a word → what it also finds


_vocabulary = Vocabulary()
_vocabulary_rows: tuple = ()
_vocabulary_lock = threading.Lock()
_table_ready = False
# Frequencies of the words before the user dictionary touched them (restored when a word leaves).
_original_freq: dict[str, int | None] = {}


def _term_rows() -> tuple:
    """The active terms, or nothing while the table does not exist yet (migrations before it)."""
    global _table_ready
    from zhengwu.disclosure.models import SearchTerm

    if not _table_ready:
        _table_ready = SearchTerm._meta.db_table in connection.introspection.table_names()
        if not _table_ready:
            return ()
    return tuple(
        SearchTerm.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("kind", "term", "equivalents")
    )


def _build(rows: tuple) -> Vocabulary:
    from zhengwu.disclosure.models import SearchTerm, SearchTermKind

    words: set[str] = set()
    finds: dict[str, list[str]] = {}
    for kind, term, equivalents in rows:
        others = SearchTerm(kind=kind, term=term, equivalents=equivalents).equivalent_list()
        term = term.strip().lower()
        others = [o.lower() for o in others]
        words.update([term, *others])
        if kind == SearchTermKind.ABBREVIATION:
            finds.setdefault(term, []).extend(others)
        elif kind == SearchTermKind.SYNONYM:
            group = [term, *others]
            for word in group:
                finds.setdefault(word, []).extend(w for w in group if w != word)
    return Vocabulary(
        words=frozenset(w for w in words if w),
        finds={w: tuple(dict.fromkeys(o)) for w, o in finds.items()},
    )


def _load_vocabulary(jieba) -> Vocabulary:
    global _vocabulary, _vocabulary_rows
    rows = _term_rows()
    if rows == _vocabulary_rows:
        return _vocabulary
    with _vocabulary_lock:
        if rows == _vocabulary_rows:
            return _vocabulary
        vocabulary = _build(rows)
        for word in _vocabulary.words - vocabulary.words:
            original = _original_freq.pop(word, None)
            if original:
                jieba.add_word(word, original)
            else:
                jieba.del_word(word)
        for word in vocabulary.words - _vocabulary.words:
            _original_freq[word] = jieba.dt.FREQ.get(word) or None
            jieba.add_word(word)
        _vocabulary, _vocabulary_rows = vocabulary, rows
    return vocabulary


def vocabulary() -> Vocabulary:
    """The terms as loaded now (reloaded first if the table changed)."""
    _lib()
    return _vocabulary


def _clean(tokens: Iterable[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        token = token.strip().lower()
        if token and _WORD.search(token):
            out.append(token.replace('"', ""))
    return out


def document_tokens(*texts: str) -> str:
    """The space-joined tokens a document is indexed under."""
    jieba = _lib()
    words: list[str] = []
    for text in texts:
        if text:
            words.extend(_clean(jieba.cut_for_search(text)))
    return " ".join(words)


def query_tokens(query: str) -> list[str]:
    """The words of a user's query (precise mode; duplicates dropped, order kept)."""
    jieba = _lib()
    seen: dict[str, None] = {}
    for token in _clean(jieba.cut(query[:200])):
        seen.setdefault(token, None)
    return list(seen)[:12]


# A query: every group must match; a group matches when one of its alternatives does; an
# alternative when all its words do.
Groups = list[list[list[str]]]
MAX_ALTERNATIVES = 8


def _alternatives(jieba, word: str, vocab: Vocabulary) -> list[list[str]]:
    """`word` itself, and for a dictionary word also the words it is made of (items indexed before
    the word entered the dictionary hold those)."""
    out = [[word]]
    if word in vocab.words:
        parts = [t for t in dict.fromkeys(_clean(jieba.cut_for_search(word))) if t != word]
        if parts:
            out.append(parts)
    return out


def expand(tokens: Sequence[str]) -> Groups:
    """The query's words with what each also finds (abbreviations, synonyms), for match_sql."""
    jieba = _lib()
    vocab = _vocabulary
    groups: Groups = []
    for token in tokens:
        group = _alternatives(jieba, token, vocab)
        for other in vocab.finds.get(token, ()):
            words = _clean(jieba.cut(other))
            if len(words) == 1:
                group.extend(_alternatives(jieba, words[0], vocab))
            elif words:
                group.append(words)
        unique: dict[tuple[str, ...], list[str]] = {}
        for alternative in group:
            unique.setdefault(tuple(alternative), alternative)
        groups.append(list(unique.values())[:MAX_ALTERNATIVES])
    return groups


def highlight_words(tokens: Sequence[str]) -> list[str]:
    """The words to mark in results: the query's and the whole terms they also find."""
    vocab = vocabulary()
    words = dict.fromkeys(tokens)
    for token in tokens:
        words.update(dict.fromkeys(o.lower() for o in vocab.finds.get(token, ())))
    return list(words)


def _as_groups(tokens: Sequence[str] | Groups) -> Groups:
    return [[[t]] if isinstance(t, str) else t for t in tokens]  # type: ignore[list-item]


def fts_expression(tokens: Sequence[str] | Groups) -> str:
    """An FTS5 MATCH expression: every group must occur (words quoted: no operator injection)."""
    parts = []
    for group in _as_groups(tokens):
        alternatives = [" AND ".join(f'"{w}"' for w in alternative) for alternative in group]
        if len(alternatives) == 1 and len(group[0]) == 1:
            parts.append(alternatives[0])
        else:
            parts.append("(" + " OR ".join(f"({a})" for a in alternatives) + ")")
    return " AND ".join(parts)


# --- index maintenance (called by the services, inside their transaction) ---------------------


def index_item(item) -> None:
    from zhengwu.disclosure.models import SearchDocument

    # Attachments: the text read from PDF / Word / Excel files, and the staff's description (for
    # images the only text there is; see disclosure.extraction).
    attachment_text = " ".join(
        part for a in item.attachments.all() for part in (a.description, a.text) if part
    )
    tokens = document_tokens(item.title, item.summary, item.document_number, item.body)
    tokens = f"{tokens} {document_tokens(attachment_text)}".strip()
    title_tokens = document_tokens(item.title)
    unindex_item(item)
    SearchDocument.objects.create(item=item, title_tokens=title_tokens, tokens=tokens)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO disclosure_fts(rowid, title_tokens, tokens) VALUES (%s, %s, %s)",
                [item.pk, title_tokens, tokens],
            )


def unindex_item(item) -> None:
    from zhengwu.disclosure.models import SearchDocument

    document = SearchDocument.objects.filter(item_id=item.pk).first()
    if document is None:
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO disclosure_fts(disclosure_fts, rowid, title_tokens, tokens) "
                "VALUES ('delete', %s, %s, %s)",
                [item.pk, document.title_tokens, document.tokens],
            )
    document.delete()


# --- querying ---------------------------------------------------------------------------------


def match_sql(
    tokens: Sequence[str] | Groups, *, limit: int, title_only: bool, newest: int | None = None
) -> tuple[str, list[object]]:
    """SQL selecting the ids of the `limit` newest items whose index holds every token (or, given
    groups from `expand`, one alternative of every group).

    `title_only` looks in the title alone. The index is read newest-first and stops after `limit`
    rows, so a word that matches most of a million items costs no more than a rare one; ranking
    (see disclosure.selectors.search_public) then puts title hits first. FTS5's bm25 is not used:
    it reads the whole posting list of every word to weigh it, half a second for a common word on
    a million items (docs/benchmarks.md). `newest` (PostgreSQL): `newest_document_id()`, when
    the caller has it already.
    """
    if connection.vendor == "sqlite":
        expression = fts_expression(tokens)
        if title_only:
            expression = f"{{title_tokens}} : ({expression})"
        sql = (
            "SELECT rowid FROM disclosure_fts WHERE disclosure_fts MATCH %s "
            "ORDER BY rowid DESC LIMIT %s"
        )
        return sql, [expression, int(limit)]
    # PostgreSQL: the stored vectors the GIN indexes cover (migrations 0009, 0011); each
    # alternative a plainto_tsquery of its words (bound), joined with || and &&.
    column = "title_vector" if title_only else "vector"
    params: list[object] = []
    conditions = []
    for group in _as_groups(tokens):
        ors = []
        for alternative in group:
            ors.append("plainto_tsquery('simple'::regconfig, %s)")
            params.append(" ".join(alternative))
        conditions.append("(" + " || ".join(ors) + ")")
    query = " && ".join(conditions)
    if newest is None:
        newest = newest_document_id()
    if newest is None:  # nothing is indexed
        return "SELECT item_id FROM disclosure_searchdocument WHERE false", []
    # Newest first without reading every match: a GIN index yields its matches in no order, so
    # "the newest `limit`" would visit and sort all of them (7,000 rows for 城东区质量 on a million
    # items). The ids are read block by block back from the newest (`pg_blocks`), each block's
    # matches sorted on their own, and PostgreSQL stops opening blocks once `limit` rows are in.
    # A block is a word of its own in every vector (`B16:14`: ids 917,504 to 983,039), so the
    # index itself keeps to the block: it skips through a common word's entries to those of the
    # block, and no row outside the block is read. (Ranges of item_id alone made the index read
    # every match of the words again for each band, and the rows of all of them.) The id range
    # is stated too, for the planner and as the definition of the block.
    blocks, rest = pg_blocks(newest)
    branches = []
    branch_params: list[object] = []
    select = "SELECT item_id FROM disclosure_searchdocument WHERE "
    for lexeme, low, high in blocks:
        branches.append(
            f"({select}{column} @@ ({query} && %s::tsquery) "
            "AND item_id >= %s AND item_id < %s ORDER BY item_id DESC LIMIT %s)"
        )
        branch_params += [*params, f"'{lexeme}'", low, high, int(limit)]
    if rest > 0:  # beyond the blocks (ids in the billions): the range alone
        branches.append(
            f"({select}{column} @@ ({query}) AND item_id < %s ORDER BY item_id DESC LIMIT %s)"
        )
        branch_params += [*params, rest, int(limit)]
    sql = f"SELECT item_id FROM ({' UNION ALL '.join(branches)}) AS newest LIMIT %s"  # noqa: S608 — fixed SQL, bound words
    return sql, [*branch_params, int(limit)]


def newest_document_id() -> int | None:
    """The highest indexed item id (PostgreSQL's search blocks count back from it); None on
    SQLite, which needs none, and when nothing is indexed."""
    if connection.vendor == "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(item_id) FROM disclosure_searchdocument")
        (newest,) = cursor.fetchone()
    return newest


# The block levels of PostgreSQL's search vectors: a document with id i also holds the words
# B14:(i >> 14), B16:(i >> 16), … B30:(i >> 30) (migration 0011 computes them; keep both alike).
PG_BLOCK_LEVELS = (14, 16, 18, 20, 22, 24, 26, 28, 30)
PG_MAX_BLOCKS = 16
PG_FIRST_BLOCK = 1 << PG_BLOCK_LEVELS[0]


def pg_blocks(newest: int) -> tuple[list[tuple[str, int, int]], int]:
    """The blocks a search reads, newest first: (word, first id, id after the last), together
    covering the ids 0 … `newest` without overlap; and the id below which ids are left to a last
    read by range alone (0 when the blocks cover everything).

    Each block is aligned to its size, which is 2^14 ids or at most four times the ids covered
    before it, so a rare word reaches the oldest items in a handful of reads while a common one
    fills its window from the first one or two small blocks."""
    blocks: list[tuple[str, int, int]] = []
    level = PG_BLOCK_LEVELS[0]
    top = (newest >> level) << level
    blocks.append((f"B{level}:{newest >> level}", top, newest + 1))
    covered = newest + 1 - top
    while top > 0 and len(blocks) < PG_MAX_BLOCKS:
        level = max(
            (
                lvl
                for lvl in PG_BLOCK_LEVELS
                if top % (1 << lvl) == 0 and (1 << lvl) <= max(PG_FIRST_BLOCK, 4 * covered)
            ),
            default=PG_BLOCK_LEVELS[0],
        )
        size = 1 << level
        blocks.append((f"B{level}:{(top >> level) - 1}", top - size, top))
        top -= size
        covered += size
    return blocks, top


@dataclass(frozen=True)
class Snippet:
    title: SafeString
    text: SafeString


def _mark(text: str, tokens: list[str]) -> SafeString:
    if not tokens:
        return mark_safe(escape(text))  # noqa: S308 — escaped above
    pattern = re.compile(
        "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True)), re.I
    )
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece escaped


def highlight(title: str, text: str, tokens: list[str], width: int = 120) -> Snippet:
    """The title and a window of the text around the first hit, with hits in <mark>."""
    start = 0
    lowered = text.lower()
    positions = [lowered.find(t) for t in tokens if lowered.find(t) >= 0]
    if positions:
        start = max(0, min(positions) - width // 3)
    window = text[start : start + width]
    if start > 0:
        window = "…" + window
    if start + width < len(text):
        window += "…"
    return Snippet(title=_mark(title, tokens), text=_mark(window, tokens))
