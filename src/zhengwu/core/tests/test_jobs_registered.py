"""Foundation: the worker knows every background job a service may queue.

The huey consumer runs only tasks imported when the apps are ready; a job module left out is
queued by a service and then refused by the worker ("not found in TaskRegistry"), so the work
is never done.
"""

from __future__ import annotations

import sys
from pathlib import Path

from huey.contrib.djhuey import HUEY

import zhengwu

PACKAGE = Path(zhengwu.__file__).parent


def test_foundation_every_jobs_module_is_imported_when_the_apps_are_ready() -> None:
    modules = sorted(f"zhengwu.{p.parent.name}.jobs" for p in PACKAGE.glob("*/jobs.py"))
    assert modules, "no jobs modules found"
    missing = [m for m in modules if m not in sys.modules]
    assert not missing, f"not imported by any AppConfig.ready(): {missing}"


def test_foundation_the_worker_registry_holds_the_applicant_notice_job() -> None:
    names = set(HUEY._registry._registry)
    assert any(name.endswith("applications.jobs.tell_applicant_task") for name in names), names
