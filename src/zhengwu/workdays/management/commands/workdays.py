"""`zhengwu workdays …` — the working-day calendar from the command line (issue 3, points 2–4).

    zhengwu workdays parse-notice FILE            dates a notice fixes: YYYY-MM-DD,holiday,<name>
    zhengwu workdays import-notice FILE [FILE…]   store notices (a later one wins), print changes
        [--confirm-implausible --reason TEXT]     needed for a notice that does not look real
    zhengwu workdays add DATE N                   the N-th working day after DATE (N ≤ 1000)
    zhengwu workdays between A B                  working days in (A, B] (A ≤ B)
    zhengwu workdays is-workday DATE              yes / no

Dates are accepted from 1949-10-01 to ten years ahead (`policy.check_date`); bad input exits
with status 2 and a message, never a traceback. Dates the database calendar computes in a year
without a confirmed calendar are followed by
" unconfirmed: YYYY" (the weekend rule was used there).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengwu.core.errors import DomainError
from zhengwu.workdays import policy, services
from zhengwu.workdays.engine import DateOutOfRange
from zhengwu.workdays.notice import NoticeParseError, parse_notice, to_lines
from zhengwu.workdays.selectors import current_calendar


def _date(text: str) -> dt.date:
    """A date within the supported range (`policy.check_date`); else exit status 2."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            f"日期格式应为 YYYY-MM-DD / a date is YYYY-MM-DD: {text!r}", returncode=2
        ) from error
    try:
        return policy.check_date(day)
    except DomainError as error:
        raise CommandError(
            f"{error.message} / {day} is outside {policy.earliest_date()} … {policy.latest_date()}",
            returncode=2,
        ) from error


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"无法读取文件 / cannot read {path}: {error}", returncode=2) from error


def _unconfirmed_suffix(start: dt.date, end: dt.date) -> str:
    years = sorted(current_calendar().unconfirmed_years(start, end))
    return "".join(f" unconfirmed: {year}" for year in years)


class Command(BaseCommand):
    help = "Working-day calendar: parse-notice, import-notice, add, between, is-workday."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("parse-notice", help="print the dates a notice fixes")
        p.add_argument("file")
        p = sub.add_parser("import-notice", help="store notices and print what changed")
        p.add_argument("files", nargs="+")
        p.add_argument(
            "--confirm-implausible",
            action="store_true",
            help="apply a notice that does not look like a real one (needs --reason)",
        )
        p.add_argument("--reason", default="", help="why such a notice is applied (audited)")
        p = sub.add_parser("add", help="the N-th working day after DATE")
        p.add_argument("date")
        p.add_argument("n", type=int)
        p = sub.add_parser("between", help="working days in (A, B]")
        p.add_argument("start")
        p.add_argument("end")
        p = sub.add_parser("is-workday", help="whether DATE is a working day")
        p.add_argument("date")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "parse-notice":
            try:
                parsed = parse_notice(_read(options["file"]))
            except NoticeParseError as error:
                raise CommandError(f"无法读取通知 / {error}", returncode=2) from error
            for line in to_lines(parsed):
                self.stdout.write(line)
        elif action == "import-notice":
            self._import(
                [_read(path) for path in options["files"]],
                confirm=options["confirm_implausible"],
                reason=options["reason"],
            )
        elif action == "add":
            start, n = _date(options["date"]), options["n"]
            if not 0 <= n <= policy.MAX_WORKDAYS:
                raise CommandError(
                    f"N 应在 0 至 {policy.MAX_WORKDAYS} 之间 / "
                    f"N must be 0 to {policy.MAX_WORKDAYS}",
                    returncode=2,
                )
            try:
                result = current_calendar().add_workdays(start, n)
            except DateOutOfRange as error:
                raise CommandError(f"日期超出范围 / {error}", returncode=2) from error
            self.stdout.write(f"{result.isoformat()}{_unconfirmed_suffix(start, result)}")
        elif action == "between":
            start, end = _date(options["start"]), _date(options["end"])
            if end < start:
                raise CommandError(
                    f"结束日期 {end} 早于开始日期 {start}，请交换两个日期 / "
                    f"the end {end} is before the start {start}: swap them",
                    returncode=2,
                )
            count = current_calendar().workdays_between(start, end)
            self.stdout.write(f"{count}{_unconfirmed_suffix(start, end)}")
        elif action == "is-workday":
            day = _date(options["date"])
            answer = "yes" if current_calendar().is_workday(day) else "no"
            self.stdout.write(f"{answer}{_unconfirmed_suffix(day, day)}")

    def _import(self, texts: list[str], *, confirm: bool, reason: str) -> None:
        try:
            result = services.import_notice(
                by=None, texts=texts, confirm_implausible=confirm, reason=reason
            )
        except DomainError as error:
            if error.code == "implausible":
                raise CommandError(
                    f'{error.message}\n（确认无误请加 --confirm-implausible --reason "…" / '
                    'to apply it anyway add --confirm-implausible --reason "…"）',
                    returncode=2,
                ) from error
            raise CommandError(error.message, returncode=2) from error
        plan = result.plan
        for year in plan.years:
            for title in plan.titles[year]:
                self.stdout.write(f"{year}: {title}")
        for change in plan.changes:
            if change.change != "unchanged":
                self.stdout.write(f"{change.change}: {change.as_text()}")
        for line in plan.summary_lines():
            self.stdout.write(line)
        self.stdout.write(f"deadlines moved: {len(result.moved)}")
