"""Chinese full-text search over public items (R-11, issue 6 point 6).

Text is segmented with jieba before it reaches the database, on both engines the same way:
`cut_for_search` for documents (it yields the words *and* their two-character parts, so a
two-character query such as 污染 finds 大气污染防治), and the precise `cut` for queries. SQLite
keeps an FTS5 index over `SearchDocument.tokens`; PostgreSQL a GIN index over
to_tsvector('simple', tokens). Highlighting is done here, in Python, on the original text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

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
    return _jieba


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


def fts_expression(tokens: list[str]) -> str:
    """An FTS5 MATCH expression: every word must occur (quoted, so no operator injection)."""
    return " AND ".join(f'"{t}"' for t in tokens)


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
    unindex_item(item)
    SearchDocument.objects.create(item=item, tokens=tokens)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO disclosure_fts(rowid, tokens) VALUES (%s, %s)", [item.pk, tokens]
            )


def unindex_item(item) -> None:
    from zhengwu.disclosure.models import SearchDocument

    document = SearchDocument.objects.filter(item_id=item.pk).first()
    if document is None:
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO disclosure_fts(disclosure_fts, rowid, tokens) "
                "VALUES ('delete', %s, %s)",
                [item.pk, document.tokens],
            )
    document.delete()


# --- querying ---------------------------------------------------------------------------------


def ranked_ids(tokens: list[str], limit: int = 20, window: int | None = None) -> list[int]:
    """Ids of items whose index holds every token, best match first.

    With `window`, only the `window` most recent matches (highest ids) are ranked: on a register of
    a million items a common word matches most of them, and scoring all would take a second. The
    portal does this (newer information is what visitors look for); without `window` every match
    is ranked (the benchmark reports both).
    """
    if not tokens:
        return []
    if connection.vendor == "sqlite":
        match = "SELECT rowid AS id, bm25(disclosure_fts) AS score FROM disclosure_fts "
        match += "WHERE disclosure_fts MATCH %s"
        params: list[object] = [fts_expression(tokens)]
        order = "score"
    else:
        # PostgreSQL: the same expression as the GIN index of migration 0002.
        match = (
            "SELECT item_id AS id, ts_rank(to_tsvector('simple'::regconfig, tokens), "
            "plainto_tsquery('simple'::regconfig, %s)) AS score FROM disclosure_searchdocument "
            "WHERE to_tsvector('simple'::regconfig, tokens) @@ "
            "plainto_tsquery('simple'::regconfig, %s)"
        )
        query = " ".join(tokens)
        params = [query, query]
        order = "score DESC"
    if window:
        # Only fixed SQL fragments are joined here; every value is a bound parameter.
        sql = (
            f"SELECT id FROM ({match} ORDER BY id DESC LIMIT %s) AS recent "  # noqa: S608
            f"ORDER BY {order}, id DESC LIMIT %s"
        )
        params += [int(window), int(limit)]
    else:
        sql = f"SELECT id FROM ({match}) AS matches ORDER BY {order}, id DESC LIMIT %s"  # noqa: S608
        params += [int(limit)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


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
