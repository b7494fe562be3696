"""Test-wide set-up: database label, Playwright with Debian's chromium, and fail-on-skip."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("ZHENGWU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django's async-safety guard would
# otherwise refuse the ORM calls the tests make between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config: pytest.Config) -> None:
    # The whole-system walks keep millions of objects alive (every page read, before and after),
    # and with Python's default thresholds the collector went through all of them again and
    # again: 7 of the tenancy walk's 83 s. Collections a hundred times rarer cost the tests no
    # memory worth counting on the 24 GiB machine (docs/benchmarks.md).
    gc.set_threshold(50_000, 20, 100)
    if hasattr(config, "workerinput"):  # an xdist worker: its groups must reach the scheduler
        config.pluginmanager.register(_GroupsInNodeIds(), "zhengwu-xdist-groups")
    # Every test account is hashed with Argon2 as in production, but with the smallest cost
    # parameters: the production cost (100 MiB, ~0.16 s a hash) spent on the nine people of each
    # test's cast was most of the suite's time. The hashes still say "argon2" and are verified
    # from the parameters they carry.
    from django.contrib.auth.hashers import Argon2PasswordHasher

    Argon2PasswordHasher.time_cost = 1
    Argon2PasswordHasher.memory_cost = 8
    Argon2PasswordHasher.parallelism = 1

    # A demo generated once in a test process is replayed from its recording when a later test
    # loads it from the same starting point (core.demo_replay): a dozen tests load it.
    if os.environ.get("ZHENGWU_DEMO_REPLAY", "1") == "1":
        from zhengwu.core import demo_loader
        from zhengwu.core.demo_replay import Replayer

        demo_loader.replay = Replayer()


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"zhengwu database: {engine} ({os.environ.get('ZHENGWU_TEST_DB_LABEL', engine)})"


# First among the hooks: xdist's own (in each worker) reads the xdist_group marks to name the
# groups, so marks added after it would be ignored and the groups' tests dealt to any worker.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Under pytest-xdist with --dist loadgroup (scripts/test.sh) the tests that load the whole demo
    # are one group. The demo is generated once per process and starting point, then replayed
    # (core.demo_replay): on one worker it is generated once per suite, not once per worker.
    for item in items:
        if item.get_closest_marker("demo"):
            item.add_marker(pytest.mark.xdist_group("demo"))
    # xdist's loadgroup scheduling hands out the groups first, then single tests in the order
    # collected, which pytest-django made "transactional tests last": a transactional test (the
    # browser tests' live server) empties the database after it, the data that migrations seed
    # included, so a group must hold none of them (the demo tests run inside transactions).


class _GroupsInNodeIds:
    """pytest-xdist 3.8 names a test's group by appending "@group" to `item._nodeid`, which pytest
    9 no longer reads (its node ids live in `item._id`): every group was dealt out test by test,
    and the demo was generated again on every worker. After xdist's hook, the suffixed id is made
    the test's id. When xdist or pytest change so that the suffix shows already, this does nothing.
    """

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        from _pytest.nodeid import NodeId

        for item in items:
            suffixed = getattr(item, "_nodeid", None)
            if (
                isinstance(suffixed, str)
                and "@" in suffixed
                and "@" not in item.nodeid
                and hasattr(item, "_id")
            ):
                item._id = NodeId.parse(suffixed)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With ZHENGWU_FAIL_ON_SKIP=1 a skipped test fails the run: CI never goes green by skipping.

    Under pytest-xdist the workers' reports reach the controller's terminal reporter, so the
    controller counts every worker's skips; the workers themselves leave their status alone."""
    if os.environ.get("ZHENGWU_FAIL_ON_SKIP") != "1":
        return
    if hasattr(session.config, "workerinput"):  # an xdist worker
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        if reporter:
            reporter.write_line(
                f"FAIL: {skipped} test(s) skipped and ZHENGWU_FAIL_ON_SKIP=1", red=True
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _audit_checkpoints_per_test(settings: Any, tmp_path: Any) -> None:
    """Each test's database starts a new audit chain: its signed checkpoints go to a file of its
    own, not to var/ where another test's (or the demo's) chain head is recorded."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.log"
