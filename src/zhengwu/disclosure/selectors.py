"""Queries for the register, the portal, the API and the worklists.

`public_items()` is the ONE gate of every public surface (portal pages, search, feed, sitemap,
public API): published AND proactive AND not confidential (D-3, D-11).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from zhengwu.core import clock
from zhengwu.disclosure import search
from zhengwu.disclosure.models import (
    Attachment,
    Attribute,
    Category,
    InformationItem,
    Status,
)
from zhengwu.disclosure.policy import (
    APPROVER_HEAD_OF_FUNCTIONS,
    PUBLICATION_RULE,
    UNPUBLISHED_READER_ROLES,
)
from zhengwu.org.models import Role
from zhengwu.org.selectors import active_assignments, bureaus_for, units_headed_or_liaised
from zhengwu.workdays.models import Deadline, DeadlineStatus

OWNER_TYPE = "disclosure.informationitem"
# Search considers this many candidates: the newest matches of the index inside the public gate and
# the filters, ranked by ranked_candidates.
SEARCH_CANDIDATES = 1000


def public_items() -> QuerySet[InformationItem]:
    """Everything the public may ever see — and nothing else."""
    return InformationItem.objects.filter(
        status=Status.PUBLISHED, attribute=Attribute.PROACTIVE, is_confidential=False
    ).select_related("bureau", "publisher_unit", "category")


def public_generation() -> int:
    """The generation of the public register; any change of an item increases it.

    Asked on every visitor page view, so it is one primary-key read without the ORM's compiler.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM disclosure_publicgeneration WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def public_item(pk: int) -> InformationItem | None:
    return public_items().filter(pk=pk).first()


def _unpublished_reader_bureaus(person: Any, bureaus: set[int]) -> set[int]:
    """The bureaus (among `bureaus`) in which `person` reads every unpublished item by role."""
    readers = set()
    for assignment in active_assignments(person):
        if assignment.role in UNPUBLISHED_READER_ROLES or (
            assignment.role == Role.SECTION_HEAD
            and assignment.unit is not None
            and assignment.unit.function in APPROVER_HEAD_OF_FUNCTIONS
        ):
            readers.add(assignment.bureau_id)
    return readers & bureaus


def visible_items(person: Any) -> QuerySet[InformationItem]:
    """The register as a member of staff sees it — the one rule of the staff pages and the API.

    Only items of the bureaus the person works for (`org.selectors.bureaus_for`). Within them,
    published items (not withheld) are seen by everyone; unpublished and withheld items by their
    author, the roles of `policy.UNPUBLISHED_READER_ROLES` in that bureau, the heads of the office
    / disclosure office, and the head and liaison of each department that must sign off (D-10,
    D-11). Confidential items only by their author and the people named on them.
    """
    bureaus = bureaus_for(person)
    if not bureaus:
        return InformationItem.objects.none()
    units = units_headed_or_liaised(person)
    open_to_bureau = Q(status=Status.PUBLISHED) & ~Q(attribute=Attribute.WITHHELD)
    by_role = Q(bureau_id__in=_unpublished_reader_bureaus(person, bureaus))
    signs_off = Q(concerned_units__in=units) | Q(signoffs__unit__in=units)
    named = Q(author=person) | Q(named_people=person)
    ids = InformationItem.objects.filter(
        Q(bureau_id__in=bureaus),
        (Q(is_confidential=False) & (open_to_bureau | by_role | signs_off)) | named,
    ).values("pk")
    return InformationItem.objects.filter(pk__in=ids).select_related(
        "bureau", "publisher_unit", "category", "author"
    )


def confidential_hidden_from(person: Any) -> QuerySet[InformationItem]:
    """D-11: the confidential items `person` is not named on (for the audit log and the admin)."""
    return InformationItem.objects.filter(is_confidential=True).exclude(
        pk__in=visible_items(person).values("pk")
    )


def can_see(person: Any, item: InformationItem) -> bool:
    """Whether `item` is in `visible_items(person)` (pages and API answer 404 otherwise)."""
    return visible_items(person).filter(pk=item.pk).exists()


def category_tree() -> list[tuple[Category, list[Category]]]:
    categories = list(Category.objects.filter(is_active=True).order_by("sort_order", "code"))
    roots = [c for c in categories if c.parent_id is None]
    return [(root, [c for c in categories if c.parent_id == root.pk]) for root in roots]


