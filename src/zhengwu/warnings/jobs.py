"""The one schedule of background work, and the huey tasks it runs.

Every entry is a crontab in the bureau's local time (Asia/Shanghai) and can be overridden by an
environment variable, e.g. `ZHENGWU_SCHEDULE_SWEEP="*/2 * * * *"`; "off" disables an entry.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from huey import crontab, signals
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from zhengwu.core import clock

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    name: str
    env: str
    default: str  # minute hour day month day-of-week, bureau local time
    description: str


SCHEDULE: tuple[Entry, ...] = (
    Entry("sweep", "ZHENGWU_SCHEDULE_SWEEP", "*/5 * * * *", "S-8 overdue warning sweep"),
    Entry("reminders", "ZHENGWU_SCHEDULE_REMINDERS", "*/10 * * * *", "reminders before deadlines"),
    Entry("digest", "ZHENGWU_SCHEDULE_DIGEST", "30 17 * * *", "daily notification digest"),
    Entry("calendar", "ZHENGWU_SCHEDULE_CALENDAR", "0 9 * * *", "next year's calendar not loaded"),
    Entry(
        "weekly_reports",
        "ZHENGWU_SCHEDULE_WEEKLY_REPORTS",
        "0 8 * * 1-5",
        "S-10 weekly reports drafted on the report day",
    ),
    Entry(
        "applications_expired",
        "ZHENGWU_SCHEDULE_APPLICATIONS_EXPIRED",
        "15 1 * * *",
        "R-4/R-6 applications closed when the supplement or fee period ran out",
    ),
    Entry(
        "annual_reports",
        "ZHENGWU_SCHEDULE_ANNUAL_REPORTS",
        "30 8 * 1 *",
        "R-10 last year's annual report drafted in January, with its 31 January deadline",
    ),
    Entry(
        "recover",
        "ZHENGWU_SCHEDULE_RECOVER",
        "*/5 * * * *",
        "deliveries an unreachable queue or a killed worker left undone are queued again",
    ),
)


def crontab_of(name: str) -> str:
    entry = next(e for e in SCHEDULE if e.name == name)
    return os.environ.get(entry.env, entry.default).strip()


def local_crontab(name: str) -> Callable[[dt.datetime], bool]:
    """A huey validator reading the entry's crontab in bureau time (huey passes naive UTC)."""
    spec = crontab_of(name)
    if spec.lower() in {"off", "none", "disabled"}:
        return lambda moment: False
    fields = spec.split()
    if len(fields) != 5:
        raise ValueError(f"schedule {name}: {spec!r} is not a 5-field crontab")
    check = crontab(*fields, strict=True)

    def validate(moment: dt.datetime) -> bool:
        aware = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
        return check(clock.local(aware).replace(tzinfo=None))

    return validate


@HUEY.signal(signals.SIGNAL_COMPLETE, signals.SIGNAL_ERROR)
def count_job(signal: str, task: Any, exc: BaseException | None = None) -> None:
    """Every finished job in the metrics, by name and outcome (complete / error)."""
    from zhengwu.core.metrics import JOBS

    JOBS.labels(task.name, signal).inc()


@db_task(retries=3, retry_delay=30)
def sweep_task() -> dict[int, int]:
    """The sweep and then its follow-ups; safe to run twice or in two workers at once."""
    from zhengwu.core.metrics import SWEEP_SECONDS
    from zhengwu.warnings import services

    with SWEEP_SECONDS.time():
        result = services.sweep()
        processed = services.process_all_new_warnings()
    log.info("sweep %s: raised %s, follow-ups %d", result.today, result.raised, processed)
    return result.raised


@db_periodic_task(local_crontab("sweep"), retries=2, retry_delay=30)
def scheduled_sweep() -> None:
    sweep_task.call_local()


@db_periodic_task(local_crontab("reminders"), retries=2, retry_delay=60)
def scheduled_reminders() -> None:
    from zhengwu.warnings import services

    services.send_due_reminders()


@db_periodic_task(local_crontab("digest"), retries=2, retry_delay=300)
def scheduled_digest() -> None:
    from zhengwu.notifications import delivery

    delivery.send_daily_digests()


@db_periodic_task(local_crontab("calendar"))
def scheduled_calendar_warning() -> None:
    from zhengwu.warnings import services

    services.warn_unconfirmed_calendar()


@db_periodic_task(local_crontab("weekly_reports"), retries=2, retry_delay=300)
def scheduled_weekly_report_day() -> None:
    """S-10: on the week's report day, draft the weekly reports (idempotent, safe to rerun)."""
    from zhengwu.weekly import services

    for result in services.draft_all_bureaus(day=clock.today()):
        if result.created:
            log.info("weekly reports %s: %d drafted", result.day, len(result.created))


@db_periodic_task(local_crontab("applications_expired"), retries=2, retry_delay=300)
def scheduled_applications_expired() -> None:
    """R-4 / R-6: no supplement or no payment in time → the application is closed."""
    from zhengwu.applications import services

    closed = services.close_expired()
    if closed:
        log.info("applications closed after an expired period: %d", closed)


@db_periodic_task(local_crontab("annual_reports"), retries=2, retry_delay=300)
def scheduled_annual_reports() -> None:
    """R-10: in January every bureau's report of last year exists as a draft with its deadline
    (idempotent: reruns create nothing)."""
    from zhengwu.reports import services

    created = services.draft_due_reports(today=clock.today())
    if created:
        log.info("annual reports drafted: %d", len(created))


@db_periodic_task(local_crontab("recover"))
def scheduled_recover() -> None:
    """Faults: work recorded in the database but lost by the queue or a dead worker runs again."""
    from zhengwu.notifications import delivery

    delivery.recover_pending()


__all__ = ["HUEY", "SCHEDULE", "sweep_task"]
