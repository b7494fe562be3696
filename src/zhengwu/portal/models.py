"""The portal's site settings: what a bureau puts its name on (header, footer, 备案 numbers).

One row per installation, not per bureau: the portal is one website on one domain, and the
identifiers in its footer belong to the website — the 网站标识码 is given to a government website,
the ICP and 公安 registrations to a domain — while the bureaus whose information it lists are many.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SITE_ID = 1


class SiteSettings(models.Model):
    """The one row (pk 1) of the portal's identity; `portal.selectors.site()` reads it."""

    site_name = models.CharField(
        _("site name"), max_length=100, help_text=_("Shown in the header, e.g. the bureau's name.")
    )
    host_organisation = models.CharField(_("hosted by (主办单位)"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    website_code = models.CharField(_("website identification code (网站标识码)"), max_length=20,
                                    blank=True)  # fmt: skip
    icp_number = models.CharField(_("ICP registration number"), max_length=50, blank=True)
    police_number = models.CharField(
        _("public security registration number (公安备案号)"), max_length=50, blank=True
    )
    show_emblem = models.BooleanField(
        _("show the emblem"),
        default=True,
        help_text=_("The header shows the emblem placeholder beside the site name."),
    )
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [models.CheckConstraint(condition=Q(pk=SITE_ID), name="portal_one_site")]

    def __str__(self) -> str:
        return self.site_name
