"""`zhengwu restore FILE [--force]` — restore a backup into an empty database and file storage,
then check every table's row count and every file's digest (see zhengwu.core.backup). Stop the web
server and the worker first; afterwards run `zhengwu migrate` if the code is newer than the backup
and `zhengwu audit verify` to check the audit chain."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengwu.core import backup


class Command(BaseCommand):
    help = "Restore a backup made by `zhengwu backup` into an empty database and storage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database and storage that are not empty (their contents are lost)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup.restore(options["file"], force=options["force"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for problem in summary.problems:
            self.stderr.write(problem)
        if summary.problems:
            self.stderr.write("恢复后核对不符 / the restored data does not match the backup")
            sys.exit(1)
        self.stdout.write(f"恢复完成，核对无误 / restored and checked: {options['file']}")
        self.stdout.write(backup.describe(summary))
