"""Real redaction of answer copies (条例第三十七条, R-12): what is redacted is gone from the file.

Word: the passages are masked in every XML part of the package (body, tables, text boxes, headers,
footers, comments, footnotes, tracked deletions and insertions, field codes, document properties),
across runs, formatting kept. PDF: the passages' glyphs are cut out of the pages' content streams
and a black box drawn where they stood; layout, fonts, images and the other text are the
original's (see the PDF section below). Both are read back, and refused if a passage is still
there. Suggestions: identity numbers, mobile phone numbers and names introduced as such.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhengwu.applications.identity import resident_id_valid
from zhengwu.core.errors import DomainError

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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Text nodes of a paragraph: its text, deleted text of tracked changes, and field codes.
_TEXT_TAGS = {f"{_W}t", f"{_W}delText", f"{_W}instrText"}


def _redact_paragraphs(root, phrases: list[str], totals: dict[str, int]) -> None:
    """Mask the passages in every paragraph of a Word part, across its runs (formatting kept).

    Body, tables, text boxes, headers, footers, comments, footnotes alike; deleted text of tracked
    changes counts as the paragraph's text too, so a deletion does not keep what was deleted.
    """
    groups: dict[object, list] = {}
    for node in root.iter(*_TEXT_TAGS):
        paragraph = next(node.iterancestors(f"{_W}p"), None)
        groups.setdefault(paragraph, []).append(node)
    for nodes in groups.values():
        text = "".join(node.text or "" for node in nodes)
        if not any(p in text for p in phrases):
            continue
        masked, counts = _replace(text, phrases)
        for key, n in counts.items():
            totals[key] += n
        position = 0
        for node in nodes:
            length = len(node.text or "")
            if length:
                node.text = masked[position : position + length]
            position += length


def _redact_other_text(root, phrases: list[str], totals: dict[str, int]) -> None:
    """Any other text or attribute of a part holding a passage: document properties (title,
    author, company, custom properties), comment and revision authors, document variables."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and any(p in element.text for p in phrases):
            element.text, counts = _replace(element.text, phrases)
            for key, n in counts.items():
                totals[key] += n
        for name, value in element.attrib.items():
            if any(p in value for p in phrases):
                element.set(name, _replace(value, phrases)[0])


def _docx_leaks(data: bytes, phrases: list[str]) -> list[str]:
    import html
    import zipfile

    found: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if not (name.endswith(".xml") or name.endswith(".rels")):
                continue
            xml = package.read(name).decode("utf-8", "replace")
            text = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"</w:p>", "\n", xml)))
            found.update(p for p in phrases if p in text or html.escape(p) in xml)
    return sorted(found)


def redact_docx(data: bytes, phrases: list[str]) -> tuple[bytes, dict[str, int]]:
    """The .docx with the passages masked in every XML part; refused if any is still there."""
    from docx import Document
    from lxml import etree

    doc = Document(io.BytesIO(data))
    totals: dict[str, int] = dict.fromkeys(phrases, 0)
    for part in doc.part.package.iter_parts():
        root = getattr(part, "_element", None)
        if root is None:
            if not part.content_type.endswith("xml"):
                continue  # images, embedded files: not text this can read
            try:
                root = etree.fromstring(part.blob)
            except etree.XMLSyntaxError:
                continue
            _redact_paragraphs(root, phrases, totals)
            _redact_other_text(root, phrases, totals)
            part._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
            continue
        _redact_paragraphs(root, phrases, totals)
        _redact_other_text(root, phrases, totals)
    out = io.BytesIO()
    doc.save(out)
    result = out.getvalue()
    leaks = _docx_leaks(result, phrases)
    if leaks:
        raise DomainError(
            _("This passage could not be removed from the Word file safely: %(what)s")
            % {"what": "、".join(leaks)},
            code="unredactable",
        )
    return result, totals


def pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() or "" for page in reader.pages]


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


