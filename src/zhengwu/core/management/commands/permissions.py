"""`zhengwu permissions [--write PATH]`: the permission matrix (docs/permissions.md).

The world the matrix is asked in is built in a transaction that is rolled back: the database is
left as it was (it must be migrated)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from zhengwu.core import permission_matrix


class Command(BaseCommand):
    help = "Build the permission matrix (every page and API operation against every role)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--write", metavar="PATH", help="write the Markdown to PATH")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            world = permission_matrix.build_world()
            text = permission_matrix.render(permission_matrix.walk(world), world.recorded)
            transaction.set_rollback(True)
        if options["write"]:
            Path(options["write"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {options['write']}")
        else:
            self.stdout.write(text)
