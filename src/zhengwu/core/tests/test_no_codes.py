"""People never see developer codes: no requirement ID, rule code, policy key or audit action code
on a staff page or in a generated document, and no English in the Chinese interface.

The demo city is loaded once; then, logged in as each demo login of the full demo bureau, every
staff page without ids is read, and the links each page offers are followed (detail pages,
exports, generated .docx/.xlsx letters and notices), at most a few addresses per route, so every
kind of page and document is read for a sample of its objects. The visible text (tags, scripts,
styles and attributes stripped; in documents, the text runs and cells) is scanned for:

- requirement IDs: S-1, D-7, R-3.ext, F-2 …;
- dotted codes: audit actions and policy keys such as supervision.task_created;
- English words, apart from the few a Chinese civil servant writes too (PDF, Excel, API …).

The Django admin (/admin/) is the administrators' tool and is not walked; the API speaks to
programs, not to people.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from zhengwu.core import clock
from zhengwu.core.demo_loader import load_demo
from zhengwu.core.tests.test_tenancy import staff_routes
from zhengwu.org.demo import DEMO_LOGINS
from zhengwu.org.models import Person

pytestmark = pytest.mark.django_db

# Pages of these prefixes are walked; everything else (portal, admin, API, log-in) is not.
STAFF_PREFIXES = (
    "/staff/",
    "/supervision/",
    "/warnings/",
    "/notifications/",
    "/assessment/",
    "/weekly/",
)
NOT_WALKED = ("/admin/", "/api/", "/accounts/", "/language/", "/i18n/", "/static/", "/media/")
# Addresses read per route (per person): a sample of each kind of detail page.
PER_ROUTE = 2
# The logins of the full demo bureau (the second bureau's are the same roles again).
ROLES = [username for username, _label in DEMO_LOGINS if not username.startswith("jt_")]

REQUIREMENT_ID = re.compile(r"(?<![A-Za-z0-9_-])[SDRF]-\d+(?:\.\w+)?(?![A-Za-z0-9_])")
DOTTED_CODE = re.compile(r"(?<![A-Za-z0-9_.])[a-z][a-z_]*\.[a-z_]+(?:\.[a-z_]+)*(?![A-Za-z0-9_.])")
# Warning levels are named one way, as the rules do: 第1次预警, 第2次预警, 第3次预警.
OTHER_LEVEL_NAME = re.compile(
    r"(?<!第)[一二三123]次预警|第[一二三]次预警|[一二三123]级预警|预警[一二三123]级"
)
DOUBLED_PUNCTUATION = re.compile(r"[。；，][。；]")
ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9_@.-])[A-Za-z]{2,}(?![A-Za-z0-9_@-])")
# What is not prose: addresses, e-mail addresses, file names.
NOT_PROSE = [
    re.compile(r"https?://\S+"),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"[\w\-.]+\.(?:docx|xlsx|pdf|csv|txt|zip|json|png|jpg|ofd)\b", re.I),
    re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:gov\.cn|cn|com|org|net)\b"),
]
# English a Chinese page may carry: abbreviations and names of formats and products.
ALLOWED_WORDS = {
    "PDF",
    "OFD",
    "Excel",
    "Word",
    "API",
    "ID",
    "URL",
    "CSV",
    "JSON",
    "XLSX",
    "DOCX",
    "SMS",
    "Token",
    "OK",
    "PM",
    "AM",
    "ICP",
    "zhengwu",
    "Bearer",
    "OpenAPI",
    "English",
    "Ctrl",
    # terms of art in the demo bureau's work (volatile organic compounds, chemical oxygen demand)
    "VOCs",
    "COD",
}


def visible_text(response: Any) -> str:
    """What a reader sees: the text of a page, or the text runs/cells of a .docx/.xlsx."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            texts = []
            for name in archive.namelist():
                if not name.endswith(".xml") or not name.startswith(("word/", "xl/")):
                    continue
                xml = archive.read(name).decode("utf-8", "replace")
                # <w:t>, <t> (shared and inline strings); one line per run/cell boundary
                texts += re.findall(r"<(?:w:)?t(?:\s[^>]*)?>([^<]*)</(?:w:)?t>", xml)
                texts += re.findall(r'<sheet [^>]*name="([^"]*)"', xml)
            return html.unescape("\n".join(texts))
    text = content.decode("utf-8", "replace")
    if not response.get("Content-Type", "").startswith("text/html"):
        return text
    text = re.sub(r"<(script|style|template)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", "\n", text)
    return html.unescape(text)


