"""`zhengwu apitoken USERNAME NAME` — issue an API token and print it once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengwu.api.services import issue_token
from zhengwu.org.models import Person


class Command(BaseCommand):
    help = "Issue an API token for a person; the token is printed once and never stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(username=options["username"], is_active=True).first()
        if person is None:
            raise CommandError(f"no active person named {options['username']!r}")
        _token, raw = issue_token(by=None, person=person, name=options["name"])
        self.stdout.write(raw)
