"""Text of attachments for the search index (issue 6 point 6: search covers attachment text).

PDF with pypdf, Word (.docx: paragraphs and tables) and Excel (.xlsx: cell values) read as a
stream of their XML, UTF-8 text as it is. Images are not read (no OCR): staff describe them, and
the description is indexed. Every reader is bounded (`policy`): an Office file (a zip) is checked
for its member count and uncompressed size before anything is parsed; the XML is read element by
element (never a whole document in memory) and reading stops at the character, cell and element
caps and at the time budget. A malformed file never fails the upload: the outcome is an
`ExtractionStatus` with a message that staff see on the item.

Hostile files (`inspect`): an Office file beyond the zip limits is refused; a PDF that runs
something when opened (/OpenAction, /AA, JavaScript, /Launch) is stored with those removed.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import time
import zipfile
from dataclasses import dataclass
from posixpath import dirname, join, normpath

from django.utils.translation import gettext as _

from zhengwu.disclosure import policy
from zhengwu.disclosure.models import ExtractionStatus

logger = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_SHARED_STRINGS = "/sharedStrings"


@dataclass(frozen=True)
class Extraction:
    text: str
    status: str
    message: str = ""


class Refused(Exception):
    """The file is hostile (beyond the zip limits): it is not attached."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Inspected:
    """What is stored: the file as uploaded, or a PDF with its automatic actions removed."""

    data: bytes
    cleaned: bool = False


class _Full(Exception):
    """The character cap is reached: stop reading."""


class _OutOfTime(Exception):
    """The time or element budget is spent: stop reading."""


class _Collector:
    def __init__(self, limit: int) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.truncated = False
        self.elements = 0
        self.deadline = time.monotonic() + policy.MAX_EXTRACTION_SECONDS

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

    def tick(self) -> None:
        """One more XML element read: stop when the budget is spent."""
        self.elements += 1
        if self.elements > policy.MAX_XML_ELEMENTS:
            raise _OutOfTime

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise _OutOfTime

    def text(self) -> str:
        return "\n".join(self.parts)


# --- hostile files -------------------------------------------------------------------------------

# Names of PDF dictionary keys that make a reader act on its own (or run code).
_PDF_ACTION_KEYS = ("/OpenAction", "/AA", "/JS", "/JavaScript")
_PDF_ACTION_TYPES = ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm")
# A cheap first look: any of these in the raw bytes (or names written with #-escapes, or objects
# packed in compressed object streams, where keys cannot be seen) asks for the structural check.
_PDF_SUSPECT = re.compile(
    rb"/(?:OpenAction|AA|JS|JavaScript|Launch|ObjStm)(?![A-Za-z0-9])|/[A-Za-z]*#[0-9A-Fa-f]{2}"
)


def inspect(kind: str, data: bytes) -> Inspected:
    """Check a file before it is stored or parsed; raises `Refused` for a hostile Office file."""
    if kind in ("docx", "xlsx"):
        # a malformed file is attached with its failure shown (`extract`)
        with contextlib.suppress(zipfile.BadZipFile, ValueError, OSError, EOFError):
            _office_archive(data).close()
    if kind == "pdf" and _PDF_SUSPECT.search(data):
        cleaned = _pdf_without_actions(data)
        if cleaned is not None:
            return Inspected(data=cleaned, cleaned=True)
    return Inspected(data=data)


def _office_archive(data: bytes) -> zipfile.ZipFile:
    """The zip of an Office file, its member count and uncompressed size within policy (as the
    zip declares them: a member is never read beyond its declared size)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = archive.infolist()
    if len(members) > policy.MAX_OFFICE_MEMBERS:
        archive.close()
        raise Refused(
            _("This file holds %(count)d parts (at most %(limit)d are accepted).")
            % {"count": len(members), "limit": policy.MAX_OFFICE_MEMBERS}
        )
    total = sum(member.file_size for member in members)
    if total > policy.MAX_OFFICE_UNCOMPRESSED_BYTES:
        archive.close()
        raise Refused(
            _("This file expands to %(size)d MB when opened (at most %(limit)d MB are accepted).")
            % {
                "size": total // (1024 * 1024),
                "limit": policy.MAX_OFFICE_UNCOMPRESSED_BYTES // (1024 * 1024),
            }
        )
    return archive


def _pdf_without_actions(data: bytes) -> bytes | None:
    """The PDF rewritten without its automatic actions and scripts, or None when it has none
    (or cannot be read: then it is a malformed file, handled by the text reader)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        writer = PdfWriter(clone_from=reader)
    except Exception:  # a malformed PDF: nothing can run from a file no reader opens either
        logger.info("PDF could not be inspected for actions", exc_info=True)
        return None
    found = False
    seen: set[int] = set()
    stack: list[object] = [writer._root_object]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            stack.extend(node.values())  # what the removed keys point to is cleaned too
            if node.get("/S") in _PDF_ACTION_TYPES or "/JS" in node:
                node.clear()  # an empty action does nothing
                found = True
                continue
            for key in _PDF_ACTION_KEYS:
                if key in node:
                    del node[key]
                    found = True
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    if not found:
        return None
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- readers ------------------------------------------------------------------------------------


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
        out.check_time()
        out.add(page.extract_text() or "")
    return False


