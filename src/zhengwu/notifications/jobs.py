"""Worker tasks of the notifications app (the schedule lives in zhengwu.warnings.jobs)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from zhengwu.core.env import env_int
from zhengwu.notifications import delivery


@db_task(
    retries=env_int("ZHENGWU_DELIVERY_RETRIES", 3),
    retry_delay=env_int("ZHENGWU_DELIVERY_RETRY_DELAY", 60),
)
def deliver_task(notification_id: int, channel: str) -> bool:
    """One delivery attempt; a failure is recorded and raised, so huey retries it."""
    return delivery.deliver(notification_id=notification_id, channel=channel)
