"""The public portal (the bureau's "first platform", D-6): no login, works without JavaScript.

Every page that shows information asks `disclosure.selectors.public_items()` — the one gate.
"""

from __future__ import annotations

import functools

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengwu.core import inputs
from zhengwu.disclosure import readership, selectors
from zhengwu.disclosure.models import (
    Attachment,
    Category,
    DisclosureGuide,
    InformationItem,
)
from zhengwu.org.models import Bureau, OrgUnit
from zhengwu.portal import columns, memo
from zhengwu.portal import selectors as portal_selectors
from zhengwu.portal.context_processors import FONT_COOKIE, FONT_SIZES
from zhengwu.portal.pagecache import public_page


@public_page()
def home(request: HttpRequest) -> HttpResponse:
    """The public home page: latest and most-read information."""
    bureaus = Bureau.objects.filter(is_active=True).order_by("name")
    return render(
        request,
        "portal/home.html",
        {
            "bureaus": bureaus,
            "latest": selectors.latest(10),
            "most_read": selectors.most_read(10),
        },
    )


@public_page()
def guide(request: HttpRequest) -> HttpResponse:
    """R-11: the disclosure guide (公开指南): categories, how to obtain, address, contacts."""
    bureaus = Bureau.objects.filter(is_active=True).order_by("name")
    guides = {g.bureau_id: g for g in DisclosureGuide.objects.all()}
    return render(
        request,
        "portal/guide.html",
        {
            "entries": [(b, guides.get(b.pk)) for b in bureaus],
            "tree": selectors.category_tree(),
        },
    )


# Pages beyond this are not served (a larger offset is a probe, not a reader).
MAX_PAGE = 10_000


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) <= 18 else None


def _filters(request: HttpRequest) -> tuple[dict, str | None]:
    """The catalogue and search filters, and why they are refused (a year outside the plausible
    range of dates, a page beyond the last one served), if they are."""
    category_id = _int(request.GET.get("category"))
    category = Category.objects.filter(pk=category_id).first() if category_id else None
    year = _int(request.GET.get("year"))
    error = inputs.year_error(year) if year is not None else None
    if error:
        year = None
    page = request.GET.get("page", "")
    if page.isdigit() and (len(page) > 18 or int(page) > MAX_PAGE):
        error = _("There is no such page.")
    filters = {"category": category, "publisher": request.GET.get("publisher", "")[:200],
               "year": year}  # fmt: skip
    return filters, error


def _filter_context(request: HttpRequest, filters: dict, error: str | None = None) -> dict:
    return {
        "filter_error": error,
        # The same for every visitor until the register changes (portal.memo); the lists are
        # rendered once too ({% memo %} in _filters.html).
        "tree": memo.remember("category-tree", selectors.category_tree),
        "publishers": OrgUnit.objects.filter(is_active=True).order_by("bureau", "sort_order"),
        "years": memo.remember("published-years", selectors.published_years),
        "f": filters,
        "f_publisher": filters["publisher"],
        "f_category": filters["category"].pk if filters["category"] else None,
        "f_year": filters["year"],
    }


def catalogue(request: HttpRequest) -> HttpResponse:
    """R-11: the catalogue (公开目录) by category, publisher and year."""
    filters, error = _filters(request)
    items = selectors.filter_items(selectors.public_items(), **filters).order_by(
        "-published_on", "-pk"
    )
    paginator = Paginator(items.defer("body"), 20)
    # Counting a large register is most of a page's work: once per filters and generation.
    key = ("catalogue-count", filters["category"] and filters["category"].pk,
           filters["publisher"], filters["year"])  # fmt: skip
    paginator.count = memo.remember(key, items.count)
    page = paginator.get_page(None if error else request.GET.get("page"))
    return render(
        request,
        "portal/catalogue.html",
        {"page": page, **_filter_context(request, filters, error)},
        status=400 if error else 200,
    )


def _count_read(request: HttpRequest, kwargs: dict) -> None:
    readership.record_view(kwargs["pk"])


@functools.lru_cache(maxsize=64)
def _url(name: str, *args: str) -> str:
    """reverse() of the portal's fixed pages, once per process."""
    return reverse(name, args=args)


@public_page(on_hit=_count_read)
def item(request: HttpRequest, pk: int) -> HttpResponse:
    """The item page with its metadata table; 404 for anything that is not public.

    Visitors' copies are served by the public page cache (portal.pagecache) until the register
    changes; the read is counted either way.
    """
    found = portal_selectors.public_item_page(pk)
    if found is None:
        raise Http404
    readership.record_view(found.pk)
    # Clarifications, versions and interpretations: one statement for the links, and the public
    # items they lead to in one more only when there are any (most items have none).
    related = portal_selectors.public_relations_of(found)
    column = columns.column_of(found.category)
    context = {
        "trail": [
            (_("Government information disclosure"), _url("portal:open")),
            (_("Statutory proactive disclosure"), _url("portal:proactive")),
            (str(column.label), _url("portal:column", column.slug)),
            (found.title, None),
        ],
        "item": found,
        "attachments": portal_selectors.attachments_of(found),
        **related,
    }
    return render(request, "portal/item.html", context)


def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment, pk=pk)
    if selectors.public_item(attachment.item_id) is None:
        raise Http404
    # Images are shown on the item page (with their description as alternative text).
    inline = attachment.is_image and request.GET.get("view") == "inline"
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


