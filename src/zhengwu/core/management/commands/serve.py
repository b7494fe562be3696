"""`zhengwu serve` — the web server (gunicorn) and the background worker (huey) together.

This is what `make run` starts. Either process ending stops the other, so a half-running system is
never left behind; Ctrl-C stops both.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the web server and the background worker until interrupted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("ZHENGWU_BIND", "127.0.0.1:8000"))
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args: Any, **options: Any) -> None:
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
        web = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "zhengwu.wsgi:application",
                "--bind", options["bind"],
                "--workers", str(options["web_workers"]),
                "--threads", str(options["threads"]),
                "--access-logfile", "-",
                "--graceful-timeout", "10",
            ],
            env=env,
        )  # fmt: skip
        worker = subprocess.Popen([sys.executable, "-m", "zhengwu.cli", "run_huey"], env=env)
        children = [web, worker]
        self.stdout.write(
            f"zhengwu: http://{options['bind']}/  (web pid {web.pid}, worker pid {worker.pid})"
        )

        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        try:
            while not stopping:
                for child in children:
                    code = child.poll()
                    if code is not None:
                        self.stderr.write(f"process {child.pid} exited with {code}; stopping")
                        exit_code = code or 1
                        stopping = True
                time.sleep(0.5)
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 15
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
        if exit_code:
            sys.exit(exit_code)
