"""`zhengwu weekly_reports [--date 2026-11-27]` — draft the S-10 weekly reports for a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengwu.core import clock, inputs
from zhengwu.core.errors import DomainError
from zhengwu.weekly import services
from zhengwu.workdays import policy as workdays_policy
from zhengwu.workdays.selectors import current_calendar


class Command(BaseCommand):
    help = "Draft the week's reports (S-10) if the day is the week's report day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day, e.g. 2026-11-27 (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = clock.today()
        if options["date"]:
            try:
                day = inputs.parse_date(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date {options['date']!r}: {exc}", returncode=2) from exc
            try:
                workdays_policy.check_date(day, what="--date")
            except DomainError as exc:
                raise CommandError(exc.message, returncode=2) from exc
        moment = clock.at_local(day, 8, 0) if options["date"] else clock.now()
        with clock.frozen(moment):
            try:
                results = services.draft_all_bureaus(day=day)
            except DomainError as exc:
                raise CommandError(exc.message, returncode=2) from exc
        created = 0
        for result in results:
            if result.report_day != day:
                when = result.report_day.isoformat() if result.report_day else "none"
                mark = _unconfirmed(result.report_day) if result.report_day else ""
                self.stdout.write(f"{day}: not the report day (this week's is {when}{mark})")
                continue
            for report in result.created:
                self.stdout.write(
                    f"drafted #{report.pk} {report.get_kind_display()} → {report.leader.full_name}"
                    f" (prepared by {report.preparing_unit.name})"
                )
            created += len(result.created)
            self.stdout.write(f"{result.report_day}: already there {len(result.existing)}")
        self.stdout.write(f"{day}: {created} drafted{_unconfirmed(day)}")


def _unconfirmed(day: dt.date) -> str:
    """ " unconfirmed: YYYY" when the day's year has no confirmed calendar (as every output that
    rests on the working-day calendar says): its report day was found by the weekend rule."""
    years = sorted(current_calendar().unconfirmed_years(day, day))
    return "".join(f" unconfirmed: {year}" for year in years)
