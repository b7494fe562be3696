"""What the portal's pages read about the site itself."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhengwu.portal.models import SITE_ID, SiteSettings


def site() -> SiteSettings:
    """The site settings; before an administrator has saved them, a neutral name stands in
    (never the software's, and not one bureau's of the several the portal lists)."""
    found = SiteSettings.objects.filter(pk=SITE_ID).first()
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


def public_policy_interpreted(item):
    """The public policy `item` interprets, if any."""
    from zhengwu.disclosure.selectors import public_item

    return public_item(item.interprets_id) if item.interprets_id else None


def public_interpretations_of(item):
    """The public interpretations of `item`."""
    from zhengwu.disclosure.selectors import public_items

    return list(public_items().filter(interprets=item).order_by("published_on", "pk"))
