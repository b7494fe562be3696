"""What the portal's pages read about the site itself."""

from __future__ import annotations

import functools

from django.db import connection
from django.utils.translation import gettext as _

from zhengwu.portal.models import SITE_ID, SiteSettings


def site() -> SiteSettings:
    """The site settings; before an administrator has saved them, a neutral name stands in
    (never the software's, and not one bureau's of the several the portal lists)."""
    from zhengwu.portal import memo

    # Saving the settings bumps the public generation (portal.services): one read per generation.
    found = memo.remember("site", lambda: SiteSettings.objects.filter(pk=SITE_ID).first())
    if found is not None:
        return found
    name = str(_("Government information disclosure"))
    return SiteSettings(pk=SITE_ID, site_name=name, host_organisation="")


def public_interpretations():
    """Public interpretations (政策解读) whose policy is public too, newest first."""
    from zhengwu.disclosure.selectors import public_items

    public = public_items()
    return (
        public.filter(interprets__in=public_items())
        .select_related("interprets")
        .defer("body")
        .order_by("-published_on", "-pk")
    )


def public_relations_of(item) -> dict:
    """What the item page links to, for visitors: the clarification it is (`clarifies`) and the
    public item it corrects (`corrected_public`), the public clarifications of it
    (`clarified_by`), the previous and newer public versions, the public policy it interprets
    (`interprets`) and its public interpretations.

    One statement finds the links (each by its foreign key's index); the linked items pass the
    public gate in one more, and only when there are any.
    """
    from django.db import connection

    from zhengwu.disclosure.models import Clarification
    from zhengwu.disclosure.selectors import public_items

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'clarifies', id, corrects_id FROM disclosure_clarification "
            "WHERE clarification_id = %s "
            "UNION ALL SELECT 'clarified_by', clarification_id, NULL "
            "FROM disclosure_clarification WHERE corrects_id = %s "
            "UNION ALL SELECT 'newer', id, NULL FROM disclosure_informationitem "
            "WHERE supersedes_id = %s "
            "UNION ALL SELECT 'interpretation', id, NULL FROM disclosure_informationitem "
            "WHERE interprets_id = %s",
            [item.pk] * 4,
        )
        links = cursor.fetchall()
    clarification_id = next((pk for kind, pk, _ in links if kind == "clarifies"), None)
    corrects_id = next((other for kind, _, other in links if kind == "clarifies"), None)
    wanted = {pk for kind, pk, _ in links if kind != "clarifies"}
    wanted.update(i for i in (corrects_id, item.supersedes_id, item.interprets_id) if i)
    public = {i.pk: i for i in public_items().filter(pk__in=wanted)} if wanted else {}
    ordered = list(public.values())  # the register's order: newest first

    def linked(kind: str) -> list:
        ids = {pk for k, pk, _ in links if k == kind}
        return [i for i in ordered if i.pk in ids]

    return {
        "clarifies": (
            Clarification.objects.filter(pk=clarification_id).first() if clarification_id else None
        ),
        "corrected_public": public.get(corrects_id) if corrects_id else None,
        "clarified_by": linked("clarified_by"),
        "previous_version": public.get(item.supersedes_id) if item.supersedes_id else None,
        "newer_versions": linked("newer"),
        "interprets": public.get(item.interprets_id) if item.interprets_id else None,
        "interpretations": sorted(
            linked("interpretation"), key=lambda i: (str(i.published_on or ""), i.pk)
        ),
    }


# A marker the compiled statement carries in place of the item's id.
_MARKER = -7_777_777_777


@functools.lru_cache(maxsize=4)
def _public_item_statement(vendor: str) -> tuple[str, tuple, int]:
    """The public gate for one item, compiled once per process (its SQL and parameters, and
    where the id goes): compiling the ORM query cost more than running it."""
    from zhengwu.disclosure.selectors import public_items

    query = public_items().select_related(None).filter(pk=_MARKER).query
    sql, params = query.sql_with_params()
    return sql, tuple(params), list(params).index(_MARKER)


def _catalogue_objects() -> dict[str, dict]:
    """Bureaus, units and categories by id: few, the same for every visitor (portal.memo)."""
    from zhengwu.disclosure.models import Category
    from zhengwu.org.models import Bureau, OrgUnit
    from zhengwu.portal import memo

    return memo.remember(
        "catalogue-objects",
        lambda: {
            "bureau": {b.pk: b for b in Bureau.objects.all()},
            "publisher_unit": {u.pk: u for u in OrgUnit.objects.all()},
            "category": {c.pk: c for c in Category.objects.all()},
        },
    )


def public_item_page(pk: int):
    """`disclosure.selectors.public_item(pk)` for the item page: the same gate (its compiled
    statement), the bureau, unit and category from the per-generation memo."""
    from zhengwu.disclosure.models import InformationItem

    sql, params, at = _public_item_statement(connection.vendor)
    bound = list(params)
    bound[at] = pk
    found = next(iter(InformationItem.objects.raw(sql, bound)), None)
    if found is None:
        return None
    objects = _catalogue_objects()
    for field in ("bureau", "publisher_unit", "category"):
        related_id = getattr(found, f"{field}_id")
        if related_id is not None:
            related = objects[field].get(related_id)
            if related is None:  # added since the memo was filled, in another process
                related = getattr(found, field)
            setattr(found, field, related)
    return found


def attachments_of(item) -> list:
    """The item's attachments; most items have none, known from one bare index probe."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM disclosure_attachment WHERE item_id = %s LIMIT 1", [item.pk])
        if cursor.fetchone() is None:
            return []
    return list(item.attachments.all())