def search(request: HttpRequest) -> HttpResponse:
    """Chinese full-text search over titles, bodies and attachment text."""
    query = request.GET.get("q", "").strip()
    filters, error = _filters(request)
    page_number = _int(request.GET.get("page")) or 1
    results, tokens, total = [], [], 0
    if query and not error:
        results, tokens, total = selectors.search_public(
            query, **filters, limit=20, offset=(page_number - 1) * 20
        )
    return render(
        request,
        "portal/search.html",
        {
            "q": query,
            "results": results,
            "tokens": tokens,
            "total": total,
            "page_number": page_number,
            "has_next": total > page_number * 20,
            "capped": total >= selectors.SEARCH_CANDIDATES,
            **_filter_context(request, filters, error),
        },
        status=400 if error else 200,
    )


@public_page()
def open_index(request: HttpRequest) -> HttpResponse:
    """政府信息公开: the columns every disclosure platform has."""
    return render(request, "portal/open.html", {"columns": columns.COLUMNS})


@public_page()
def open_rules(request: HttpRequest) -> HttpResponse:
    """政府信息公开制度: the rules the bureau discloses information by."""
    return render(request, "portal/open_rules.html", {})


@public_page()
def proactive(request: HttpRequest) -> HttpResponse:
    """法定主动公开内容: one entry per column with its latest items (条例第二十条)."""
    public = selectors.public_items()
    entries = []
    for column in columns.COLUMNS:
        ids = [c.pk for c in columns.categories_of(column)]
        latest = public.filter(category_id__in=ids).order_by("-published_on", "-pk")
        entries.append((column, list(latest.defer("body")[:5])))
    return render(request, "portal/proactive.html", {"entries": entries})


def column(request: HttpRequest, slug: str) -> HttpResponse:
    """One column of 法定主动公开内容: its items, newest first, as the catalogue shows them."""
    found = columns.by_slug(slug)
    if found is None:
        raise Http404
    categories = columns.categories_of(found)
    items = (
        selectors.public_items()
        .filter(category__in=categories)
        .select_related("category", "publisher_unit", "bureau")
        .defer("body")
        .order_by("-published_on", "-pk")
    )
    page_number = request.GET.get("page", "")
    if page_number.isdigit() and (len(page_number) > 18 or int(page_number) > MAX_PAGE):
        raise Http404
    page = Paginator(items, 20).get_page(page_number or None)
    trail = [
        (_("Government information disclosure"), reverse("portal:open")),
        (_("Statutory proactive disclosure"), reverse("portal:proactive")),
        (str(found.label), None),
    ]
    return render(
        request,
        "portal/column.html",
        {"column": found, "categories": categories, "page": page, "trail": trail},
    )


def interpretations(request: HttpRequest) -> HttpResponse:
    """政策解读: each interpretation with the policy it explains."""
    page = Paginator(portal_selectors.public_interpretations(), 20).get_page(
        request.GET.get("page") if _int(request.GET.get("page")) else None
    )
    return render(request, "portal/interpretations.html", {"page": page})


def font_size(request: HttpRequest, size: str) -> HttpResponse:
    """The 大 中 小 control: a link that sets a cookie and returns to the page (no JavaScript)."""
    if size not in FONT_SIZES:
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        FONT_COOKIE, size, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
    )
    return response


def annual_reports(request: HttpRequest) -> HttpResponse:
    """D-13/R-10: the archive of every bureau's published annual reports, newest year first.
    Only `reports.selectors.published_reports()` reaches the portal: nothing unpublished."""
    from zhengwu.reports.selectors import published_reports

    reports = published_reports().order_by("-year", "bureau__name")
    return render(request, "portal/annual_reports.html", {"reports": reports})


def annual_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A published annual report: the narratives and tables 2–4 as frozen at approval."""
    from zhengwu.reports.selectors import published_reports
    from zhengwu.reports.views import tables_context

    report = published_reports().filter(pk=pk).first()
    if report is None:
        raise Http404
    return render(
        request,
        "portal/annual_report.html",
        {"report": report, **tables_context(report.figures)},
    )


def annual_report_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A published annual report as .docx (the national layout) or its tables as .xlsx, drawn
    from the figures frozen at approval, so the files always match the page."""
    from zhengwu.reports import documents
    from zhengwu.reports.selectors import published_reports

    report = published_reports().select_related("bureau").filter(pk=pk).first()
    if report is None or kind not in ("docx", "xlsx"):
        raise Http404
    if kind == "docx":
        content = documents.published_report_files(report)[0]
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        content = documents.annual_report_xlsx(
            bureau_name=report.bureau.name, year=report.year, figures=report.figures
        )
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    name = documents.filename(report.bureau.code, report.year, kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class LatestFeed(Feed):
    """Atom feed of the latest public items."""

    feed_type = Atom1Feed
    title = gettext_lazy("Government information disclosure")
    subtitle = gettext_lazy("Latest proactively disclosed information")

    def link(self) -> str:
        return reverse("portal:home")

    def items(self) -> list[InformationItem]:
        return selectors.latest(30)

    def item_title(self, item: InformationItem) -> str:
        return item.title

    def item_description(self, item: InformationItem) -> str:
        return item.summary or item.body[:200]

    def item_link(self, item: InformationItem) -> str:
        return reverse("portal:item", args=[item.pk])

    def item_pubdate(self, item: InformationItem):
        from zhengwu.core.clock import at_local

        return at_local(item.published_on) if item.published_on else None

    def item_author_name(self, item: InformationItem) -> str:
        return item.publisher_name
