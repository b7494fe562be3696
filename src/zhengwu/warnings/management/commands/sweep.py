"""`zhengwu sweep [--at 2027-01-05T09:00 [--commit-future]]` — run the S-8 warning sweep now or
as of a moment. A moment after now only reports what would be raised unless --commit-future is
given; a moment outside the supported dates (1949-10-01 to ten years ahead) exits with status 2."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.warnings import services
from zhengwu.workdays import policy as workdays_policy


class Command(BaseCommand):
    help = "Raise the overdue warnings (S-8) as of now or --at (bureau local time)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", help="moment in bureau local time, e.g. 2027-01-05T09:00")
        parser.add_argument("--no-follow-ups", action="store_true", help="only raise the warnings")
        parser.add_argument(
            "--commit-future",
            action="store_true",
            help="with --at after now: really raise the warnings (default: only report them)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        moment = clock.now()
        if options["at"]:
            try:
                parsed = dt.datetime.fromisoformat(options["at"])
            except ValueError as exc:
                raise CommandError(
                    f"--at {options['at']!r}: use YYYY-MM-DDTHH:MM", returncode=2
                ) from exc
            try:
                workdays_policy.check_date(parsed.date(), what="--at")
            except DomainError as exc:
                raise CommandError(exc.message, returncode=2) from exc
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=clock.LOCAL_TZ)
            moment = parsed.astimezone(dt.UTC)
        if moment > clock.now() and not options["commit_future"]:
            # A warning raised "as of" a moment still to come would stay raised for good: a
            # moment after now is a dry run unless --commit-future says otherwise.
            with clock.frozen(moment):
                would = services.sweep_preview(at=moment)
            for level, count in sorted(would.raised.items()):
                self.stdout.write(f"level {level}: {count} warnings would be raised")
            self.stdout.write(
                f"as of {clock.local(moment):%Y-%m-%d %H:%M} ({would.today}), after now: "
                f"dry run, nothing written ({would.total} would be raised; "
                "--commit-future to raise them)"
            )
            return
        with clock.frozen(moment):
            result = services.sweep(at=moment)
            processed = 0 if options["no_follow_ups"] else services.process_all_new_warnings()
        for level, count in sorted(result.raised.items()):
            self.stdout.write(f"level {level}: {count} warnings raised")
        self.stdout.write(
            f"as of {clock.local(moment):%Y-%m-%d %H:%M} ({result.today}): "
            f"{result.total} raised, {processed} follow-ups done"
        )
