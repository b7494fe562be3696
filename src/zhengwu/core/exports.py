"""Writing people's text into files (.xlsx, .docx) safely; every exporter goes through here.

- Spreadsheet injection: a text cell starting with = + - @ (or a tab or carriage return) would be
  taken by Excel for a formula (`=HYPERLINK(...)` sends the reader's data elsewhere). The project's
  workbooks hold no formulas at all, so `workbook_bytes` — the one way a workbook leaves the
  project — turns every such cell into a text cell, marked with Excel's quote prefix so that
  editing it keeps it text.
- Control characters: XML 1.0 (inside .xlsx and .docx) cannot hold C0 control characters other
  than tab, line feed and carriage return; text stored before input refused them is written
  without them, instead of failing the whole file.
"""

from __future__ import annotations

import io
from typing import Any

from zhengwu.core.inputs import strip_control_characters

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def plain(value: Any) -> Any:
    """Text for a file: without control characters; other values unchanged."""
    return strip_control_characters(value) if isinstance(value, str) else value


# Punctuation that ends a clause or a sentence in Chinese text.
CLAUSE_ENDS = "。；，、：！？;,."


def clauses(*parts: str, sep: str = "；", end: str = "") -> str:
    """Clauses joined as a Chinese sentence is written: each part loses the punctuation it ended
    with, so joining never doubles it ("办理中。" + "；列入…" would read "办理中。；列入…");
    `end` ("。") closes the whole. Empty parts are left out."""
    kept = [p.strip().rstrip(CLAUSE_ENDS).strip() for p in parts if p and p.strip()]
    kept = [p for p in kept if p]
    return sep.join(kept) + (end if kept else "")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def guard_cell(cell: Any) -> None:
    """Make `cell` hold its value as text if it is text (never a formula)."""
    value = cell.value
    if not isinstance(value, str):
        return
    value = strip_control_characters(value)
    if value != cell.value:
        cell.value = value
    if cell.data_type == "f" or looks_like_formula(value):
        cell.value = value
        cell.data_type = "s"
        cell.quotePrefix = True


def write_cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    cell = sheet.cell(row=row, column=column, value=plain(value))
    guard_cell(cell)
    return cell


def append_row(sheet: Any, values: list[Any]) -> None:
    sheet.append([plain(v) for v in values])
    for cell in sheet[sheet.max_row]:
        guard_cell(cell)


def workbook_bytes(book: Any) -> bytes:
    """The saved workbook, every text cell of every sheet guarded first."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                guard_cell(cell)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
