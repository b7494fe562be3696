"""`zhengwu audit verify` — check the hash chain of the audit log."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengwu.audit.services import verify_chain


class Command(BaseCommand):
    help = "Audit log tools. 'verify' checks the hash chain and exits non-zero if it is broken."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"审计日志已损坏 / audit log broken at event #{result.broken_seq}: {result.reason} "
                f"({result.checked} events verified before it)"
            )
        self.stdout.write(f"审计日志完整 / audit log intact: {result.checked} events verified")
