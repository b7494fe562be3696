"""Real redaction of PDF and Word copies (条例第三十七条, R-7): what is redacted is gone from the
file, the rest of it (layout, images, the other text) is the original's."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from zhengwu.applications import redaction
from zhengwu.core.errors import DomainError

NAME, PHONE, ID = "王小明", "13912345678", "11010519491231002X"
SECRETS = [NAME, PHONE, ID]

# --- PDFs built by hand, as other software writes them -------------------------------------------

# A TrueType CID font (Noto Sans CJK, not embedded) addressed by glyph ids (Identity-H) with a
# /ToUnicode map, as office suites and browsers write Chinese; the glyph ids are arbitrary here.
CJK = "关于道路维修工程的招标文件联系人王小明电话身份证其余内容保留：，。"
CID = {char: 100 + n for n, char in enumerate(CJK)}
IMAGE = bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 0])  # 2×2 RGB


def _cid(text: str) -> str:
    return "<" + "".join(f"{CID[c]:04X}" for c in text) + ">"


def _to_unicode() -> bytes:
    lines = [f"<{cid:04X}> <{ord(c):04X}>" for c, cid in CID.items()]
    return (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def "
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + f"{len(lines)} beginbfchar\n".encode()
        + "\n".join(lines).encode()
        + b"\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    )


def _stream(body: bytes, extra: str = "", *, compress: bool = True) -> bytes:
    if compress:
        body = zlib.compress(body)
        extra += " /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n" % (len(body), extra.encode()) + body + b"\nendstream"


def office_pdf(*, scanned_page: bool = False) -> bytes:
    """Two pages: CJK text in a CID font (with TJ kerning, a transformed block and a line
    split across runs), Helvetica text, an image; optionally a third page that is only an image."""
    page1 = "\n".join(
        [
            "q 1 0 0 1 0 0 cm",
            "BT /F1 16 Tf 1 0 0 1 72 760 Tm " + _cid("关于道路维修工程的招标文件") + " Tj ET",
            "BT /F1 12 Tf 72 720 Td 18 TL",
            "[" + _cid("联系人：王") + " -20 " + _cid("小明，电话") + "] TJ",
            "T* /F2 12 Tf (Tel. " + PHONE[:6] + ") Tj /F2 12 Tf (" + PHONE[6:] + ") Tj",
            "T* /F1 12 Tf " + _cid("身份证") + " Tj /F2 12 Tf (" + ID + ") Tj",
            "ET Q",
            "q 2 0 0 2 300 300 cm BT /F1 10 Tf 0 0 Td " + _cid("其余内容保留") + " Tj ET Q",
            "q 100 0 0 80 72 500 cm /Im1 Do Q",
        ]
    ).encode()
    page2 = b"BT /F2 11 Tf 72 760 Td (Contact: Wang, ) Tj (" + PHONE.encode() + b") Tj ET"
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    pages = add(b"")
    tounicode = add(_stream(_to_unicode()))
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /NotoSansCJKsc-Regular /Flags 4 "
        b"/FontBBox [-1000 -300 3000 1200] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 733 /StemV 80 >>"
    )
    cidfont = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NotoSansCJKsc-Regular "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor %d 0 R /DW 1000 /W [%d [500]] >>" % (descriptor, CID["："])
    )
    font1 = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NotoSansCJKsc-Regular /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cidfont, tounicode)
    )
    font2 = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    image = add(
        _stream(
            IMAGE,
            "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceRGB "
            "/BitsPerComponent 8",
            compress=False,
        )
    )
    resources = b"<< /Font << /F1 %d 0 R /F2 %d 0 R >> /XObject << /Im1 %d 0 R >> >>" % (
        font1,
        font2,
        image,
    )
    kids = []
    bodies = [page1, page2]
    for body in bodies:
        content = add(_stream(body))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s "
                b"/Contents %d 0 R >>" % (pages, resources, content)
            )
        )
    if scanned_page:
        content = add(_stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s "
                b"/Contents %d 0 R >>" % (pages, resources, content)
            )
        )
    info = add(
        ("<< /Title (招标文件) /Author <FEFF" + NAME.encode("utf-16-be").hex() + "> >>").encode()
    )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    objects[pages - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, catalog, info, xref)
    )
    return out.getvalue()


def _contents(data: bytes) -> list[bytes]:
    return [page.get_contents().get_data() for page in PdfReader(io.BytesIO(data)).pages]


def _text(data: bytes) -> str:
    return "".join("".join(redaction.pdf_text(data)).split())


def _raw_forms(secret: str) -> list[bytes]:
    """How a passage can be written in a content stream: plain, UTF-16, or as this test's CIDs."""
    forms = [secret.encode(), secret.encode("utf-16-be"), secret.encode("utf-16-be").hex().encode()]
    if all(c in CID for c in secret):
        forms.append(_cid(secret)[1:-1].encode())
        forms.append(b"".join(CID[c].to_bytes(2, "big") for c in secret))
    return forms


