"""Is a TCP port free? `make run` asks before anything else (standard library only, so it runs
with the system Python before the install), and `zhengwu serve` asks again before starting.

    python -P src/zhengwu/core/ports.py 127.0.0.1 8000   # exit 1 with one line if the port is taken

(-P: the script's folder holds modules named like the standard library's, such as selectors.)
"""

from __future__ import annotations

import errno
import socket
import sys


def port_in_use(host: str, port: int) -> bool:
    """True when something listens on host:port (or binds it), as the web server would find."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        # As gunicorn does: a port left in TIME_WAIT by a previous run counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return True
            raise
    return False


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now, chosen by the system (for servers a test or script starts)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def in_use_message(port: int) -> str:
    return (
        f"端口 {port} 已被占用 / port {port} is in use: "
        f"choose another with make run PORT={port + 1}"
    )


def main(argv: list[str]) -> int:
    host, port = argv[0], int(argv[1])
    if port_in_use(host, port):
        sys.stderr.write(in_use_message(port) + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
