"""gunicorn settings that `zhengwu serve` (and operators' units) load with
`--config python:zhengwu.core.gunicorn_conf`.

A worker that exits leaves its metric files behind; prometheus_client must be told, or its live
gauges would be added to the next scrape forever.
"""

from __future__ import annotations

import os
from typing import Any

# Idle keep-alive connections stay open 75 s (gunicorn's default is 2 s). A client (nginx, or a
# browser talking to gunicorn directly) that sends its next request on an idle connection at the
# moment gunicorn closes it gets "connection reset by peer": with 2 s, visitors clicking every
# 1–3 s met it under load, and nginx's pool of upstream connections would too. The proxy must
# close its idle connections first: nginx's upstream `keepalive_timeout` is 60 s (see
# docs/deployment.md). Idle connections cost no thread in the gthread worker, only a socket.
keepalive = 75

# gunicorn 27 opens a control socket at one fixed path per user ($XDG_RUNTIME_DIR or
# ~/.gunicorn/gunicorn.ctl): a second instance on the same machine takes it from the first.
# Nothing here uses it (operators restart through systemd), so it stays closed.
control_socket_disable = True


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
