"""The working-day calendar as data, the time-limit policy, and every legal deadline in the system.

All deadlines of all domains (ledger milestones, disclosure items, applications) are rows of one
table, `Deadline`, so that one set-based sweep can warn on them (S-8, D-7, R-3…R-6) and one
recomputation can move them when a year's calendar changes.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DaySource(models.TextChoices):
    PACKAGE = "package", _("chinesecalendar package")
    NOTICE = "notice", _("State Council notice")
    MANUAL = "manual", _("Manual edit")


class YearStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    UNCONFIRMED = "unconfirmed", _("Unconfirmed")


class CalendarYear(models.Model):
    """Whether a year's holiday arrangement is known (a notice or the package covers it)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    status = models.CharField(
        _("status"), max_length=12, choices=YearStatus.choices, default=YearStatus.UNCONFIRMED
    )
    source = models.CharField(_("source"), max_length=12, choices=DaySource.choices, blank=True)
    notice_title = models.CharField(_("notice"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()})"


class CalendarDay(models.Model):
    """A day that differs from the weekend rule or a named holiday (package, notice or manual)."""

    day = models.DateField(_("day"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    name = models.CharField(_("holiday name"), max_length=50, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=DaySource.choices)
    notice_title = models.CharField(_("notice"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["day"]

    def __str__(self) -> str:
        kind = _("working day") if self.is_workday else _("day off")
        return f"{self.day:%Y-%m-%d} {kind} {self.name}".strip()


class CalendarVersion(models.Model):
    """A counter bumped on every calendar change, so each process knows when to reload its index."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("calendar version")

    def __str__(self) -> str:
        return str(self.version)


class LimitUnit(models.TextChoices):
    WORKDAYS = "workdays", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days (rolled to a working day)")
    WEEKS = "weeks", _("weeks (rolled to a working day)")


class TimeLimit(models.Model):
    """A time limit of the rules (S-1…S-4, S-8, D-7, R-3…R-6) as versioned policy data.

    Rows are never edited: a change is a new version, and each deadline keeps the version it was
    computed with.
    """

    rule_id = models.CharField(_("rule"), max_length=12)
    version = models.PositiveIntegerField(_("version"))
    amount = models.PositiveIntegerField(_("amount"))
    unit = models.CharField(
        pgettext_lazy("measure", "unit"), max_length=16, choices=LimitUnit.choices
    )
    label = models.CharField(_("label"), max_length=100)
    legal_basis = models.CharField(_("legal basis"), max_length=100, blank=True)
    effective_from = models.DateTimeField(_("effective from"))
    created_by_id = models.BigIntegerField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        ordering = ["rule_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["rule_id", "version"], name="time_limit_version_unique")
        ]

    def __str__(self) -> str:
        # Named in words for people (the admin, the audit log); the rule code stays in the data.
        return _("%(label)s, version %(version)s: %(amount)s %(unit)s") % {
            "label": self.label or self.rule_id,
            "version": self.version,
            "amount": self.amount,
            "unit": self.get_unit_display(),
        }


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("Cancelled")


class Deadline(models.Model):
    """One legal clock: what it belongs to, how it was computed, and whether it was met."""

    bureau_id = models.BigIntegerField(_("bureau"), null=True, blank=True, db_index=True)
    # What the deadline belongs to, e.g. ("supervision.milestone", "42").
    owner_type = models.CharField(_("owner type"), max_length=60)
    owner_id = models.CharField(_("owner id"), max_length=40)
    rule_id = models.CharField(_("rule"), max_length=12)
    time_limit = models.ForeignKey(
        TimeLimit, on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("time limit")
    )
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    # True when a decision fixed the date (S-4 plan nodes) instead of a time limit computing it.
    fixed = models.BooleanField(_("fixed date"), default=False)
    paused_workdays = models.PositiveIntegerField(_("paused working days"), default=0)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    extension_workdays = models.PositiveIntegerField(_("extension (working days)"), default=0)
    calendar_years = models.JSONField(_("calendar years relied on"), default=list)
    unconfirmed_years = models.JSONField(_("unconfirmed years"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    met_on = models.DateField(_("met on"), null=True, blank=True)
    # The highest overdue warning raised so far (S-8 levels 1–3); written by the warning sweep.
    warning_level = models.PositiveSmallIntegerField(_("warning level"), default=0)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["owner_type", "owner_id"]),
            models.Index(fields=["due_date"], name="deadline_open_due", condition=Q(status="open")),
        ]

    def __str__(self) -> str:
        # In words (the audit log shows it): what the deadline is for, and the day it falls due.
        from zhengwu.workdays.owners import describe_owner

        try:
            what = describe_owner(self)
        except Exception:  # an owner gone or not readable: the time limit's own name
            what = self.time_limit.label
        return f"{what}：{self.due_date:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status in (DeadlineStatus.OPEN, DeadlineStatus.PAUSED)

    @property
    def met_on_time(self) -> bool | None:
        if self.met_on is None:
            return None
        return self.met_on <= self.due_date

    def explain(self) -> str:
        from zhengwu.workdays.selectors import explain_deadline

        return explain_deadline(self)
