"""`zhengwu sweep [--at 2027-01-05T09:00]` — run the S-8 warning sweep now or as of a moment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengwu.core import clock
from zhengwu.warnings import services


class Command(BaseCommand):
    help = "Raise the overdue warnings (S-8) as of now or --at (bureau local time)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", help="moment in bureau local time, e.g. 2027-01-05T09:00")
        parser.add_argument("--no-follow-ups", action="store_true", help="only raise the warnings")

    def handle(self, *args: Any, **options: Any) -> None:
        moment = clock.now()
        if options["at"]:
            try:
                parsed = dt.datetime.fromisoformat(options["at"])
            except ValueError as exc:
                raise CommandError(f"--at {options['at']!r}: use YYYY-MM-DDTHH:MM") from exc
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=clock.LOCAL_TZ)
            moment = parsed.astimezone(dt.UTC)
        with clock.frozen(moment):
            result = services.sweep(at=moment)
            processed = 0 if options["no_follow_ups"] else services.process_all_new_warnings()
        for level, count in sorted(result.raised.items()):
            self.stdout.write(f"level {level}: {count} warnings raised")
        self.stdout.write(
            f"as of {clock.local(moment):%Y-%m-%d %H:%M} ({result.today}): "
            f"{result.total} raised, {processed} follow-ups done"
        )
