from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhengwu.notifications.models import Delivery, Notification


def inbox(person: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=person)


def unread_count(person: Any) -> int:
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()


def deliveries_of(notification: Notification) -> QuerySet[Delivery]:
    return Delivery.objects.filter(notification=notification).order_by("created_at", "pk")
