"""Real redaction of answer copies (条例第三十七条, R-12): what is redacted is gone from the file.

Word: the passages are replaced in the document's text (paragraphs, tables, headers, footers), so
the .docx sent holds only the mask. PDF: the text of every page is read, the passages replaced and
a new PDF written from that text (one text line per line read; the original layout, images and
fonts are not carried over — nothing of the original file is copied into the one sent).
Suggestions: identity numbers, mobile phone numbers and names introduced as such in the text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from zhengwu.applications.identity import resident_id_valid

MASK = "■"

_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_NAME = re.compile(r"(?:姓名|联系人|申请人|经办人|当事人|法定代表人)[：:]\s*([\u4e00-\u9fa5]{2,4})")


@dataclass(frozen=True)
class Suggestion:
    text: str
    kind: str  # "id_number" | "phone" | "name"
    reason: str  # disclosure.WithholdReason: personal data is third-party privacy


def suggest(text: str) -> list[Suggestion]:
    found: dict[str, Suggestion] = {}
    for match in _ID.finditer(text):
        if resident_id_valid(match.group()):
            found.setdefault(match.group(), Suggestion(match.group(), "id_number", "third_party"))
    for match in _PHONE.finditer(text):
        found.setdefault(match.group(), Suggestion(match.group(), "phone", "third_party"))
    for match in _NAME.finditer(text):
        found.setdefault(match.group(1), Suggestion(match.group(1), "name", "third_party"))
    return list(found.values())


def _replace(text: str, phrases: list[str]) -> tuple[str, dict[str, int]]:
    counts: dict[str, int] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        counts[phrase] = text.count(phrase)
        text = text.replace(phrase, MASK * len(phrase))
    return text, counts


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    return "\n".join(p.text for p in _paragraphs(doc))


def _paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in doc.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs


def redact_docx(data: bytes, phrases: list[str]) -> tuple[bytes, dict[str, int]]:
    from docx import Document

    doc = Document(io.BytesIO(data))
    totals: dict[str, int] = dict.fromkeys(phrases, 0)
    for paragraph in _paragraphs(doc):
        text = paragraph.text
        if not any(p in text for p in phrases):
            continue
        new, counts = _replace(text, phrases)
        for key, n in counts.items():
            totals[key] += n
        runs = paragraph.runs
        if runs:
            runs[0].text = new
            for run in runs[1:]:
                run.text = ""
    # Document properties can carry text too (title, subject, keywords).
    core = doc.core_properties
    for attr in ("title", "subject", "keywords", "comments"):
        value = getattr(core, attr) or ""
        if any(p in value for p in phrases):
            setattr(core, attr, _replace(value, phrases)[0])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), totals


def pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() or "" for page in reader.pages]


def redact_pdf(data: bytes, phrases: list[str]) -> tuple[bytes, dict[str, int]]:
    totals: dict[str, int] = dict.fromkeys(phrases, 0)
    pages = []
    for text in pdf_text(data):
        new, counts = _replace(text, phrases)
        for key, n in counts.items():
            totals[key] += n
        pages.append(new)
    return text_pdf(pages), totals


def _pdf_string(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def text_pdf(pages: list[str], *, lines_per_page: int = 40, chars_per_line: int = 45) -> bytes:
    """A plain PDF of text pages in the standard Chinese font STSong-Light (not embedded)."""
    wrapped: list[list[str]] = []
    for text in pages or [""]:
        lines: list[str] = []
        for line in text.splitlines() or [""]:
            while len(line) > chars_per_line:
                lines.append(line[:chars_per_line])
                line = line[chars_per_line:]
            lines.append(line)
        for start in range(0, max(len(lines), 1), lines_per_page):
            wrapped.append(lines[start : start + lines_per_page])
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    catalog = add("")  # placeholder, filled below
    pages_id = add("")
    font = add(
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        "/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
        "/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        "/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 "
        "/StemV 93 >> /DW 1000 >>] >>"
    )
    kids = []
    for lines in wrapped:
        ops = ["BT", "/F1 12 Tf", "14 TL", "50 800 Td"]
        for line in lines:
            ops.append(f"{_pdf_string(line)} Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 595 842] "
                f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode("latin-1")
    objects[pages_id - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    ).encode("latin-1")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, catalog, xref)
    )
    return out.getvalue()
