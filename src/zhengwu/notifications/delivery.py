"""Delivering inbox messages through e-mail and SMS, or once a day as a digest.

`notify()` writes the inbox rows in the change's transaction; after commit `queue_deliveries`
enqueues one huey task per message and channel. Each task makes one attempt, records it as a
`Delivery` row (sent or failed, with the error) and raises on failure so huey retries it. A channel
that already succeeded for a message is never sent again, so retries and reruns don't duplicate.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.core import clock
from zhengwu.notifications import sms
from zhengwu.notifications.models import (
    Channel,
    ChannelPreference,
    Delivery,
    DeliveryStatus,
    Notification,
)

log = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    pass


def preference_of(person: Any) -> ChannelPreference:
    pref = ChannelPreference.objects.filter(person=person).first()
    return pref or ChannelPreference(person=person, updated_at=clock.now())


def channels_for(person: Any) -> list[str]:
    """Single-message channels for this person (none when they chose the daily digest)."""
    pref = preference_of(person)
    if pref.daily_digest:
        return []
    chosen = []
    if pref.email and person.email:
        chosen.append(Channel.EMAIL.value)
    if pref.sms and person.mobile:
        chosen.append(Channel.SMS.value)
    return chosen


def queue_deliveries(created: Iterable[Notification]) -> None:
    """After-commit hook of `notify()`: one worker task per message and channel."""
    from zhengwu.notifications.jobs import deliver_task

    for note in created:
        for channel in channels_for(note.recipient):
            deliver_task(note.pk, channel)


def _address(person: Any, channel: str) -> str:
    return person.email if channel in (Channel.EMAIL, Channel.DIGEST) else person.mobile


def _record(
    *, person: Any, note: Notification | None, channel: str, address: str, ok: bool, error: str,
    count: int = 1,
) -> Delivery:  # fmt: skip
    previous = Delivery.objects.filter(recipient=person, notification=note, channel=channel)
    if note is None:
        previous = previous.filter(status=DeliveryStatus.FAILED, created_at__date=clock.today())
    return Delivery.objects.create(
        recipient=person,
        notification=note,
        channel=channel,
        address=address,
        attempt=previous.count() + 1,
        status=DeliveryStatus.SENT if ok else DeliveryStatus.FAILED,
        error=error[:2000],
        item_count=count,
        created_at=clock.now(),
    )


def _text(note: Notification) -> str:
    link = (
        f"\n{settings.ZHENGWU_SITE_URL}{note.url}"
        if getattr(settings, "ZHENGWU_SITE_URL", "") and note.url
        else ""
    )
    return f"{note.title}\n\n{note.body}{link}".strip()


def deliver(*, notification_id: int, channel: str) -> bool:
    """One attempt to send one message through one channel; every attempt is a Delivery row.

    Returns False when there was nothing to do (already sent, or the person's choice changed).
    Raises DeliveryFailed after recording a failed attempt.
    """
    note = Notification.objects.select_related("recipient").get(pk=notification_id)
    person = note.recipient
    if Delivery.objects.filter(
        notification=note, channel=channel, status=DeliveryStatus.SENT
    ).exists():
        return False
    if channel not in channels_for(person) or not person.is_active:
        return False
    address = _address(person, channel)
    error = ""
    try:
        if channel == Channel.EMAIL:
            send_mail(
                subject=note.title,
                message=_text(note),
                from_email=None,
                recipient_list=[address],
            )
        else:
            sms.get_backend().send(to=address, text=note.title[:300])
    except (OSError, sms.SmsError) as exc:  # SMTP errors are OSError subclasses
        error = f"{type(exc).__name__}: {exc}"
    with transaction.atomic():
        _record(
            person=person, note=note, channel=channel, address=address, ok=not error, error=error
        )
    if error:
        raise DeliveryFailed(error)
    return True


def send_daily_digests(*, at: dt.datetime | None = None) -> int:
    """One e-mail per person who chose the digest, with every message not yet sent in one."""
    moment = at or clock.now()
    pending = (
        Notification.objects.filter(
            digested_at__isnull=True,
            created_at__lte=moment,
            recipient__notification_preference__daily_digest=True,
            recipient__is_active=True,
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_person: dict[int, list[Notification]] = {}
    for note in pending:
        by_person.setdefault(note.recipient_id, []).append(note)
    sent = 0
    for notes in by_person.values():
        person = notes[0].recipient
        if not person.email:
            continue
        lines = [f"- {clock.local(n.created_at):%m-%d %H:%M} {n.title}" for n in notes]
        subject = _("Daily digest: %(n)d messages") % {"n": len(notes)}
        error = ""
        try:
            send_mail(subject=subject, message="\n".join(lines), from_email=None,
                      recipient_list=[person.email])  # fmt: skip
        except OSError as exc:
            error = f"{type(exc).__name__}: {exc}"
        with transaction.atomic():
            _record(person=person, note=None, channel=Channel.DIGEST, address=person.email,
                    ok=not error, error=error, count=len(notes))  # fmt: skip
            if not error:
                Notification.objects.filter(pk__in=[n.pk for n in notes]).update(digested_at=moment)
                sent += 1
    return sent


@transaction.atomic
def set_preferences(
    *, person: Any, email: bool, sms: bool, daily_digest: bool
) -> ChannelPreference:
    """A person chooses their channels (the inbox always gets everything)."""
    from zhengwu.audit import services as audit

    pref, _created = ChannelPreference.objects.select_for_update().get_or_create(
        person=person, defaults={"updated_at": clock.now()}
    )
    before = audit.snapshot(pref, ["email", "sms", "daily_digest"])
    pref.email, pref.sms, pref.daily_digest = email, sms, daily_digest
    pref.updated_at = clock.now()
    pref.save()
    audit.record(
        actor=person,
        action="notifications.preferences_changed",
        obj=pref,
        before=before,
        after=audit.snapshot(pref, ["email", "sms", "daily_digest"]),
    )
    return pref
