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


class ReportStatus(models.TextChoices):
    # D-13/R-10: drafted by the disclosure office, approved by the bureau's leader, published.
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class Section(models.TextChoices):
    """The narrative sections of the national format (一, 五, 六)."""

    OVERVIEW = "overview", _("I. General situation")
    PROBLEMS = "problems", _("V. Main problems and improvements")
    OTHER = "other", _("VI. Other matters to report")


class AnnualReport(models.Model):
    """One bureau's annual report on government information disclosure of one year (D-13).

    `figures` is the snapshot of tables 2–4 and of the fees section 六 reports: recomputed while
    the report is worked on, frozen from approval on, so a published report never changes."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    overview = models.TextField(_("I. General situation"), blank=True)
    problems = models.TextField(_("V. Main problems and improvements"), blank=True)
    other = models.TextField(_("VI. Other matters to report"), blank=True)
    figures = models.JSONField(_("figures"), default=dict)
    figures_at = models.DateTimeField(_("figures computed at"))
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("submitted by"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("approved by"),
    )  # fmt: skip
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("published by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "bureau_id"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year"], name="reports_annual_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.bureau} {self.year}"

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    def narrative(self, section: str) -> str:
        return str(getattr(self, section))


class NarrativeVersion(models.Model):
    """Every saved version of a narrative section: who wrote what, when (D-13)."""

    report = models.ForeignKey(
        AnnualReport,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("annual report"),
    )
    section = models.CharField(_("section"), max_length=10, choices=Section.choices)
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("saved by"),
    )  # fmt: skip
    saved_at = models.DateTimeField(_("saved at"))

    class Meta:
        verbose_name = _("narrative version")
        verbose_name_plural = _("narrative versions")
        ordering = ["report", "section", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section", "number"], name="reports_narrative_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.section} v{self.number}"


class YearlyFigure(models.Model):
    """A figure of table 2 the register does not hold (规章, 行政许可, 行政处罚, 行政强制 decisions,
    行政事业性收费 amounts), entered by staff for a year with its source (D-13)."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    year = models.PositiveIntegerField(_("year"))
    key = models.CharField(_("figure"), max_length=40)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    source = models.CharField(_("source"), max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("entered by"),
    )  # fmt: skip
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("yearly figure of table 2")
        verbose_name_plural = _("yearly figures of table 2")
        ordering = ["bureau_id", "-year", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "year", "key"], name="reports_yearly_figure_unique"
            )
        ]

    def __str__(self) -> str:
        from zhengwu.reports.policy import table2_labels

        labels = table2_labels()
        group, _dot, cell = self.key.partition(".")
        return f"{self.bureau} {self.year}年 {labels.get(group, '')}{labels.get(cell, '')}"
