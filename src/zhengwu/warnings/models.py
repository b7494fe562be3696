"""Overdue warnings (S-8), their follow-ups and the reminders before a deadline.

Everything hangs off `workdays.Deadline`, so one engine warns on ledger milestones (S-8), disclosure
deadlines (D-7) and application clocks (R-3…R-6) alike.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhengwu.workdays.models import Deadline


class OverdueWarning(models.Model):
    """One warning level raised on one deadline (S-8: 1st, 2nd, 3rd warning).

    The unique constraint is what makes the sweep idempotent: a rerun, or two workers at once,
    cannot insert the same level twice. `processed_at` is the outbox flag of the follow-ups (audit
    event, notifications, phone reminder, key supervision item).
    """

    # No separate index: the unique (deadline, level) constraint serves lookups by deadline.
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,
        related_name="warnings",
        verbose_name=_("deadline"),
        db_index=False,
    )
    level = models.PositiveSmallIntegerField(_("warning level"))
    raised_on = models.DateField(_("raised on"))
    raised_at = models.DateTimeField(_("raised at"))
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("overdue warning")
        verbose_name_plural = _("overdue warnings")
        ordering = ["-raised_at", "-level"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "level"], name="warning_once_per_level"),
            models.CheckConstraint(condition=Q(level__gte=1), name="warning_level_positive"),
        ]
        indexes = [
            models.Index(
                fields=["id"], name="warning_unprocessed", condition=Q(processed_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} L{self.level}"


class PhoneReminderStatus(models.TextChoices):
    OPEN = "open", _("To call")
    CALLED = "called", _("Called")
    RESOLVED = "resolved", _("Resolved without a call")


class PhoneReminder(models.Model):
    """S-8: at the 2nd warning the office phones the undertaker's liaison (电话催办).

    One call row per subject (a ledger task) and level: the first warning opens it, later
    warnings of the same subject join its list (`warnings`) while it is open.
    """

    # The deadline (and warning) that opened the row; the others are in `warnings`.
    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="phone_reminders")
    warning = models.OneToOneField(
        OverdueWarning, on_delete=models.PROTECT, related_name="phone_reminder"
    )
    subject_type = models.CharField(_("subject type"), max_length=60, default="")
    subject_id = models.CharField(_("subject id"), max_length=40, default="")
    level = models.PositiveSmallIntegerField(_("warning level"), default=2)
    warnings = models.ManyToManyField(
        OverdueWarning, related_name="listed_on_phone_reminders", blank=True,
        verbose_name=_("overdue warnings listed"),
    )  # fmt: skip
    outcome = models.TextField(_("outcome"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    bureau_id = models.BigIntegerField(_("bureau"), null=True, blank=True, db_index=True)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("registered phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PhoneReminderStatus.choices,
        default=PhoneReminderStatus.OPEN,
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("phone reminder")
        verbose_name_plural = _("phone reminders")
        ordering = ["status", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "level"],
                condition=Q(status="open"),
                name="phone_reminder_open_once_per_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline} → {self.contact_name}"


class PhoneCall(models.Model):
    """A recorded call: who called whom, when, what was said, the promised date (S-8)."""

    reminder = models.ForeignKey(PhoneReminder, on_delete=models.PROTECT, related_name="calls")
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("caller"),
    )
    callee = models.CharField(_("person called"), max_length=50)
    callee_phone = models.CharField(_("number called"), max_length=40)
    called_at = models.DateTimeField(_("called at"))
    summary = models.TextField(_("what was said"))
    promised_date = models.DateField(_("promised date"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("phone call")
        verbose_name_plural = _("phone calls")
        ordering = ["called_at", "pk"]

    def __str__(self) -> str:
        return f"{self.callee} {self.called_at:%Y-%m-%d %H:%M}"


class KeyItemStatus(models.TextChoices):
    OPEN = "open", _("Under supervision")
    CLOSED = "closed", _("Concluded")


class KeySupervisionItem(models.Model):
    """S-8: at the 3rd warning the item joins the key supervision list (督查重点事项).

    One entry per subject (a ledger task) and level while it is under supervision; the overdue
    milestones that reached the level are listed in `warnings`.
    """

    # The deadline (and warning) that opened the entry; the others are in `warnings`.
    deadline = models.OneToOneField(
        Deadline, on_delete=models.PROTECT, related_name="key_supervision_item"
    )
    warning = models.OneToOneField(
        OverdueWarning, on_delete=models.PROTECT, related_name="key_supervision_item"
    )
    subject_type = models.CharField(_("subject type"), max_length=60, default="")
    subject_id = models.CharField(_("subject id"), max_length=40, default="")
    level = models.PositiveSmallIntegerField(_("warning level"), default=3)
    warnings = models.ManyToManyField(
        OverdueWarning, related_name="listed_on_key_items", blank=True,
        verbose_name=_("overdue warnings listed"),
    )  # fmt: skip
    bureau_id = models.BigIntegerField(_("bureau"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=KeyItemStatus.choices, default=KeyItemStatus.OPEN
    )
    outcome = models.TextField(_("outcome"), blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("key supervision item")
        verbose_name_plural = _("key supervision items")
        ordering = ["status", "-opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "level"],
                condition=Q(status="open"),
                name="key_item_open_once_per_subject",
            )
        ]

    def __str__(self) -> str:
        return str(self.deadline)


class EntryKind(models.TextChoices):
    ACTION = "action", _("Action taken")
    NOTE = "note", _("Note")


class KeyItemEntry(models.Model):
    """What the supervision office did or noted on a key supervision item."""

    item = models.ForeignKey(KeySupervisionItem, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    text = models.TextField(_("text"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("supervision entry")
        verbose_name_plural = _("supervision entries")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class ReminderRule(models.Model):
    """Policy data: when to remind before a deadline (e.g. the working day before at 09:00)."""

    kind = models.CharField(_("kind"), max_length=30, unique=True)
    label = models.CharField(_("label"), max_length=60)
    workdays_before = models.PositiveSmallIntegerField(_("working days before the due date"))
    send_at = models.TimeField(_("send at (bureau time)"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["-workdays_before", "send_at"]

    def __str__(self) -> str:
        return self.label


def _sending_from() -> dt.time:
    return dt.time(8, 0)


def _sending_until() -> dt.time:
    return dt.time(20, 0)


class QuietHours(models.Model):
    """Policy data: messages go out only between these times on working days (one row)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    # Callables, not time values: Django's check (fields.W161) takes a fixed time within ten
    # seconds of the clock for a mistaken "now" and would warn at 08:00 and 20:00.
    allowed_from = models.TimeField(_("sending allowed from"), default=_sending_from)
    allowed_until = models.TimeField(_("sending allowed until"), default=_sending_until)
    working_days_only = models.BooleanField(_("only on working days"), default=True)
    # The State Council notice comes out in autumn; from this month on, an unconfirmed next
    # year is reported to the administrators.
    calendar_check_month = models.PositiveSmallIntegerField(
        _("warn about next year's calendar from month"), default=11
    )

    class Meta:
        verbose_name = _("quiet hours")
        verbose_name_plural = _("quiet hours")

    def __str__(self) -> str:
        return f"{self.allowed_from:%H:%M}–{self.allowed_until:%H:%M}"


class ReminderStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Superseded by a later reminder")


class Reminder(models.Model):
    """A reminder sent (or superseded) for one deadline and one rule; unique per deadline+kind."""

    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=30)
    status = models.CharField(_("status"), max_length=10, choices=ReminderStatus.choices)
    scheduled_for = models.DateTimeField(_("scheduled for"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "kind"], name="reminder_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.kind}"


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Case open")
    CONCLUDED = "concluded", _("Concluded")


class AccountabilityCase(models.Model):
    """S-14: an accountability case (问责) the supervision office opens for a failure.

    Linked to the deadline that was missed (and so to its owner: a ledger task, a disclosure item…).
    """

    deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, related_name="accountability_cases"
    )
    bureau_id = models.BigIntegerField(_("bureau"), null=True, blank=True, db_index=True)
    subject = models.CharField(_("held accountable"), max_length=100)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    outcome = models.TextField(_("outcome"), blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("accountability case")
        verbose_name_plural = _("accountability cases")
        ordering = ["status", "-opened_at", "pk"]

    def __str__(self) -> str:
        return f"{self.subject}: {self.reason[:40]}"
