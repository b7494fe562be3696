"""`zhengwu reread_attachments` — read the text of attachments stored before it was read.

Attachments uploaded before text extraction existed carry no text; this reads them from storage
and re-indexes their published items, so the portal search finds words in them (R-11). Safe to
run again or in two shells at once: an attachment already read is skipped.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand

from zhengwu.disclosure import services


class Command(BaseCommand):
    help = "Read the text of stored attachments that have none yet and re-index their items."

    def handle(self, *args: Any, **options: Any) -> None:
        outcomes: Counter[str] = Counter()
        ids = list(services.attachments_to_reread().values_list("pk", flat=True))
        for attachment_id in ids:
            try:
                attachment = services.reread_attachment(attachment_id=attachment_id)
            except FileNotFoundError:
                outcomes["missing file"] += 1
                self.stderr.write(f"attachment {attachment_id}: its file is missing from storage")
                continue
            outcomes[attachment.extraction_status if attachment else "already read"] += 1
        for outcome, count in sorted(outcomes.items()):
            self.stdout.write(f"{outcome}: {count}")
        self.stdout.write(f"{len(ids)} attachments looked at")
