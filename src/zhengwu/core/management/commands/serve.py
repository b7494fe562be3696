"""`zhengwu serve` — the web server (gunicorn) and the background worker (huey) together.

This is what `make run` starts. The port is checked first: if it is taken, one line says so and
how to choose another. "zhengwu: http://…" is printed once the server answers, then (with --logins)
the demo accounts. DEBUG is off unless ZHENGWU_DEBUG says otherwise; whitenoise serves the static
files. Either process ending stops the other, so a half-running system is never left behind;
Ctrl-C stops both.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengwu.core.ports import in_use_message, port_in_use

STARTUP_SECONDS = 60


class Command(BaseCommand):
    help = "Run the web server and the background worker until interrupted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("ZHENGWU_BIND", "127.0.0.1:8000"))
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--logins", action="store_true", help="print the demo logins once the server answers"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, _, port_text = options["bind"].rpartition(":")
        if not host or not port_text.isdigit():
            raise CommandError(f"--bind {options['bind']!r}: use HOST:PORT, e.g. 127.0.0.1:8000")
        port = int(port_text)
        if port_in_use(host, port):
            self.stderr.write(in_use_message(port))
            sys.exit(1)
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
        env.setdefault("ZHENGWU_DEBUG", "0")
        # Metrics of every gunicorn and huey process in one directory, so /metrics through any web
        # worker adds them all up; emptied at each start (the counters of a past run are gone).
        if "PROMETHEUS_MULTIPROC_DIR" not in env:
            from django.conf import settings

            metrics_dir = settings.VAR_DIR / "prometheus"
            shutil.rmtree(metrics_dir, ignore_errors=True)
            metrics_dir.mkdir(parents=True)
            env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
        web = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "zhengwu.wsgi:application",
                "--bind", options["bind"],
                "--workers", str(options["web_workers"]),
                "--threads", str(options["threads"]),
                "--access-logfile", "-",
                "--graceful-timeout", "10",
                "--config", "python:zhengwu.core.gunicorn_conf",
            ],
            env=env,
        )  # fmt: skip
        worker = subprocess.Popen([sys.executable, "-m", "zhengwu.cli", "run_huey"], env=env)
        children = [web, worker]

        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        try:
            announced = False
            started = time.monotonic()
            while not stopping:
                if not announced and self._answers(host, port):
                    announced = True
                    self.stdout.write(f"zhengwu: http://{options['bind']}/")
                    if options["logins"]:
                        self._print_logins()
                    self.stdout.flush()
                elif not announced and time.monotonic() - started > STARTUP_SECONDS:
                    self.stderr.write(f"the web server did not answer within {STARTUP_SECONDS} s")
                    exit_code = 1
                    stopping = True
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

    @staticmethod
    def _answers(host: str, port: int) -> bool:
        try:
            with socket.create_connection((host.strip("[]"), port), timeout=0.5):
                return True
        except OSError:
            return False

    def _print_logins(self) -> None:
        from zhengwu.core.demo_loader import DEMO_PASSWORD
        from zhengwu.org.demo import DEMO_LOGINS
        from zhengwu.org.models import Person

        present = set(
            Person.objects.filter(username__in=[u for u, _ in DEMO_LOGINS]).values_list(
                "username", flat=True
            )
        )
        logins = [(username, label) for username, label in DEMO_LOGINS if username in present]
        if not logins:
            return
        self.stdout.write(f"演示账号 / demo logins (password 密码: {DEMO_PASSWORD})")
        for username, label in logins:
            self.stdout.write(f"  {username:<14} {label}")
