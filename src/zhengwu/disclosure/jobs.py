"""Background work of disclosure: indexing the portal's items again after the administrators
changed the search term list (their new dictionary words become one word in the index)."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

log = logging.getLogger(__name__)


def reindex_search() -> None:
    """After commit: queue the re-indexing (one at a time is enough; a later edit queues again)."""
    reindex_search_task()


@db_task(retries=2, retry_delay=60)
def reindex_search_task() -> None:
    from zhengwu.disclosure import services

    count = services.reindex_search()
    log.info("search index rebuilt for %d items", count)