# --- PDF -----------------------------------------------------------------------------------------


def test_R7_pdf_redaction_removes_the_text_and_keeps_layout_images_and_the_rest() -> None:
    source = office_pdf()
    before = PdfReader(io.BytesIO(source))
    assert all(s in _text(source) for s in SECRETS)  # the fixture holds what is to be removed

    out, counts = redaction.redact_pdf(source, SECRETS)

    assert counts == {NAME: 1, PHONE: 2, ID: 1}
    after = PdfReader(io.BytesIO(out))
    text = _text(out)
    for secret in SECRETS:
        assert secret not in text
        for stream in _contents(out):
            assert not any(form in stream for form in _raw_forms(secret))
    # The rest of the text, the pages, their size and the image are the original's.
    for kept in (
        "关于道路维修工程的招标文件",
        "联系人：",
        "电话",
        "Tel.",
        "身份证",
        "其余内容保留",
        "Contact:Wang,",
    ):
        assert kept in text
    assert len(after.pages) == len(before.pages) == 2
    assert [p.mediabox for p in after.pages] == [p.mediabox for p in before.pages]
    image = after.pages[0]["/Resources"]["/XObject"]["/Im1"].get_object()
    assert image["/Subtype"] == "/Image" and image.get_data() == IMAGE
    assert b"/Im1 Do" in _contents(out)[0]
    # Text after a removed passage stays where it was: the same text matrix and font.
    stream = _contents(out)[0].decode("latin-1")
    assert "1 0 0 1 72 760 Tm" in stream and "2 0 0 2 300 300 cm" in stream
    # A black box where each passage was (one per line it stood on).
    assert stream.count(" re\n") == 3 and "0 0 0 rg" in stream
    # Nothing of the name left in the document's properties either.
    assert NAME not in (after.metadata.author or "")


def test_R7_pdf_redaction_keeps_the_following_text_in_place() -> None:
    """A removed glyph leaves a displacement of its width: what follows does not move."""
    source = office_pdf()

    def boxes(data: bytes) -> dict[str, tuple]:
        page = PdfReader(io.BytesIO(data)).pages[0]
        glyphs = redaction._read_page(page, page.get_contents().operations)
        return {g.text: tuple(round(v, 2) for v in g.box) for g in glyphs}

    out, _counts = redaction.redact_pdf(source, [NAME, PHONE])
    before, after = boxes(source), boxes(out)
    assert "王" not in after
    for kept in ("，", "电", "话", "身", "其"):
        assert after[kept] == before[kept]


def test_R7_pdf_the_systems_own_pdf_is_redacted_in_place() -> None:
    source = redaction.text_pdf(
        ["关于道路维修工程的招标文件", f"联系人：{NAME} 电话{PHONE} 身份证{ID}。其余内容保留"]
    )
    out, counts = redaction.redact_pdf(source, SECRETS)
    assert counts == dict.fromkeys(SECRETS, 1)
    text = _text(out)
    assert "招标文件" in text and "其余内容保留" in text
    assert not any(s in text for s in SECRETS)
    for stream in _contents(out):
        assert not any(form in stream for s in SECRETS for form in _raw_forms(s))


def test_R7_pdf_a_scanned_page_is_refused_not_sent() -> None:
    with pytest.raises(DomainError) as refused:
        redaction.redact_pdf(office_pdf(scanned_page=True), [NAME])
    assert refused.value.code == "unredactable"
    assert "3" in refused.value.message


