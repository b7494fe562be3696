"""Weekly written reports (周报, S-10): one per bureau, week, kind and leader addressed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    # S-10: the office reports the director's items to the director.
    DIRECTOR = "director", _("Director's items")
    # S-10: the head of the section in charge reports a leader's items to that leader.
    LEADER = "leader", _("Leader's items")
    # S-10: the office consolidates the leaders' reports for the director.
    CONSOLIDATED = "consolidated", _("Consolidated for the director")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    ARCHIVED = "archived", _("Archived")


class WeeklyReport(models.Model):
    bureau = models.ForeignKey(
        "org.Bureau", on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    week = models.DateField(_("week (Monday)"))
    report_day = models.DateField(_("report day"))
    kind = models.CharField(_("kind"), max_length=14, choices=ReportKind.choices)
    # The leader whose items are reported and who receives the report (the director for the
    # director's and the consolidated report). Never null, so the unique constraint holds.
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("addressed to"),
    )  # fmt: skip
    preparing_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("prepared by (unit)"),
    )  # fmt: skip
    preparer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("prepared by"),
    )  # fmt: skip
    copy_to = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("copied to"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    figures = models.JSONField(_("figures and items"), default=dict)
    figures_at = models.DateTimeField(_("figures computed at"))
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )  # fmt: skip
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )  # fmt: skip
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )  # fmt: skip

    class Meta:
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        ordering = ["-week", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "week", "kind", "leader"], name="weekly_report_once_per_week"
            )
        ]
        indexes = [models.Index(fields=["bureau", "week", "status"])]

    def __str__(self) -> str:
        from zhengwu.core.display import week_label

        return f"{week_label(self.week)} {self.get_kind_display()} {self.leader}"

    @property
    def iso_year(self) -> int:
        return self.week.isocalendar()[0]

    @property
    def iso_week(self) -> int:
        return self.week.isocalendar()[1]

    @property
    def week_end(self) -> dt.date:
        return self.week + dt.timedelta(days=6)

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT


class ReportRemark(models.Model):
    """S-10: the leader a report is addressed to (or the director) writes 批示 / 阅示 on it once
    it is issued; kinds as the ledger's (`supervision.RemarkKind`)."""

    report = models.ForeignKey(WeeklyReport, on_delete=models.CASCADE, related_name="remarks")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("leader"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=12)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("leader's remark on a report")
        verbose_name_plural = _("leaders' remarks on reports")
        ordering = ["report", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} {self.leader}"
