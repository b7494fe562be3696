"""Rule data of the warning engine: thresholds (S-8), reminder times, quiet hours.

Thresholds are `workdays.TimeLimit` rows "S-8.1", "S-8.2", "S-8.3" (defaults 1, 2, 3: "more than N
working days overdue"); reminder times and quiet hours are rows of this app with seeded defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhengwu.core import clock
from zhengwu.warnings.models import QuietHours, ReminderRule
from zhengwu.workdays.engine import WorkCalendar
from zhengwu.workdays.models import TimeLimit

# S-8: what each level sets in motion besides the warning itself.
PHONE_REMINDER_LEVEL = 2  # S-8: 2nd warning → the office phones the undertaker (电话催办)
KEY_SUPERVISION_LEVEL = 3  # S-8: 3rd warning → key supervision list (督查重点事项)

DEFAULT_REMINDER_RULES = (
    # S-8/S-9 practice: the working day before at 09:00, and the morning of the day at 08:30.
    ("day_before", "截止前一个工作日提醒", 1, dt.time(9, 0)),
    ("morning_of", "截止当日上午提醒", 0, dt.time(8, 30)),
)


@dataclass(frozen=True)
class Threshold:
    level: int
    more_than_workdays: int
    rule_id: str


def thresholds() -> list[Threshold]:
    """S-8: level n is raised when a deadline is more than `amount` working days overdue.

    The current version of each rule "S-8.<n>" counts; levels are as many as rules defined.
    """
    current: dict[str, TimeLimit] = {}
    for limit in TimeLimit.objects.filter(rule_id__startswith="S-8.").order_by("version"):
        current[limit.rule_id] = limit
    result = []
    for rule_id, limit in current.items():
        suffix = rule_id.removeprefix("S-8.")
        if suffix.isdigit():
            result.append(Threshold(int(suffix), limit.amount, rule_id))
    return sorted(result, key=lambda t: t.level)


def cutoff(cal: WorkCalendar, today: dt.date, more_than: int) -> dt.date:
    """The first due date that is NOT more than `more_than` working days overdue on `today`.

    `workdays_between(due, today)` never increases as `due` grows, so "overdue by more than N"
    is exactly `due < cutoff`; the sweep then is one range condition per level.
    """
    low, high = dt.date.min.replace(year=1900), today
    if cal.workdays_between(low, today) <= more_than:
        return low
    # Invariant: overdue(low) > N >= overdue(high); O(log n) calls of an O(1) count.
    while (high - low).days > 1:
        mid = low + (high - low) / 2
        if cal.workdays_between(mid, today) > more_than:
            low = mid
        else:
            high = mid
    return high


def workday_before(cal: WorkCalendar, day: dt.date, count: int) -> dt.date:
    """The working day `count` working days before `day` (count 0: `day` or the one before it)."""
    current = day
    while not cal.is_workday(current):
        current = current - dt.timedelta(days=1)
    for _ in range(count):
        current = current - dt.timedelta(days=1)
        while not cal.is_workday(current):
            current = current - dt.timedelta(days=1)
    return current


def reminder_rules() -> list[ReminderRule]:
    return list(ReminderRule.objects.filter(active=True))


def quiet_hours() -> QuietHours:
    row = QuietHours.objects.filter(pk=1).first()
    return row or QuietHours()


def next_allowed(
    cal: WorkCalendar, moment: dt.datetime, hours: QuietHours | None = None
) -> dt.datetime:
    """The moment itself if messages may go out then, else the next allowed moment.

    Never at night, never on a day off (quiet hours are policy data).
    """
    hours = hours or quiet_hours()
    local = clock.local(moment)
    day = local.date()
    for _ in range(400):
        allowed_day = cal.is_workday(day) or not hours.working_days_only
        if allowed_day:
            start = clock.at_local(day, hours.allowed_from.hour, hours.allowed_from.minute)
            end = clock.at_local(day, hours.allowed_until.hour, hours.allowed_until.minute)
            if moment < start:
                return start
            if moment < end:
                return moment
        day = day + dt.timedelta(days=1)
        moment = clock.at_local(day)
    raise RuntimeError("no allowed sending time within 400 days")


def is_allowed(cal: WorkCalendar, moment: dt.datetime) -> bool:
    return next_allowed(cal, moment) == moment


def weekly_report_day(cal: WorkCalendar, day: dt.date) -> dt.date | None:
    """S-10: the week's report day — Friday, or the last working day before it that week.

    Returns None when Monday to Friday of that week are all days off (e.g. National Day).
    """
    monday = day - dt.timedelta(days=day.weekday())
    for offset in (4, 3, 2, 1, 0):
        candidate = monday + dt.timedelta(days=offset)
        if cal.is_workday(candidate):
            return candidate
    return None
