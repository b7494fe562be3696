"""`zhengwu backup FILE` — the database, the stored files and the audit checkpoints in one file,
consistent while the system runs (see zhengwu.core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengwu.core import backup


class Command(BaseCommand):
    help = "Write a backup of the database, the stored files and the audit checkpoints to FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup.backup(options["file"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"备份完成 / backup written: {options['file']}")
        self.stdout.write(backup.describe(summary))
