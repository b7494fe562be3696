"""`zhengwu demo [--if-empty]` — load the fictional 示例市生态环境局 and print its logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhengwu.core.demo_loader import DEMO_PASSWORD, load_demo
from zhengwu.org.models import Bureau


class Command(BaseCommand):
    help = "Create the demo bureau with its sections, people and roles (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="only load when no bureau exists yet"
        )
        parser.add_argument(
            "--no-logins", action="store_true", help="do not print the logins (serve does)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Bureau.objects.exists():
            self.stdout.write(
                "数据库已有数据，未加载演示数据 / database not empty, demo not loaded"
            )
        else:
            load_demo()
            self.stdout.write("演示数据已就绪 / demo data ready")
        if not options["no_logins"]:
            self.print_logins()

    def print_logins(self) -> None:
        from zhengwu.org.demo import DEMO_LOGINS

        self.stdout.write("")
        self.stdout.write(f"演示账号 / demo logins (password 密码: {DEMO_PASSWORD})")
        for username, label in DEMO_LOGINS:
            self.stdout.write(f"  {username:<14} {label}")
