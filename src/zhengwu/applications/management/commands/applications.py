"""`zhengwu applications …` — the answer clock and the processing fee from the command line.

    zhengwu applications deadline --received D [--supplement-asked D --supplement-received D]
                                  [--pause D:D]… [--extend N]
        the derivation, one event a line; last line `due=YYYY-MM-DD` (+ ` unconfirmed=YYYY`)
    zhengwu applications fee --items N     fee of N items by one applicant in one month
    zhengwu applications fee --pages P     fee of one application of P pages

Bad input (not a date, a negative number, an extension over the limit) exits with status 2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from zhengwu.applications import clock
from zhengwu.core import inputs
from zhengwu.core.errors import DomainError

# Bounds of what the calculator accepts, so a typing slip does not run for minutes.
MAX_QUANTITY = 1_000_000


def _refuse(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return inputs.parse_date(text)
    except ValueError as error:
        raise _refuse(f"{error} / YYYY-MM-DD: {text!r}") from error


def _pause(text: str) -> tuple[dt.date, dt.date]:
    begin, sep, end = text.partition(":")
    if not sep:
        raise _refuse(f"暂停应写作 起:止 / a pause is FROM:TO: {text!r}")
    return _date(begin), _date(end)  # type: ignore[return-value]


def _count(text: str, what: str) -> int:
    try:
        value = int(text)
    except ValueError as error:
        raise _refuse(f"{what} 应为整数 / {what} must be a whole number: {text!r}") from error
    if value < 0:
        raise _refuse(f"{what} 不能为负数 / {what} cannot be negative")
    if value > MAX_QUANTITY:
        raise _refuse(f"{what} 不能超过 {MAX_QUANTITY} / {what} is at most {MAX_QUANTITY}")
    return value


class Command(BaseCommand):
    help = "Applications for disclosure: deadline (what-if calculator), fee."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("deadline", help="the answer deadline, step by step")
        p.add_argument("--received", required=True)
        p.add_argument("--supplement-asked")
        p.add_argument("--supplement-received")
        p.add_argument("--pause", action="append", default=[])
        p.add_argument("--extend", default="0")
        p = sub.add_parser("fee", help="the processing fee")
        group = p.add_mutually_exclusive_group(required=True)
        group.add_argument("--items")
        group.add_argument("--pages")

    def handle(self, *args: Any, **options: Any) -> None:
        run = self._deadline if options["action"] == "deadline" else self._fee
        try:
            run(options)
        except DomainError as error:
            # The refusal in both languages: Chinese first, as the other commands do.
            with translation.override("zh-hans"):
                try:
                    run(options)
                except DomainError as chinese:
                    raise _refuse(f"{chinese.message} / {error.message}") from error
            raise _refuse(error.message) from error

    def _deadline(self, options: dict[str, Any]) -> None:
        extension = _count(options["extend"], "N")
        result = clock.derive(
            received=_date(options["received"]),  # type: ignore[arg-type]
            supplement_asked=_date(options["supplement_asked"]),
            supplement_received=_date(options["supplement_received"]),
            pauses=[_pause(text) for text in options["pause"]],
            extension=extension,
        )
        for line in result.lines:
            self.stdout.write(line)
        self.stdout.write(result.last_line())

    def _fee(self, options: dict[str, Any]) -> None:
        if options["items"] is not None:
            n = _count(options["items"], "N")
            self.stdout.write(f"items={n} per-applicant-per-month")
            self.stdout.write(f"fee={clock.fee_for_items(n)}")
        else:
            p = _count(options["pages"], "P")
            self.stdout.write(f"pages={p} per-application")
            self.stdout.write(f"fee={clock.fee_for_pages(p)}")
