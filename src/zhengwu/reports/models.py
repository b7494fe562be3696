"""Annual report figures kept outside the system (D-13): a year before the system was in use,
imported so that the next year's carry-over (二 of N = 四 of N−1) is checked against it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengwu.org.models import Bureau


class ImportedYear(models.Model):
    """Tables 3 and 4 of one bureau's published report of one year, as they were published."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    year = models.PositiveIntegerField(_("year"))
    table3 = models.JSONField(_("table 3"))
    table4 = models.JSONField(_("table 4"))
    note = models.CharField(_("source"), max_length=300, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("imported annual report")
        verbose_name_plural = _("imported annual reports")
        ordering = ["-year", "bureau_id"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year"], name="reports_imported_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.bureau} {self.year}"
