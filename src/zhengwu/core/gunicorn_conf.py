"""gunicorn settings that `zhengwu serve` (and operators' units) load with
`--config python:zhengwu.core.gunicorn_conf`.

A worker that exits leaves its metric files behind; prometheus_client must be told, or its live
gauges would be added to the next scrape forever.
"""

from __future__ import annotations

import os
from typing import Any


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
