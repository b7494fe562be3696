"""gunicorn's settings against the proxy in front of it (issue 12: connections reset under load)."""

from __future__ import annotations

import re
from pathlib import Path

from zhengwu.core import gunicorn_conf

ROOT = Path(__file__).resolve().parents[4]


def upstream_keepalive_seconds(text: str) -> list[int]:
    # From "upstream zhengwu" to the next "location": the upstream block, whatever its braces.
    blocks = re.findall(r"upstream zhengwu (.*?)location", text, flags=re.S)
    return [int(s) for block in blocks for s in re.findall(r"keepalive_timeout (\d+)s;", block)]


def test_foundation_gunicorn_keeps_idle_connections_longer_than_nginx() -> None:
    """nginx must close an idle upstream connection before gunicorn does, or a request sent on it
    as gunicorn closes it is reset: in make deploy-test's nginx and in the documented one."""
    nginx_template = (ROOT / "scripts" / "deploy_test.py").read_text()
    documented = (ROOT / "docs" / "deployment.md").read_text()
    for text in (nginx_template, documented):
        timeouts = upstream_keepalive_seconds(text)
        assert timeouts, "the upstream block keeps idle connections for a stated time"
        assert all(t < gunicorn_conf.keepalive for t in timeouts)
    assert "proxy_http_version 1.1;" in nginx_template and "proxy_http_version 1.1;" in documented


def test_foundation_gunicorn_opens_no_shared_control_socket() -> None:
    assert gunicorn_conf.control_socket_disable is True
