"""Worker tasks of the notifications app (the schedule lives in zhengwu.warnings.jobs)."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import HUEY, db_task

from zhengwu.core.env import env_int
from zhengwu.notifications import delivery, policy

log = logging.getLogger(__name__)


@db_task(
    retries=env_int("ZHENGWU_DELIVERY_RETRIES", 3),
    retry_delay=env_int("ZHENGWU_DELIVERY_RETRY_DELAY", 60),
)
def deliver_task(notification_id: int, channel: str) -> bool:
    """One delivery attempt; a failure is recorded and raised, so huey retries it."""
    return delivery.run_pending(notification_id=notification_id, channel=channel)


@db_task()
def recover_task() -> int:
    """Deliveries an unreachable queue or a killed worker left undone are queued again."""
    return delivery.recover_pending()


@HUEY.on_startup()
def _recover_on_start() -> None:
    # A worker (re)starting looks for work left behind at once, and again once a claim of a
    # worker killed just before has grown stale.
    try:
        recover_task()
        recover_task.schedule(delay=int(policy.STALE_CLAIM.total_seconds()) + 1)
    except Exception:  # the queue itself is down: the schedule's entry tries again later
        log.warning("recovery not queued at worker start", exc_info=True)