def codes_in(text: str) -> list[tuple[str, str]]:
    """(what, where in the text) of every code, English word, other level name, doubled stop."""
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    text = re.sub(r"\s+", " ", text)
    checks = [
        ("requirement ID", REQUIREMENT_ID),
        ("code", DOTTED_CODE),
        ("English", ENGLISH_WORD),
        ("warning level named", OTHER_LEVEL_NAME),
        ("doubled punctuation", DOUBLED_PUNCTUATION),
    ]
    found = []
    for what, pattern in checks:
        for match in pattern.finditer(text):
            if what == "English" and match.group() in ALLOWED_WORDS:
                continue
            context = text[max(0, match.start() - 25) : match.end() + 25]
            found.append((f"{what} {match.group()}", context))
    return found


HREF = re.compile(r'href="([^"#]+)"')


def links_of(text: str) -> Iterator[str]:
    for href in HREF.findall(text):
        url = html.unescape(href)
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith(STAFF_PREFIXES):
            continue
        if parts.path.startswith(NOT_WALKED):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def route_of(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.route + "?" + ",".join(sorted(dict.fromkeys(_query_keys(url))))


def _query_keys(url: str) -> list[str]:
    return [pair.split("=")[0] for pair in urlsplit(url).query.split("&") if pair]


def walk(client: Any, start: list[str], read: Counter[str]) -> Iterator[tuple[str, Any]]:
    """Read `start` and the staff links each page offers: PER_ROUTE addresses of a route the
    earlier logins have not read as often, one of the others (`read` counts for all logins)."""
    queue = list(start)
    seen: set[str] = set()
    per_route: Counter[str] = Counter()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        route = route_of(url)
        if route is None:
            continue
        if per_route[route] >= (PER_ROUTE if read[route] < PER_ROUTE * 2 else 1):
            continue
        per_route[route] += 1
        read[route] += 1
        response = client.get(url)
        if response.status_code != 200:
            continue
        yield url, response
        if response.get("Content-Type", "").startswith("text/html"):
            queue.extend(links_of(response.content.decode("utf-8", "replace")))


@pytest.fixture
def demo(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()  # as of now, as the other demo tests load it (a recording of it may be replayed)
    with clock.frozen(clock.now()):
        yield


@pytest.mark.walk
@pytest.mark.demo
def test_foundation_no_developer_codes_on_staff_pages_or_documents(client, demo) -> None:
    plain, _with_ids = staff_routes()
    start = [url for url in plain if url.startswith(STAFF_PREFIXES)]
    assert "/supervision/" in start and "/staff/audit/" in start
    # The answer letters hang on answered applications; the list pages link only a sample of
    # applications, so the answered ones with a letter are read first.
    from zhengwu.applications.models import Document, DocumentKind

    letters = Document.objects.filter(kind=DocumentKind.LETTER).order_by("pk")[:2]
    start = [f"/staff/applications/{d.application_id}/documents/{d.pk}/" for d in letters] + start
    problems: dict[str, set[str]] = {}
    kinds: Counter[str] = Counter()
    documents: set[str] = set()
    read: Counter[str] = Counter()
    for username in ROLES:
        person = Person.objects.get(username=username)
        client.cookies.clear()
        client.force_login(person)
        for url, response in walk(client, start, read):
            kind = response.get("Content-Type", "").split(";")[0]
            kinds[kind] += 1
            if "html" not in kind:
                documents.add(resolve(urlsplit(url).path).view_name)
            for found, context in codes_in(visible_text(response)):
                problems.setdefault(found, set()).add(f"{username} {url} «{context}»")
    # The walk read every kind of document the demo offers as well as the pages.
    assert kinds["text/html"] >= 100, kinds
    assert {
        "supervision:notice",  # 督办通知单 .docx
        "supervision:export",  # the ledger .xlsx
        "weekly:download",  # the weekly report .docx
        "applications:document",  # an answer letter .docx
        "assessment:export",  # the annual assessment .xlsx
    } <= documents, documents
    report = [f"{found}: {sorted(where)[0]}" for found, where in sorted(problems.items())]
    assert not problems, f"{len(report)} codes seen:\n" + "\n".join(report[:150])
