"""What the portal's pages read about the site itself."""

from __future__ import annotations

from zhengwu.org.models import Bureau
from zhengwu.portal.models import SITE_ID, SiteSettings


def site() -> SiteSettings:
    """The site settings; before an administrator has saved them, the first active bureau's name,
    address and phone stand in (never the software's name)."""
    found = SiteSettings.objects.filter(pk=SITE_ID).first()
    if found is not None:
        return found
    bureau = Bureau.objects.filter(is_active=True).order_by("pk").first()
    name = bureau.name if bureau is not None else ""
    return SiteSettings(
        pk=SITE_ID,
        site_name=name,
        host_organisation=name,
        address=bureau.address if bureau is not None else "",
        phone=bureau.phone if bureau is not None else "",
    )


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


def public_policy_interpreted(item):
    """The public policy `item` interprets, if any."""
    from zhengwu.disclosure.selectors import public_item

    return public_item(item.interprets_id) if item.interprets_id else None


def public_interpretations_of(item):
    """The public interpretations of `item`."""
    from zhengwu.disclosure.selectors import public_items

    return list(public_items().filter(interprets=item).order_by("published_on", "pk"))