# --- PDF: the glyphs are taken out of the page's content stream ---------------------------------
#
# Every text-showing operator (Tj, TJ, ', ") of each page is decoded with its font (encoding,
# /ToUnicode, CID maps; pypdf's own font reading) into glyphs, each with its place on the page
# (text matrix × CTM). The passages are looked for in the page's glyph text (white space ignored,
# so a number broken by spaces or across two runs is found), their glyphs are removed from the
# operator — replaced by a TJ displacement of the same width, so the rest of the line stays where
# it was — and a black box is drawn over where they stood. Images, fonts, the other text and the
# page size are the original's. The result is read back; any passage still found in its text
# (pypdf's extraction, which also reads form objects) refuses the whole copy, as do pages that are
# only images (a scan has no text to remove) and fonts whose codes cannot be read.


class _Glyph:
    """One shown code: its operator (and TJ element), its bytes there, its text, its advance as a
    TJ displacement (thousandths of the font size) and its box on the page (user space)."""

    __slots__ = ("box", "elem", "end", "gap", "op", "start", "text")

    def __init__(self, op, elem, start, end, text, gap, box):
        self.op, self.elem, self.start, self.end = op, elem, start, end
        self.text, self.gap, self.box = text, gap, box


def _refuse(message: str) -> DomainError:
    return DomainError(message, code="unredactable")


def _mult(m1: tuple, m2: tuple) -> tuple:
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class _PdfFont:
    """What redaction needs of a font: cut a string into codes, read each code's text and width."""

    def __init__(self, font_dict) -> None:
        from pypdf.generic._font import Font

        self.dict = font_dict
        self.font = Font.from_font_resource(font_dict)
        encoding = font_dict.get("/Encoding")
        name = str(encoding) if encoding is not None and not hasattr(encoding, "keys") else ""
        self.vertical = name.endswith("-V")
        self.composite = font_dict.get("/Subtype") == "/Type0"
        self.scale = 0.001
        if font_dict.get("/Subtype") == "/Type3":
            matrix = font_dict.get("/FontMatrix")
            self.scale = float(matrix[0]) if matrix else 0.001
        descriptor = self.font.font_descriptor
        ascent = float(getattr(descriptor, "ascent", 0) or 0)
        descent = float(getattr(descriptor, "descent", 0) or 0)
        self.ascent = ascent / 1000 if 0 < ascent < 2000 else 0.9
        self.descent = descent / 1000 if -1000 < descent < 0 else -0.2

    def glyphs(self, raw: bytes) -> list[tuple[int, int, str, float, bool]]:
        """(start, end, text, width in text space per unit size, is single-byte space) per code."""
        font = self.font
        out = []
        if isinstance(font.encoding, dict):
            for i, byte in enumerate(raw):
                char = font.encoding.get(byte, chr(byte))
                text = font.character_map.get(char, char)
                width = font.get_text_width(chr(byte)) * self.scale
                out.append((i, i + 1, text, width, byte == 32))
            return out
        encoding = font.encoding
        if encoding in ("utf-16-be", "utf_16_be"):
            step = 2
        elif encoding in ("charmap", "latin-1", "latin_1", "cp1252"):
            step = 1
        else:
            raise _refuse(
                _("A font of this PDF uses an encoding that cannot be read (%(name)s).")
                % {"name": encoding}
            )
        if len(raw) % step:
            raise _refuse(_("A text string of this PDF cannot be read."))
        for i in range(0, len(raw), step):
            code = raw[i : i + step]
            char = code.decode(encoding, "surrogatepass") if step == 2 else chr(code[0])
            text = font.character_map.get(char, char)
            width = font.get_text_width(char) * self.scale
            out.append((i, i + step, text, width, step == 1 and code == b" "))
        return out


def _raw(value) -> bytes:
    from pypdf.generic import TextStringObject

    if isinstance(value, TextStringObject):
        return value.original_bytes
    if isinstance(value, bytes):
        return bytes(value)
    return str(value).encode("latin-1", "replace")


def _page_fonts(page) -> dict:
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else {}
    return {name: fonts[name].get_object() for name in fonts}


def _has_images(page) -> bool:
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else {}
    for name in xobjects:
        if xobjects[name].get_object().get("/Subtype") == "/Image":
            return True
    content = page.get_contents()
    return content is not None and any(op == b"INLINE IMAGE" for _o, op in content.operations)