class _Stop(Exception):
    """A part has been read as far as it is needed."""


def _feed(archive: zipfile.ZipFile, name: str, target: object, out: _Collector) -> None:
    """Read one XML part as a stream of events into `target` (start/end/data callbacks): no tree
    is built, no entities are expanded, no DTD or network is used, and the time budget is
    checked after every chunk whatever the part holds."""
    from lxml import etree

    parser = etree.XMLParser(
        target=target, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        with archive.open(name) as handle:
            while chunk := handle.read(policy.XML_CHUNK_BYTES):
                parser.feed(chunk)
                out.check_time()
            parser.close()
    except _Stop:
        pass


class _Events:
    """Base of the stream readers: counts elements against the budget."""

    def __init__(self, out: _Collector) -> None:
        self.out = out

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.out.tick()

    def end(self, tag: str) -> None:
        pass

    def data(self, text: str) -> None:
        pass

    def close(self) -> None:
        return None


class _Relationships(_Events):
    def __init__(self, out: _Collector, base: str) -> None:
        super().__init__(out)
        self.base = base
        self.found: dict[str, tuple[str, str]] = {}

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        super().start(tag, attrib)
        if tag != f"{_PKG}Relationship":
            return
        target = attrib.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else join(self.base, target)
        self.found[attrib.get("Id", "")] = (attrib.get("Type", ""), normpath(target))
        if len(self.found) > policy.MAX_OFFICE_MEMBERS:
            raise _Stop  # more links than parts: none of the rest can name a part


def _relationships(
    archive: zipfile.ZipFile, part: str, out: _Collector
) -> dict[str, tuple[str, str]]:
    """The relationships of a part: id → (type, target resolved to a member name)."""
    base = dirname(part)
    rels = join(base, "_rels", part.rsplit("/", 1)[-1] + ".rels")
    if rels not in archive.namelist():
        return {}
    reader = _Relationships(out, base)
    _feed(archive, rels, reader, out)
    return reader.found


def _main_part(archive: zipfile.ZipFile, default: str, out: _Collector) -> str:
    for kind, target in _relationships(archive, "", out).values():
        if kind.endswith(_OFFICE_DOCUMENT) and target in archive.namelist():
            return target
    return default


class _Text(_Events):
    """Collects the character data of the `text_tags` elements between a `start_tag` and its
    end; `on_item` receives each piece (at most the character cap of it)."""

    text_tags: tuple[str, ...] = ()
    skip_tags: tuple[str, ...] = ()

    def __init__(self, out: _Collector) -> None:
        super().__init__(out)
        self.buffer: list[str] = []
        self.size = 0
        self.in_text = 0
        self.skipping = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.out.tick()
        if tag in self.text_tags:
            self.in_text += 1
        elif tag in self.skip_tags:
            self.skipping += 1

    def end(self, tag: str) -> None:
        if tag in self.text_tags:
            self.in_text -= 1
        elif tag in self.skip_tags:
            self.skipping -= 1

    def data(self, text: str) -> None:
        if self.in_text and not self.skipping and self.size <= self.out.limit:
            self.buffer.append(text)
            self.size += len(text)

    def take(self) -> str:
        text = "".join(self.buffer)[: self.out.limit + 1]
        self.buffer.clear()
        self.size = 0
        return text


class _WordText(_Text):
    """Paragraphs in document order: the body's, those in table cells and in text boxes."""

    text_tags = (f"{_W}t",)
    breaks = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        super().start(tag, attrib)
        if tag in self.breaks:
            self.buffer.append(self.breaks[tag])
            self.size += 1
        elif tag == f"{_W}p" and self.buffer:
            self.out.add(self.take())  # a text box's paragraph inside a paragraph

    def end(self, tag: str) -> None:
        super().end(tag)
        if tag == f"{_W}p" and self.buffer:
            self.out.add(self.take())


def _docx(data: bytes, out: _Collector) -> bool:
    with _office_archive(data) as archive:
        main = _main_part(archive, "word/document.xml", out)
        _feed(archive, main, _WordText(out), out)
    return False


class _SharedStrings(_Text):
    """The workbook's shared strings (without phonetic guides), as far as the cell and character
    caps can use them: a workbook lists them in the order of first use."""

    text_tags = (f"{_S}t",)
    skip_tags = (f"{_S}rPh",)

    def __init__(self, out: _Collector) -> None:
        super().__init__(out)
        self.strings: list[str] = []
        self.total = 0

    def end(self, tag: str) -> None:
        super().end(tag)
        if tag == f"{_S}si":
            value = self.take()
            self.strings.append(value)
            self.total += len(value)
            if len(self.strings) >= policy.MAX_SPREADSHEET_CELLS or self.total >= self.out.limit:
                raise _Stop


class _Sheets(_Events):
    def __init__(self, out: _Collector, rels: dict[str, tuple[str, str]]) -> None:
        super().__init__(out)
        self.rels = rels
        self.sheets: list[str] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        super().start(tag, attrib)
        if tag == f"{_S}sheet":
            target = self.rels.get(attrib.get(f"{_R}id", ""), ("", ""))[1]
            if target not in self.sheets:
                self.sheets.append(target)


class _CellCap(Exception):
    """The cell cap is reached."""


class _Cells(_Text):
    """Cell values row by row: shared strings looked up, inline strings, numbers as numbers."""

    text_tags = (f"{_S}v", f"{_S}t")
    skip_tags = (f"{_S}rPh",)

    def __init__(self, out: _Collector, strings: list[str]) -> None:
        super().__init__(out)
        self.strings = strings
        self.kind = "n"
        self.count = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        super().start(tag, attrib)
        if tag == f"{_S}c":
            if self.count >= policy.MAX_SPREADSHEET_CELLS:
                raise _CellCap
            self.count += 1
            self.kind = attrib.get("t", "n")
            self.buffer.clear()
            self.size = 0

    def end(self, tag: str) -> None:
        super().end(tag)
        if tag == f"{_S}c":
            value = _value(self.kind, self.take())
            if self.kind == "s":
                try:
                    value = self.strings[int(value)]
                except (ValueError, IndexError):
                    value = ""
            self.out.add(value)


def _value(kind: str, raw: str) -> str:
    if kind == "b":
        return str(raw.strip() == "1")
    if kind == "n":
        for number in (int, float):
            try:
                return str(number(raw))
            except ValueError:
                continue
    return raw


def _xlsx(data: bytes, out: _Collector) -> bool:
    """Cell values sheet by sheet, row by row; returns True when the cell cap cut it short."""
    with _office_archive(data) as archive:
        names = set(archive.namelist())
        workbook = _main_part(archive, "xl/workbook.xml", out)
        rels = _relationships(archive, workbook, out)
        shared = next(
            (target for kind, target in rels.values() if kind.endswith(_SHARED_STRINGS)),
            "xl/sharedStrings.xml",
        )
        sheets = _Sheets(out, rels)
        if workbook in names:
            _feed(archive, workbook, sheets, out)
        found = [name for name in sheets.sheets if name in names] or sorted(
            name for name in names if name.startswith("xl/worksheets/sheet")
        )
        strings = _SharedStrings(out)
        if shared in names:
            _feed(archive, shared, strings, out)
        cells = _Cells(out, strings.strings)
        try:
            for sheet in found:
                _feed(archive, sheet, cells, out)
        except _CellCap:
            return True
    return False


def _txt(data: bytes, out: _Collector) -> bool:
    out.add(data.decode("utf-8"))
    return False


READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "txt": _txt}


def extract(kind: str, data: bytes, *, description: str = "") -> Extraction:
    """The searchable text of one file of `kind` (the type found from its content).

    Bounded in time and memory (`policy`); call it outside any transaction."""
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
    out_of_time = False
    try:
        cut_short = reader(data, out)
    except _Full:
        cut_short = True
    except _OutOfTime:
        cut_short = out_of_time = True
    except Refused as exc:
        return Extraction(text="", status=ExtractionStatus.FAILED, message=exc.message[:300])
    except Exception as exc:  # a malformed file must not fail the upload (any reader error)
        logger.info("attachment text extraction failed: %s", exc, exc_info=True)
        return Extraction(
            text="",
            status=ExtractionStatus.FAILED,
            message=(_("The text could not be read: %(error)s") % {"error": exc})[:300],
        )
    text = out.text()
    if not text.strip():
        if out_of_time:
            return Extraction(
                text="",
                status=ExtractionStatus.FAILED,
                message=_("The file is too large or too complex to read its text. Describe it "
                          "for the search."),
            )  # fmt: skip
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
