"""In-app notifications: every message to a person is a row of their inbox first.

Delivery through other channels (e-mail, SMS, daily digest) is recorded per attempt by the
delivery layer; the inbox row is the source of truth that something was said to someone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    # A stable machine name, e.g. "supervision.task_assigned", used for channel preferences.
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Set when the message went out in a daily digest (for people who chose the digest).
    digested_at = models.DateTimeField(_("sent in digest at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.title}"


class ChannelPreference(models.Model):
    """A person's choice of channels (the in-app inbox always receives everything)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("person"),
    )
    email = models.BooleanField(_("by e-mail"), default=True)
    sms = models.BooleanField(_("by SMS"), default=False)
    # One e-mail a day with everything instead of single e-mails and text messages.
    daily_digest = models.BooleanField(_("daily digest instead of single messages"), default=False)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("channel preference")
        verbose_name_plural = _("channel preferences")

    def __str__(self) -> str:
        return str(self.person)


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    DIGEST = "digest", _("Daily digest")


class DeliveryStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One delivery attempt through one channel, successful or not (never updated)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notification = models.ForeignKey(
        Notification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254, blank=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices)
    error = models.TextField(_("error"), blank=True)
    item_count = models.PositiveIntegerField(_("messages included"), default=1)
    created_at = models.DateTimeField(_("attempted at"))

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["notification", "channel", "status"])]

    def __str__(self) -> str:
        return f"{self.channel} #{self.attempt} {self.status}"


class PendingDelivery(models.Model):
    """The outbox: one message still to be sent through one channel.

    Written in the transaction of the change that created the message, so neither a queue that is
    unreachable at commit nor a worker killed mid-job loses it: the job claims the row, sends, and
    marks it finished; the recovery entry of the schedule queues again any row left unclaimed or
    claimed too long ago (notifications.policy). Claiming is a conditional UPDATE, so two queued
    copies of the job never both send."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(_("created at"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pending delivery")
        verbose_name_plural = _("pending deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="notifications_pending_once"
            )
        ]
        indexes = [models.Index(fields=["finished_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.channel}"
