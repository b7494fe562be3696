"""Pluggable SMS backends, chosen by `ZHENGWU_SMS_BACKEND` (setting or environment variable).

- `zhengwu.notifications.sms.FileBackend` (default): one JSON line per message in
  `ZHENGWU_SMS_FILE` (default var/sms.log) — for development and offline intranets.
- `zhengwu.notifications.sms.ConsoleBackend`: prints the message.
- `zhengwu.notifications.sms.HttpGatewayBackend`: POSTs JSON {"to", "text", "sign"} to
  `ZHENGWU_SMS_URL` with `Authorization: Bearer $ZHENGWU_SMS_TOKEN`; any 2xx answer is success.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The message was not accepted; the caller records the attempt and retries later."""


def _conf(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return str(value)


class BaseBackend:
    def send(self, *, to: str, text: str) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, *, to: str, text: str) -> None:
        sys.stdout.write(f"[SMS to {to}] {text}\n")
        sys.stdout.flush()


class FileBackend(BaseBackend):
    def __init__(self, path: str | None = None) -> None:
        default = str(Path(getattr(settings, "VAR_DIR", ".")) / "sms.log")
        self.path = Path(path or _conf("ZHENGWU_SMS_FILE", default))

    def send(self, *, to: str, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"to": to, "text": text}, ensure_ascii=False) + "\n")


class HttpGatewayBackend(BaseBackend):
    def __init__(self, url: str | None = None, token: str | None = None) -> None:
        self.url = url or _conf("ZHENGWU_SMS_URL")
        self.token = token if token is not None else _conf("ZHENGWU_SMS_TOKEN")
        self.sign = _conf("ZHENGWU_SMS_SIGN", "")
        self.timeout = float(_conf("ZHENGWU_SMS_TIMEOUT", "10"))
        if not self.url.startswith(("http://", "https://")):
            raise SmsError("ZHENGWU_SMS_URL must be an http(s) URL of the SMS gateway")

    def send(self, *, to: str, text: str) -> None:
        body = json.dumps({"to": to, "text": text, "sign": self.sign}, ensure_ascii=False)
        request = urllib.request.Request(  # noqa: S310 — scheme checked in __init__
            self.url,
            data=body.encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"SMS gateway answered {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"SMS gateway unreachable: {exc}") from exc
        if not 200 <= status < 300:
            raise SmsError(f"SMS gateway answered {status}")


def get_backend(**kwargs: Any) -> BaseBackend:
    path = _conf("ZHENGWU_SMS_BACKEND", "zhengwu.notifications.sms.FileBackend")
    return import_string(path)(**kwargs)
