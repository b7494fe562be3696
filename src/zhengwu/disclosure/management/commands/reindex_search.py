"""`zhengwu reindex_search` — index every item on the portal again.

The same as the job queued when the administrators change the search term list (for a site whose
worker is not running, or after an upgrade that changed the list). Safe to run at any time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from zhengwu.disclosure import services


class Command(BaseCommand):
    help = "Index every published item again (after the search term list changed)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{services.reindex_search()} items indexed")
