"""Text of attachments for the search index (issue 6 point 6: search covers attachment text).

PDF with pypdf, Word (.docx: paragraphs and tables) with python-docx, Excel (.xlsx: cell values)
with openpyxl, UTF-8 text as it is. Images are not read (no OCR): staff describe them, and the
description is indexed. Every reader is bounded (pages, cells, characters; `policy`) and a
malformed file never fails the upload: the outcome is an `ExtractionStatus` with a message that
staff see on the item.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhengwu.disclosure import policy
from zhengwu.disclosure.models import ExtractionStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Extraction:
    text: str
    status: str
    message: str = ""


class _Full(Exception):
    """The character cap is reached: stop reading."""


class _Collector:
    def __init__(self, limit: int) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.truncated = False

    def add(self, text: str) -> None:
        # NUL never belongs to text (and PostgreSQL cannot store it); PDFs sometimes yield it.
        text = (text or "").replace("\x00", "").strip()
        if not text:
            return
        room = self.limit - self.size
        if len(text) >= room:
            text = text[:room]
            self.truncated = True
        self.parts.append(text)
        self.size += len(text) + 1
        if self.truncated:
            raise _Full

    def text(self) -> str:
        return "\n".join(self.parts)


def _pdf(data: bytes, out: _Collector) -> bool:
    """Returns True when the page cap cut the reading short."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # An owner-password-only PDF opens with the empty password; others cannot be read.
        reader.decrypt("")
    pages = reader.pages
    for number, page in enumerate(pages):
        if number >= policy.MAX_PDF_PAGES:
            return True
        out.add(page.extract_text() or "")
    return False


def _docx(data: bytes, out: _Collector) -> bool:
    import docx

    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        out.add(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            seen: set[int] = set()
            for cell in row.cells:
                # merged cells repeat the same cell object across the row
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                out.add(cell.text)
    return False


def _cells(data: bytes) -> Iterator[object]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                yield from row
    finally:
        book.close()


def _xlsx(data: bytes, out: _Collector) -> bool:
    for count, value in enumerate(_cells(data)):
        if count >= policy.MAX_SPREADSHEET_CELLS:
            return True
        if value is not None:
            out.add(str(value))
    return False


def _txt(data: bytes, out: _Collector) -> bool:
    out.add(data.decode("utf-8"))
    return False


READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "txt": _txt}


def extract(kind: str, data: bytes, *, description: str = "") -> Extraction:
    """The searchable text of one file of `kind` (the type found from its content)."""
    if kind in ("jpg", "png", "gif", "webp"):
        return Extraction(text="", status=ExtractionStatus.DESCRIBED)
    reader = READERS.get(kind)
    if reader is None:
        return Extraction(
            text="",
            status=ExtractionStatus.UNSUPPORTED,
            message=_("Only the description of this file type is searchable."),
        )
    out = _Collector(policy.MAX_EXTRACTED_CHARS)
    try:
        cut_short = reader(data, out)
    except _Full:
        cut_short = True
    except Exception as exc:  # a malformed file must not fail the upload (any reader error)
        logger.info("attachment text extraction failed: %s", exc, exc_info=True)
        return Extraction(
            text="",
            status=ExtractionStatus.FAILED,
            message=(_("The text could not be read: %(error)s") % {"error": exc})[:300],
        )
    text = out.text()
    if not text.strip():
        return Extraction(
            text="",
            status=ExtractionStatus.EMPTY,
            message=_("No text was found (a scanned document?). Describe it for the search."),
        )
    if cut_short or out.truncated:
        return Extraction(
            text=text,
            status=ExtractionStatus.TRUNCATED,
            message=_("Only the first part of the text is searchable (limits: %(pages)d PDF "
                      "pages, %(cells)d cells, %(chars)d characters).")
            % {
                "pages": policy.MAX_PDF_PAGES,
                "cells": policy.MAX_SPREADSHEET_CELLS,
                "chars": policy.MAX_EXTRACTED_CHARS,
            },
        )  # fmt: skip
    return Extraction(text=text, status=ExtractionStatus.EXTRACTED)
