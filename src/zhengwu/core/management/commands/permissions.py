"""`zhengwu permissions [--write PATH]`: the permission matrix (docs/permissions.md).

The world the matrix is asked in is built in a transaction that is rolled back. It must be built
in an empty, migrated database, as the test builds it, for example:

    DATABASE_URL=sqlite:////tmp/matrix.sqlite3 zhengwu migrate
    DATABASE_URL=sqlite:////tmp/matrix.sqlite3 zhengwu permissions --write docs/permissions.md
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhengwu.core import permission_matrix
from zhengwu.org.models import Bureau


class Command(BaseCommand):
    help = "Build the permission matrix (every page and API operation against every role)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--write", metavar="PATH", help="write the Markdown to PATH")

    def handle(self, *args: Any, **options: Any) -> None:
        if Bureau.objects.exists():
            raise CommandError(
                "The matrix is built in an empty, migrated database (this one holds bureaus): "
                "DATABASE_URL=sqlite:////tmp/matrix.sqlite3 zhengwu migrate, then run it there."
            )
        with transaction.atomic():
            world = permission_matrix.build_world()
            text = permission_matrix.render(permission_matrix.walk(world), world.recorded)
            transaction.set_rollback(True)
        if options["write"]:
            Path(options["write"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {options['write']}")
        else:
            self.stdout.write(text)
