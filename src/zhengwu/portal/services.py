"""Changing the portal's site settings (the admin calls this)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhengwu.audit import services as audit
from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.portal.models import SITE_ID, SiteSettings

FIELDS = (
    "site_name",
    "host_organisation",
    "address",
    "phone",
    "website_code",
    "icp_number",
    "police_number",
    "show_emblem",
)


class Actions:
    SITE_CHANGED = "portal.site_settings_changed"


@transaction.atomic
def save_site_settings(*, by: Any, **fields: Any) -> SiteSettings:
    """Create or change the one row; every cached portal page is invalidated with it."""
    from django.utils.translation import gettext as _

    from zhengwu.disclosure.services import bump_public_generation

    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    site = SiteSettings.objects.select_for_update().filter(pk=SITE_ID).first()
    before = audit.snapshot(site, list(FIELDS)) if site is not None else {}
    site = site or SiteSettings(pk=SITE_ID)
    for name, value in fields.items():
        setattr(site, name, value.strip() if isinstance(value, str) else value)
    if not site.site_name or not site.host_organisation:
        raise DomainError(
            _("The site name and the hosting organisation are required."), code="site"
        )
    site.updated_at = clock.now()
    site.save()
    bump_public_generation()
    b, a = audit.changed(before, audit.snapshot(site, list(FIELDS)))
    audit.record(actor=by, action=Actions.SITE_CHANGED, obj=site, before=b, after=a)
    return site