def category_and_descendants(category: Category) -> list[int]:
    ids = [category.pk]
    frontier = [category.pk]
    while frontier:
        frontier = list(
            Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


def filter_items(
    items: QuerySet[InformationItem],
    *,
    category: Category | None = None,
    publisher: str = "",
    year: int | None = None,
) -> QuerySet[InformationItem]:
    """Catalogue filters: category (and sub-categories), publisher ("bureau" or unit id), year."""
    if category is not None:
        items = items.filter(category_id__in=category_and_descendants(category))
    if publisher == "bureau":
        items = items.filter(publisher_unit__isnull=True)
    elif publisher.isascii() and publisher.isdigit() and len(publisher) <= 18:
        # isdigit() alone accepts "¹" or "١", which int() refuses; 18 digits fit a bigint.
        items = items.filter(publisher_unit_id=int(publisher))
    if year:
        items = items.filter(
            published_on__gte=dt.date(year, 1, 1), published_on__lte=dt.date(year, 12, 31)
        )
    return items


@dataclass
class SearchResult:
    item: InformationItem
    title: Any
    snippet: Any
    # The attachment the words were found in, when they are not in the item's own text.
    attachment: Attachment | None = None


def _attachment_hits(page: list[InformationItem], tokens: list[str]) -> dict[int, Attachment]:
    """For items whose own text lacks every query word: the first attachment that holds one."""
    own = {
        item.pk
        for item in page
        if any(
            t in f"{item.title} {item.summary} {item.document_number} {item.body}".lower()
            for t in tokens
        )
    }
    wanted = [item.pk for item in page if item.pk not in own]
    hits: dict[int, Attachment] = {}
    if not wanted:
        return hits
    for attachment in Attachment.objects.filter(item_id__in=wanted).order_by("pk"):
        if attachment.item_id in hits:
            continue
        text = f"{attachment.description} {attachment.text}".lower()
        if any(t in text for t in tokens):
            hits[attachment.item_id] = attachment
    return hits


def candidate_querysets(
    tokens: list[str], *, limit: int = SEARCH_CANDIDATES, **filters: Any
) -> tuple[QuerySet[InformationItem], QuerySet[InformationItem]]:
    """The ids of public items matching every token: (in the title, anywhere).

    Each is one statement: the full-text index's `limit` newest matches (search.match_sql) inside
    the one public gate and the filters, so the gate never handles a long list of ids in Python.
    """
    gated = (
        filter_items(public_items(), **filters).select_related(None).order_by().values_list("pk")
    )
    # Each word also finds its equivalents (abbreviations, synonyms: search.expand).
    groups = search.expand(tokens)
    # Fixed SQL from search.match_sql; the words and the limit are bound parameters.
    newest = search.newest_document_id()
    title_sql = RawSQL(  # noqa: S611
        *search.match_sql(groups, limit=limit, title_only=True, newest=newest)
    )
    anywhere_sql = RawSQL(  # noqa: S611
        *search.match_sql(groups, limit=2 * limit, title_only=False, newest=newest)
    )
    return gated.filter(pk__in=title_sql), gated.filter(pk__in=anywhere_sql)


def ranked_candidates(tokens: list[str], **filters: Any) -> list[int]:
    """R-11: up to SEARCH_CANDIDATES public items for a query, best first.

    Best means: every word in the title before words found only in the body or attachments, the
    newest first within each — a visitor looking for 排污许可 wants the notices about it, latest
    first. (`anywhere` reads twice the window so that, after the title hits are taken out, the
    window can still be filled.)
    """
    in_title, anywhere = candidate_querysets(tokens, **filters)
    ranked = sorted((pk for (pk,) in in_title), reverse=True)
    if len(ranked) < SEARCH_CANDIDATES:
        seen = set(ranked)
        ranked += sorted((pk for (pk,) in anywhere if pk not in seen), reverse=True)
    return ranked[:SEARCH_CANDIDATES]


def search_public(
    query: str,
    *,
    category: Category | None = None,
    publisher: str = "",
    year: int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[SearchResult], list[str], int]:
    """Full-text search over public items (title, body, attachments), best match first.

    Returns the results, the words looked for (the query's and what they also find: 环评 →
    环境影响评价, from the administrators' SearchTerm list) and the number of matches."""
    tokens = search.query_tokens(query)
    if not tokens:
        return [], tokens, 0
    allowed = ranked_candidates(tokens, category=category, publisher=publisher, year=year)
    tokens = search.highlight_words(tokens)  # the words found: the query's and their equivalents
    total = len(allowed)
    page_ids = allowed[offset : offset + limit]
    by_pk = {i.pk: i for i in public_items().filter(pk__in=page_ids)}
    page = [by_pk[pk] for pk in page_ids if pk in by_pk]
    bodies = {i.pk: i.body for i in page}
    in_attachments = _attachment_hits(page, tokens)
    results = []
    for item in page:
        found_in = in_attachments.get(item.pk)
        if found_in is not None:
            text = " ".join(p for p in (found_in.description, found_in.text) if p)
            snippet = search.highlight(item.title, text, tokens)
            results.append(
                SearchResult(
                    item=item, title=snippet.title, snippet=snippet.text, attachment=found_in
                )
            )
            continue
        text = item.summary or ""
        body = bodies.get(item.pk, "")
        if any(t in body.lower() for t in tokens) and not any(t in text.lower() for t in tokens):
            text = body
        text = text or body
        snippet = search.highlight(item.title, text, tokens)
        results.append(SearchResult(item=item, title=snippet.title, snippet=snippet.text))
    return results, tokens, total


def latest(limit: int = 10) -> list[InformationItem]:
    return list(public_items().order_by("-published_on", "-pk")[:limit])


def most_read(limit: int = 10) -> list[InformationItem]:
    return list(public_items().filter(view_count__gt=0).order_by("-view_count", "-pk")[:limit])


def publication_deadline(item: InformationItem) -> Deadline | None:
    return (
        Deadline.objects.filter(
            owner_type=OWNER_TYPE, owner_id=str(item.pk), rule_id=PUBLICATION_RULE
        )
        .select_related("time_limit")
        .order_by("-pk")
        .first()
    )


@dataclass
class DueItem:
    item: InformationItem
    deadline: Deadline
    overdue: bool


def due_worklist(person: Any, *, within_workdays: int = 5) -> list[DueItem]:
    """D-7: proactive items not yet published whose clock runs out soon or already ran out."""
    from zhengwu.workdays.selectors import current_calendar

    today = clock.today()
    horizon = current_calendar().add_workdays(today, within_workdays)
    deadlines = {
        int(d.owner_id): d
        for d in Deadline.objects.filter(
            owner_type=OWNER_TYPE,
            rule_id=PUBLICATION_RULE,
            status__in=[DeadlineStatus.OPEN, DeadlineStatus.PAUSED],
            due_date__lte=horizon,
        ).select_related("time_limit")
    }
    items = visible_items(person).filter(pk__in=list(deadlines)).exclude(status=Status.PUBLISHED)
    out = [
        DueItem(item=i, deadline=deadlines[i.pk], overdue=deadlines[i.pk].due_date < today)
        for i in items
    ]
    out.sort(key=lambda d: d.deadline.due_date)
    return out


def reassessment_worklist(person: Any) -> QuerySet[InformationItem]:
    """条例第十八条: withheld items whose re-assessment date has come."""
    return (
        visible_items(person)
        .filter(attribute=Attribute.WITHHELD, reassess_on__lte=clock.today())
        .order_by("reassess_on", "pk")
    )


def published_years() -> list[int]:
    """The years from the first to the latest publication (two index probes, no scan)."""
    dates = public_items().select_related(None).exclude(published_on__isnull=True)
    first = dates.order_by("published_on").values_list("published_on", flat=True).first()
    last = dates.order_by("-published_on").values_list("published_on", flat=True).first()
    if first is None or last is None:
        return []
    return list(range(last.year, first.year - 1, -1))


# --- separation of duties (D-11) ----------------------------------------------------------------

# Events that write an item's content: whoever caused one of them has a hand in the text.
CONTENT_ACTIONS = (
    "disclosure.item_created",
    "disclosure.item_changed",
    "disclosure.attachment_added",
    "disclosure.clarification_recorded",
)


def content_hands(item: InformationItem) -> set[int]:
    """The people who drafted or edited the item's content: its author and everyone the audit
    log shows creating, changing or adding material to it (derived, so never stale)."""
    from zhengwu.audit.models import Event

    ids = set(
        Event.objects.filter(
            object_type=OWNER_TYPE, object_id=str(item.pk), action__in=CONTENT_ACTIONS
        )
        .exclude(actor_id=None)
        .values_list("actor_id", flat=True)
    )
    if item.author_id:
        ids.add(item.author_id)
    return ids


def worked_on_content(person: Any, item: InformationItem) -> bool:
    """D-11 (and the four-eyes rule of approval): a drafter or editor never reviews or approves
    the item. The rules (`disclosure.review_item`, `disclosure.approve_item`) and the services
    both ask this one question."""
    return getattr(person, "pk", None) in content_hands(item)


# --- work waiting for a person (待我处理) ---------------------------------------------------------

ENTRIES_SHOWN = 10


def _not_worked_on(items: QuerySet[InformationItem], person: Any) -> QuerySet[InformationItem]:
    """Leave out the items `person` drafted or edited (they may not review or approve them)."""
    from django.db.models import CharField, Exists, OuterRef
    from django.db.models.functions import Cast

    from zhengwu.audit.models import Event

    touched = Event.objects.filter(
        object_type=OWNER_TYPE,
        object_id=Cast(OuterRef("pk"), CharField()),
        action__in=CONTENT_ACTIONS,
        actor_id=person.pk,
    )
    return items.exclude(author=person).exclude(Exists(touched))


def approver_bureaus(person: Any) -> set[int]:
    """Bureaus where `person` approves releases (policy: leaders, head of the office/disclosure
    office)."""
    from zhengwu.disclosure import policy
    from zhengwu.org.selectors import active_assignments

    return {
        a.bureau_id
        for a in active_assignments(person)
        if a.role in policy.APPROVER_ROLES
        or (
            a.role == "section_head"
            and a.unit is not None
            and a.unit.function in policy.APPROVER_HEAD_OF_FUNCTIONS
        )
    }


def waiting_items(person: Any) -> dict[str, QuerySet[InformationItem]]:
    """The register's work waiting for `person`, by kind, derived from the items' state (D-10,
    D-11): confidentiality review, coordination sign-off, approval, publication, and drafts sent
    back to their author. Confidential items count only for the people named on them."""
    from zhengwu.disclosure.models import SignOff, SignOffStatus
    from zhengwu.org.models import Role
    from zhengwu.org.selectors import active_assignments, units_headed_or_liaised

    if not getattr(person, "is_authenticated", False):
        return {}
    roles: dict[str, set[int]] = {}
    for a in active_assignments(person):
        roles.setdefault(a.role, set()).add(a.bureau_id)
    items = visible_items(person).order_by("updated_at", "pk")
    pending = SignOff.objects.filter(
        status=SignOffStatus.PENDING, unit_id__in=units_headed_or_liaised(person)
    ).values("item_id")
    return {
        "disclosure.review": _not_worked_on(
            items.filter(
                status=Status.REVIEW, bureau_id__in=roles.get(Role.CONFIDENTIALITY_REVIEWER, ())
            ),
            person,
        ),
        "disclosure.sign_off": items.filter(status=Status.COORDINATION, pk__in=pending),
        "disclosure.approve": _not_worked_on(
            items.filter(status=Status.APPROVAL, bureau_id__in=approver_bureaus(person)), person
        ),
        "disclosure.publish": items.filter(
            status=Status.APPROVED, bureau_id__in=roles.get(Role.DISCLOSURE_OFFICER, ())
        ),
        # Sent back by the review, the secrecy authority or the disclosure authority.
        "disclosure.returned": items.filter(status=Status.DRAFT, author=person).filter(
            Q(reviews__isnull=False) | Q(signoffs__outcome_allows_release=False)
        ),
    }


def waiting_for(person: Any) -> list[Any]:
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from zhengwu.core.registry import Waiting

    labels = {
        "disclosure.review": _("Items awaiting your confidentiality review"),
        "disclosure.sign_off": _("Items awaiting your department's sign-off"),
        "disclosure.approve": _("Items awaiting your approval"),
        "disclosure.publish": _("Approved items to publish"),
        "disclosure.returned": _("Your items sent back for redrafting"),
    }
    kinds = []
    for kind, qs in waiting_items(person).items():
        qs = qs.distinct()
        count = qs.count()
        if not count:
            continue
        entries = [
            (item.title, reverse("disclosure:item", args=[item.pk])) for item in qs[:ENTRIES_SHOWN]
        ]
        kinds.append(
            Waiting(
                kind=kind,
                label=labels[kind],
                count=count,
                url=entries[0][1] if count == 1 else reverse("disclosure:worklist") + "#waiting",
                entries=entries,
            )
        )
    return kinds