def test_R7_pdf_text_that_cannot_be_located_is_refused() -> None:
    """Text inside a form object is not rewritten; the read-back finds it and refuses the copy."""
    source = office_pdf()
    reader = PdfReader(io.BytesIO(source))
    from pypdf import PdfWriter
    from pypdf.generic import ContentStream, DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter(clone_from=reader)
    page = writer.pages[1]
    form = DecodedStreamObject()
    form.set_data(b"BT /F2 11 Tf 72 700 Td (" + PHONE.encode() + b") Tj ET")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): reader.pages[1].mediabox,
            NameObject("/Resources"): page["/Resources"].get_object(),
        }
    )
    xobjects = DictionaryObject({NameObject("/Fm1"): writer._add_object(form)})
    page["/Resources"].get_object()[NameObject("/XObject")] = xobjects
    content = ContentStream(None, writer)
    content.operations = [([NameObject("/Fm1")], b"Do")]
    page.replace_contents(content)
    data = io.BytesIO()
    writer.write(data)
    with pytest.raises(DomainError) as refused:
        redaction.redact_pdf(data.getvalue(), [PHONE])
    assert PHONE in refused.value.message


# --- Word ----------------------------------------------------------------------------------------


def _word_with_secrets() -> bytes:
    doc = Docx()
    doc.core_properties.author = NAME
    doc.core_properties.title = f"{NAME}的申请"
    paragraph = doc.add_paragraph("联系人：")
    paragraph.add_run("王")
    paragraph.add_run("小明").bold = True  # a passage split across runs, formatting kept
    paragraph.add_run("，其余内容保留")
    doc.add_table(rows=1, cols=1).cell(0, 0).text = f"电话{PHONE}"
    section = doc.sections[0]
    section.header.paragraphs[0].text = f"身份证{ID}"
    section.footer.add_table(rows=1, cols=1, width=section.page_width).cell(0, 0).text = PHONE
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = NAME
    doc.add_comment(paragraph.runs, text=f"核实{NAME}的电话", author="办理人")
    out = io.BytesIO()
    doc.save(out)
    data = out.getvalue()
    # A tracked deletion and insertion (w:del / w:ins) holding the secrets.
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    tracked = (
        '<w:p><w:del w:id="91" w:author="a" w:date="2026-03-01T00:00:00Z"><w:r>'
        f"<w:delText>{ID}</w:delText></w:r></w:del>"
        '<w:ins w:id="92" w:author="a" w:date="2026-03-01T00:00:00Z"><w:r>'
        f"<w:t>{NAME}</w:t></w:r></w:ins></w:p>"
    )
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:sectPr", tracked.encode() + b"<w:sectPr", 1
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in parts.items():
            target.writestr(name, body)
    return out.getvalue()


def _all_xml_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(
            package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml")
        )


def test_R7_word_redaction_reaches_headers_footers_comments_properties_tracked_changes() -> None:
    source = _word_with_secrets()
    xml = _all_xml_text(source)
    assert all(s in xml for s in SECRETS)  # every place of the fixture holds a secret

    out, counts = redaction.redact_docx(source, SECRETS)

    xml = _all_xml_text(out)
    for secret in SECRETS:
        assert secret not in xml
        assert secret not in re.sub(r"<[^>]+>", "", xml)  # nor split over runs
    assert counts[NAME] >= 3 and counts[PHONE] >= 2 and counts[ID] >= 2
    doc = Docx(io.BytesIO(out))
    assert doc.paragraphs[0].text == "联系人：■■■，其余内容保留"
    assert doc.paragraphs[0].runs[2].bold  # the formatting of the runs is kept
    assert doc.core_properties.author == "■■■"
    assert "其余内容保留" in redaction.docx_text(out)


def test_R7_pdf_a_page_that_cannot_be_read_is_refused_not_a_500() -> None:
    broken = redaction.text_pdf([f"联系人：{NAME}"]).replace(b"50 800 Td", b"50 Td")
    with pytest.raises(DomainError) as refused:
        redaction.redact_pdf(broken, [NAME])
    assert refused.value.code == "unredactable"
    with pytest.raises(DomainError):
        redaction.redact_pdf(b"%PDF-1.4 not a PDF", [NAME])
