"""A test-only SMS backend: announces the send, waits ZHENGWU_TEST_JOB_DELAY seconds, then writes
the message like the file backend. Lets a test kill a real worker in the middle of a delivery."""

from __future__ import annotations

import os
import time
from pathlib import Path

from zhengwu.notifications.sms import FileBackend


class SlowFileBackend(FileBackend):
    def send(self, *, to: str, text: str) -> None:
        started = Path(str(self.path) + ".started")
        with started.open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        time.sleep(float(os.environ.get("ZHENGWU_TEST_JOB_DELAY", "0")))
        super().send(to=to, text=text)
