"""`zhengwu audit verify|checkpoint|keygen` — the audit chain's tools."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengwu.audit import checkpoints
from zhengwu.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Audit log tools. 'verify' checks the keyed hash chain and the signed checkpoints and "
        "exits non-zero if anything was rewritten; 'checkpoint' writes a signed checkpoint of the "
        "chain head now (and mails it to ZHENGWU_AUDIT_CHECKPOINT_EMAIL when set); 'keygen' "
        "prints a new key entry for ZHENGWU_AUDIT_KEYS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint", "keygen"])
        parser.add_argument("--key-id", default="", help="keygen: the new key's id")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "keygen":
            key_id = options["key_id"] or "k" + secrets.token_hex(3)
            self.stdout.write(f"{key_id}:{secrets.token_urlsafe(48)}")
            return
        if action == "checkpoint":
            checkpoint = checkpoints.write_head()
            if checkpoint is None:
                self.stdout.write("审计日志为空 / the audit log is empty")
                return
            if settings.AUDIT_CHECKPOINT_EMAIL:
                send_mail(
                    f"审计日志检查点 / audit checkpoint #{checkpoint.seq}",
                    checkpoint.line() + "\n",
                    None,
                    settings.AUDIT_CHECKPOINT_EMAIL,
                )
            self.stdout.write(checkpoint.line())
            return
        result = verify_chain()
        if not result.ok:
            where = f" at event #{result.broken_seq}" if result.broken_seq else ""
            raise CommandError(
                f"审计日志已损坏 / audit log broken{where}: {result.reason} "
                f"({result.checked} events verified before it)"
            )
        self.stdout.write(
            f"审计日志完整 / audit log intact: {result.checked} events verified, "
            f"{result.checkpoints} signed checkpoints checked"
        )
