"""The 政府信息公开 column structure of the portal and the breadcrumbs of its pages.

法定主动公开内容 follows 《政府信息公开条例》第二十条: each column shows the catalogue categories
of one kind of content (their codes; the categories themselves are data in `disclosure`). A
category no column names — one an administrator adds later, or the bureau's own "other" scope —
falls into the last column, so every category of the catalogue is in exactly one column.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zhengwu.disclosure.models import Category


@dataclass(frozen=True)
class Column:
    slug: str
    label: Promise
    codes: tuple[str, ...]


# The columns of 法定主动公开内容, in the order real portals show them.
COLUMNS = (
    Column("functions", _("Functions and organisation"), ("R20-02",)),
    Column("documents", _("Laws, regulations and documents"), ("R20-01",)),
    Column("plans", _("Plans and programmes"), ("R20-03",)),
    Column("statistics", _("Statistics"), ("R20-04",)),
    Column("licensing-penalties", _("Licensing and penalties"), ("R20-05", "R20-06")),
    Column("budgets", _("Budgets and final accounts"), ("R20-07",)),
    Column("fees", _("Administrative fees"), ("R20-08",)),
    Column("procurement", _("Government procurement"), ("R20-09",)),
    Column("projects", _("Major construction projects"), ("R20-10",)),
    Column("livelihood", _("Public welfare policies"), ("R20-11",)),
    Column("emergencies", _("Emergency management"), ("R20-12",)),
    Column("inspections", _("Supervision and inspection"), ("R20-13",)),
    Column("personnel", _("Personnel information"), ("R20-14",)),
    Column("other", _("Other information"), ("R20-15",)),
)
REST = "other"


def by_slug(slug: str) -> Column | None:
    return next((c for c in COLUMNS if c.slug == slug), None)


def leaves() -> list[Category]:
    """The active categories items are filed under (the leaves of the catalogue tree)."""
    active = list(Category.objects.filter(is_active=True).order_by("sort_order", "code"))
    parents = {c.parent_id for c in active if c.parent_id}
    return [c for c in active if c.pk not in parents]


def categories_of(column: Column) -> list[Category]:
    """The leaves shown in `column`; the last column also takes every leaf no column names."""
    named = {code for c in COLUMNS for code in c.codes}
    return [
        leaf
        for leaf in leaves()
        if leaf.code in column.codes or (column.slug == REST and leaf.code not in named)
    ]


def column_of(category: Category) -> Column:
    return next((c for c in COLUMNS if category.code in c.codes), by_slug(REST))  # type: ignore[return-value]
