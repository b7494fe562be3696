"""Delivering inbox messages through e-mail and SMS, or once a day as a digest.

`notify()` writes the inbox rows in the change's transaction; after commit `queue_deliveries`
enqueues one huey task per message and channel. Each task makes one attempt, records it as a
`Delivery` row (sent or failed, with the error) and raises on failure so huey retries it. A channel
that already succeeded for a message is never sent again, so retries and reruns don't duplicate.

Faults (foundation): `notify()` also writes one `PendingDelivery` outbox row per message and
channel in the change's transaction. Enqueueing after commit may fail (the queue is down): the
change stands and the row waits. A worker killed mid-job leaves its row claimed. The recovery entry
of the schedule (and a worker's start) queues both again (`recover_pending`); the job claims its
row with a conditional UPDATE before sending, so it runs once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from zhengwu.core import clock
from zhengwu.notifications import policy, sms
from zhengwu.notifications.models import (
    Channel,
    ChannelPreference,
    Delivery,
    DeliveryStatus,
    Notification,
    PendingDelivery,
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


def record_outbox(created: Iterable[Notification]) -> None:
    """In `notify()`'s transaction: the deliveries owed, kept until a worker has done them."""
    now = clock.now()
    PendingDelivery.objects.bulk_create(
        [
            PendingDelivery(notification=note, channel=channel, created_at=now)
            for note in created
            for channel in channels_for(note.recipient)
        ],
        ignore_conflicts=True,
    )


def _enqueue(notification_id: int, channel: str) -> bool:
    """Queue one delivery; an unreachable queue is logged, not raised: the outbox row waits."""
    from zhengwu.notifications.jobs import deliver_task

    try:
        deliver_task(notification_id, channel)
    except Exception as exc:  # redis.ConnectionError, sqlite3.OperationalError, …
        log.warning(
            "queue unreachable, delivery %s/%s left for recovery: %s",
            notification_id, channel, exc,
        )  # fmt: skip
        return False
    return True


def queue_deliveries(created: Iterable[Notification]) -> None:
    """After-commit hook of `notify()`: one worker task per message and channel."""
    rows = PendingDelivery.objects.filter(
        notification__in=[n.pk for n in created], finished_at__isnull=True
    ).order_by("pk")
    for row in rows:
        _enqueue(row.notification_id, row.channel)


def run_pending(*, notification_id: int, channel: str) -> bool:
    """The worker's job: claim the outbox row, deliver, mark it finished.

    A row finished, or claimed by another live worker, is left alone (False). A claim older than
    policy.STALE_CLAIM belonged to a worker that died and is taken over. A failed attempt releases
    the claim so huey's retry (or the recovery) can try again."""
    now = clock.now()
    rows = PendingDelivery.objects.filter(notification_id=notification_id, channel=channel)
    if not rows.exists():  # queued before the outbox existed
        return deliver(notification_id=notification_id, channel=channel)
    claimed = (
        rows.filter(finished_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - policy.STALE_CLAIM))
        .update(claimed_at=now)
    )
    if not claimed:
        return False
    try:
        done = deliver(notification_id=notification_id, channel=channel)
    except BaseException:
        rows.filter(claimed_at=now).update(claimed_at=None)
        raise
    rows.update(finished_at=clock.now())
    return done


def recover_pending(*, at: dt.datetime | None = None) -> int:
    """Queue again every delivery left undone: never queued (the queue was down) or claimed by a
    worker that died (claim older than policy.STALE_CLAIM). Returns how many were queued."""
    moment = at or clock.now()
    stale = moment - policy.STALE_CLAIM
    rows = (
        PendingDelivery.objects.filter(
            finished_at__isnull=True, created_at__gte=moment - policy.RECOVERY_HORIZON
        )
        .filter(Q(claimed_at__isnull=True, created_at__lte=stale) | Q(claimed_at__lt=stale))
        .order_by("pk")
    )
    queued = sum(_enqueue(row.notification_id, row.channel) for row in rows)
    if queued:
        log.info("recovery: %d deliveries queued again", queued)
    return queued


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
