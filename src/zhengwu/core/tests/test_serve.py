"""First run (foundation): `make run` / `zhengwu serve` check the port first, say where the site is
once it answers and list the demo logins, run without DEBUG yet serve the static files, and put
the demo's e-mails in files under var/."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from zhengwu.core.ports import free_port, port_in_use

# `zhengwu serve` runs on a SQLite database of its own (DATABASE_URL is left out): once is enough.
pytestmark = pytest.mark.one_database

ZHENGWU = str(Path(sys.executable).parent / "zhengwu")
ROOT = Path(__file__).resolve().parents[4]


def environment(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENGWU_", "DATABASE_URL"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["ZHENGWU_VAR_DIR"] = str(var_dir)
    return env


def listening_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def test_foundation_a_taken_port_is_named_at_once(tmp_path: Path) -> None:
    with listening_socket() as taken:
        port = taken.getsockname()[1]
        assert port_in_use("127.0.0.1", port)
        started = time.monotonic()
        result = subprocess.run(
            [ZHENGWU, "serve", "--bind", f"127.0.0.1:{port}"],
            env=environment(tmp_path),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 1
        assert result.stderr.strip() == (
            f"端口 {port} 已被占用 / port {port} is in use: "
            f"choose another with make run PORT={port + 1}"
        )
        assert "gunicorn" not in result.stdout + result.stderr  # nothing was started
        # `make run` asks before the install, with the system Python and no Django
        check = subprocess.run(
            ["python3", "-P", str(ROOT / "src/zhengwu/core/ports.py"), "127.0.0.1", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert check.returncode == 1
        assert check.stderr.startswith(f"端口 {port} 已被占用 / port {port} is in use")
    assert time.monotonic() - started < 60
    assert not port_in_use("127.0.0.1", port)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 — local test server
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def test_foundation_serve_announces_itself_then_the_logins_without_debug(tmp_path: Path) -> None:
    env = environment(tmp_path)
    for command in (["migrate", "--noinput"], ["demo", "--if-empty", "--no-logins"]):
        done = subprocess.run(
            [ZHENGWU, *command], env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
    assert "demo logins" not in done.stdout

    port = free_port()
    server = subprocess.Popen(
        [ZHENGWU, "serve", "--bind", f"127.0.0.1:{port}", "--web-workers", "1", "--logins"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert first == f"zhengwu: http://127.0.0.1:{port}/\n"
        assert server.stdout.readline() == "演示账号 / demo logins (password 密码: Demo-2026-zw)\n"
        assert server.stdout.readline().split()[0] == "director"

        status, home = get(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert "<html" in home
        status, css = get(f"http://127.0.0.1:{port}/static/core/zhengwu.css")
        assert status == 200
        assert css.strip()
        status, missing = get(f"http://127.0.0.1:{port}/no-such-page/")
        assert status == 404
        assert "URLconf" not in missing  # Django's debug page would list the URL patterns
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    assert not port_in_use("127.0.0.1", port)


def test_foundation_demo_mail_goes_to_files_under_var(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s; from django.core.mail import send_mail; "
        "print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH); "
        "send_mail('预警', '正文', 'zw@localhost', ['office@example.gov.cn'])"
    )
    result = subprocess.run(
        [ZHENGWU, "shell", "--no-imports", "-c", code],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.filebased.EmailBackend",
        str(tmp_path / "mail"),
    ]
    [message] = list((tmp_path / "mail").iterdir())
    assert "To: office@example.gov.cn" in message.read_text()
