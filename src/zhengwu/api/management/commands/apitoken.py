"""`zhengwu apitoken USERNAME NAME [--days N] [--read-only]` — issue an API token, printed once.

`zhengwu apitoken USERNAME --list` lists the person's tokens; `--revoke PREFIX` revokes one.
The operator at the server's console acts for the named person; every issue and revocation is
audited.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengwu.api import policy
from zhengwu.api.models import ApiToken
from zhengwu.api.services import expiry_of, issue_token, revoke_token
from zhengwu.core.errors import DomainError
from zhengwu.org.models import Person


class Command(BaseCommand):
    help = "Issue (printed once), list or revoke a person's API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", nargs="?", default="")
        parser.add_argument(
            "--days",
            type=int,
            default=policy.DEFAULT_LIFETIME_DAYS,
            help=f"lifetime in days (default {policy.DEFAULT_LIFETIME_DAYS}, "
            f"at most {policy.MAX_LIFETIME_DAYS})",
        )
        parser.add_argument(
            "--read-only", action="store_true", help="the token may call no write operation"
        )
        parser.add_argument("--list", action="store_true", help="list the person's tokens")
        parser.add_argument("--revoke", metavar="PREFIX", help="revoke the token with this prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(username=options["username"]).first()
        if person is None:
            raise CommandError(f"查无此人 / no person named {options['username']!r}")
        try:
            if options["list"]:
                for token in ApiToken.objects.filter(person=person):
                    state = (
                        "revoked" if token.revoked_at else f"expires {expiry_of(token):%Y-%m-%d}"
                    )
                    scope = "read-only" if token.read_only else "read-write"
                    self.stdout.write(f"{token.prefix}  {token.name}  {scope}  {state}")
                return
            if options["revoke"]:
                token = ApiToken.objects.filter(person=person, prefix=options["revoke"]).first()
                if token is None:
                    raise CommandError(f"无此令牌 / no token {options['revoke']!r} of this person")
                revoke_token(by=None, token=token)
                self.stdout.write(f"已撤销 / revoked {token.prefix}")
                return
            if not options["name"]:
                raise CommandError("请给出令牌名称 / give the token a NAME")
            _token, raw = issue_token(
                by=None,
                person=person,
                name=options["name"],
                days=options["days"],
                read_only=options["read_only"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(raw)