def _read_page(page, operations) -> list[_Glyph]:
    """The page's glyphs in content order, each with its code range and its box on the page."""
    font_dicts = _page_fonts(page)
    fonts: dict[str, _PdfFont] = {}
    glyphs: list[_Glyph] = []
    state = {
        "ctm": _IDENTITY, "tc": 0.0, "tw": 0.0, "th": 1.0, "tl": 0.0,
        "ts": 0.0, "font": None, "size": 0.0,
    }  # fmt: skip
    stack: list[dict] = []
    tm = tlm = _IDENTITY

    def font_of(name) -> _PdfFont | None:
        if name not in fonts and name in font_dicts:
            fonts[name] = _PdfFont(font_dicts[name])
        return fonts.get(name)

    def show(op_index: int, elem: int | None, value) -> None:
        nonlocal tm
        font: _PdfFont | None = state["font"]
        if font is None:
            raise _refuse(_("Text of this PDF is shown without a known font."))
        if font.vertical:
            raise _refuse(_("Vertical text cannot be redacted in this PDF."))
        size, th = state["size"], state["th"]
        for start, end, text, width, is_space in font.glyphs(_raw(value)):
            trm = _mult(tm, state["ctm"])
            x1 = width * size * th
            y0, y1 = state["ts"] + font.descent * size, state["ts"] + font.ascent * size
            corners = [_apply(trm, x, y) for x in (0.0, x1) for y in (y0, y1)]
            box = (
                min(c[0] for c in corners), min(c[1] for c in corners),
                max(c[0] for c in corners), max(c[1] for c in corners),
            )  # fmt: skip
            advance = (width * size + state["tc"] + (state["tw"] if is_space else 0.0)) * th
            # The same advance as a TJ displacement (thousandths of the font size).
            gap = advance / (size * th) * 1000 if size * th else 0.0
            glyphs.append(_Glyph(op_index, elem, start, end, text, gap, box))
            tm = _mult((1.0, 0.0, 0.0, 1.0, advance, 0.0), tm)

    def move(tx: float, ty: float) -> None:
        nonlocal tm, tlm
        tlm = _mult((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
        tm = tlm

    for index, (operands, operator) in enumerate(operations):
        op = operator
        if op == b"q":
            stack.append(dict(state))
        elif op == b"Q":
            if stack:
                state = stack.pop()
        elif op == b"cm" and len(operands) == 6:
            state["ctm"] = _mult(tuple(float(v) for v in operands), state["ctm"])
        elif op == b"BT":
            tm = tlm = _IDENTITY
        elif op == b"Td":
            move(float(operands[0]), float(operands[1]))
        elif op == b"TD":
            state["tl"] = -float(operands[1])
            move(float(operands[0]), float(operands[1]))
        elif op == b"Tm" and len(operands) == 6:
            tm = tlm = tuple(float(v) for v in operands)
        elif op == b"T*":
            move(0.0, -state["tl"])
        elif op == b"Tc":
            state["tc"] = float(operands[0])
        elif op == b"Tw":
            state["tw"] = float(operands[0])
        elif op == b"Tz":
            state["th"] = float(operands[0]) / 100
        elif op == b"TL":
            state["tl"] = float(operands[0])
        elif op == b"Ts":
            state["ts"] = float(operands[0])
        elif op == b"Tf":
            state["font"], state["size"] = font_of(operands[0]), float(operands[1])
        elif op == b"Tj":
            show(index, None, operands[0])
        elif op == b"'":
            move(0.0, -state["tl"])
            show(index, None, operands[0])
        elif op == b'"':
            state["tw"], state["tc"] = float(operands[0]), float(operands[1])
            move(0.0, -state["tl"])
            show(index, None, operands[2])
        elif op == b"TJ":
            for elem, value in enumerate(operands[0]):
                if isinstance(value, (int, float)):
                    tm = _mult(
                        (
                            1.0,
                            0.0,
                            0.0,
                            1.0,
                            -float(value) / 1000 * state["size"] * state["th"],
                            0.0,
                        ),
                        tm,
                    )
                else:
                    show(index, elem, value)
    return glyphs


def _find(glyphs: list[_Glyph], phrases: list[str], totals: dict[str, int]) -> set[int]:
    """Indexes of the glyphs to remove; white space neither in the text nor in the passages."""
    chars: list[str] = []
    owner: list[int] = []
    for number, glyph in enumerate(glyphs):
        for char in glyph.text:
            if not char.isspace():
                chars.append(char)
                owner.append(number)
    compact = "".join(chars)
    hit: set[int] = set()
    for phrase in phrases:
        needle = "".join(phrase.split())
        start = compact.find(needle)
        while needle and start >= 0:
            totals[phrase] += 1
            hit.update(range(owner[start], owner[start + len(needle) - 1] + 1))
            start = compact.find(needle, start + len(needle))
    return hit


def _rewrite(operations, glyphs: list[_Glyph], hit: set[int]) -> list:
    """The operations with the hit glyphs cut out of their strings (a TJ gap of their width)."""
    from pypdf.generic import ArrayObject, ByteStringObject, FloatObject

    by_op: dict[int, list[_Glyph]] = {}
    for number in hit:
        by_op.setdefault(glyphs[number].op, []).append(glyphs[number])
    out = []
    for index, (operands, operator) in enumerate(operations):
        removed = by_op.get(index)
        if not removed:
            out.append((operands, operator))
            continue
        if operator == b"TJ":
            elements = list(operands[0])
        elif operator == b'"':
            out.append(([operands[0]], b"Tw"))
            out.append(([operands[1]], b"Tc"))
            out.append(([], b"T*"))
            elements = [operands[2]]
        else:
            if operator == b"'":
                out.append(([], b"T*"))
            elements = [operands[0]]
        cut: dict[int | None, list[_Glyph]] = {}
        for glyph in removed:
            cut.setdefault(glyph.elem, []).append(glyph)
        array = ArrayObject()
        for elem, value in enumerate(elements):
            key = elem if operator == b"TJ" else None
            if isinstance(value, (int, float)) or key not in cut:
                array.append(value)
                continue
            raw = _raw(value)
            spans = sorted((g.start, g.end, g.gap) for g in cut[key])
            position = 0
            for start, end, gap in spans:
                if start > position:
                    array.append(ByteStringObject(raw[position:start]))
                array.append(FloatObject(round(-gap, 3)))  # the glyph's advance, kept
                position = end
            if position < len(raw):
                array.append(ByteStringObject(raw[position:]))
        out.append(([array], b"TJ"))
    return out


def _boxes(glyphs: list[_Glyph], hit: set[int]) -> list[tuple[float, float, float, float]]:
    """One box per run of removed glyphs on one line."""
    boxes: list[list[float]] = []
    previous = None
    for number in sorted(hit):
        x0, y0, x1, y1 = glyphs[number].box
        if x1 - x0 <= 0 and y1 - y0 <= 0:
            continue
        last = boxes[-1] if boxes else None
        if (
            last is not None
            and previous == number - 1
            and abs(y0 - last[1]) < 0.5 * (y1 - y0 or 1)
            and abs(y1 - last[3]) < 0.5 * (y1 - y0 or 1)
        ):
            last[0], last[1] = min(last[0], x0), min(last[1], y0)
            last[2], last[3] = max(last[2], x1), max(last[3], y1)
        else:
            boxes.append([x0, y0, x1, y1])
        previous = number
    return [tuple(b) for b in boxes]


def _mask_strings(obj, phrases: list[str], seen: set[int]) -> None:
    """Mask the passages in every text string of a PDF object tree (not in stream data)."""
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        TextStringObject,
    )

    if isinstance(obj, IndirectObject):
        key = (obj.idnum, obj.generation)
        if key in seen:
            return
        seen.add(key)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        for name in list(obj.keys()):
            value = obj.raw_get(name)
            if isinstance(value, (TextStringObject, ByteStringObject)):
                text = str(value) if isinstance(value, TextStringObject) else ""
                if text and any(p in text for p in phrases):
                    obj[NameObject(name)] = TextStringObject(_replace(text, phrases)[0])
                    if "/AP" in obj:  # an annotation's appearance showed the old value
                        del obj["/AP"]
            else:
                _mask_strings(value, phrases, seen)
    elif isinstance(obj, ArrayObject):
        for index, value in enumerate(obj):
            if isinstance(value, TextStringObject) and any(p in value for p in phrases):
                obj[index] = TextStringObject(_replace(str(value), phrases)[0])
            else:
                _mask_strings(value, phrases, seen)


def _leaks(data: bytes, phrases: list[str]) -> list[str]:
    """Passages still in the PDF's text (pypdf's extraction, and the page's own glyphs)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    found: set[str] = set()
    needles = {p: "".join(p.split()) for p in phrases}
    for page in reader.pages:
        text = "".join((page.extract_text() or "").split())
        content = page.get_contents()
        glyphs = _read_page(page, content.operations) if content is not None else []
        own = "".join("".join(g.text.split()) for g in glyphs)
        found.update(p for p, n in needles.items() if n in text or n in own)
    return sorted(found)


def redact_pdf(data: bytes, phrases: list[str]) -> tuple[bytes, dict[str, int]]:
    """The PDF with the passages' glyphs removed and boxed over; everything else kept."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError
    from pypdf.generic import ContentStream, FloatObject, NameObject, NumberObject

    totals: dict[str, int] = dict.fromkeys(phrases, 0)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _refuse(_("This PDF is encrypted; it cannot be redacted."))
        writer = PdfWriter(clone_from=reader)
    except PdfReadError as error:
        raise _refuse(_("This PDF cannot be read: %(error)s") % {"error": error}) from error
    for number, page in enumerate(writer.pages, start=1):
        try:
            content = page.get_contents()
            operations = list(content.operations) if content is not None else []
            glyphs = _read_page(page, operations)
        except (PdfReadError, ValueError, TypeError, IndexError, KeyError) as error:
            # A malformed operator or font: what the page shows cannot be located for sure.
            raise _refuse(
                _("Page %(page)d of this PDF cannot be read: %(error)s")
                % {"page": number, "error": error}
            ) from error
        if not any(g.text.strip() for g in glyphs) and _has_images(page):
            raise _refuse(
                _(
                    "Page %(page)d is an image without a text layer (a scan): what it shows "
                    "cannot be removed safely. Redact the original document and scan it again, "
                    "or provide a PDF with text."
                )
                % {"page": number}
            )
        # Marked content may repeat its text (/ActualText, /Alt): masked there too.
        marked = False
        for operands, operator in operations:
            if operator == b"BDC" and any(p in repr(operands[-1]) for p in phrases):
                _mask_strings(operands[-1], phrases, set())
                marked = True
        hit = _find(glyphs, phrases, totals)
        if not hit and not marked:
            continue
        new = ContentStream(None, writer)
        new.operations = [([], b"q"), *_rewrite(operations, glyphs, hit), ([], b"Q")]
        boxes = _boxes(glyphs, hit)
        if boxes:
            new.operations.append(([], b"q"))
            new.operations.append(([NumberObject(0)] * 3, b"rg"))
            for x0, y0, x1, y1 in boxes:
                rect = [x0, y0, x1 - x0, y1 - y0]
                new.operations.append(([FloatObject(round(v, 2)) for v in rect], b"re"))
            new.operations.append(([], b"f"))
            new.operations.append(([], b"Q"))
        page.replace_contents(new)
        page.compress_content_streams()
    # Text outside the pages: document information, outlines, annotations, form fields.
    _mask_strings(writer.root_object, phrases, set())
    info = writer._info  # the document information dictionary itself (.metadata is a copy)
    if info is not None:
        _mask_strings(info, phrases, set())
    if "/Metadata" in writer.root_object:
        del writer.root_object[NameObject("/Metadata")]  # XMP repeats the title, author, …
    out = io.BytesIO()
    writer.write(out)
    result = out.getvalue()
    leaks = _leaks(result, phrases)
    if leaks:
        raise _refuse(
            _(
                "This passage could not be located in the PDF's text and cannot be removed "
                "safely: %(what)s"
            )
            % {"what": "、".join(leaks)}
        )
    return result, totals
