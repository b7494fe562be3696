from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from zhengwu.disclosure import selectors
from zhengwu.disclosure.models import InformationItem


class ItemSitemap(Sitemap):
    """Every public item (and only those: the one public gate)."""

    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (
            selectors.public_items().select_related(None).only("pk", "published_on").order_by("pk")
        )

    def location(self, item: InformationItem) -> str:
        return reverse("portal:item", args=[item.pk])

    def lastmod(self, item: InformationItem):
        return item.published_on


class PageSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["portal:home", "portal:guide", "portal:catalogue", "portal:annual-reports"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {"pages": PageSitemap, "items": ItemSitemap}
