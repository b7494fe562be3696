"""`make test` sets up a fresh machine by itself: scripts/system-packages.sh finds the Debian
packages the suites need, installs the missing ones as root and otherwise stops with the one
apt-get line to run. Checked against a fake file tree (ZHENGWU_SYSROOT) with fake `id` and
`apt-get` commands, so nothing is installed and the machine's own packages do not matter."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

# Its own servers or files, not the suite's database: run once, in the SQLite suite.
pytestmark = pytest.mark.one_database

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system-packages.sh"
ALL = "postgresql chromium fonts-noto-cjk gettext nginx openssl redis-server"
SERVERS = ("nginx", "openssl", "redis-server")  # present in the trees of the tests below


def fake_tree(tmp_path: Path, *present: str) -> Path:
    """A file tree holding the probe files of the given packages only."""
    probes = {
        "postgresql": "usr/lib/postgresql/16/bin/initdb",
        "chromium": "usr/bin/chromium",
        "fonts-noto-cjk": "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "gettext": "usr/bin/xgettext",
        "redis-server": "usr/bin/redis-server",
        "nginx": "usr/sbin/nginx",
        "openssl": "usr/bin/openssl",
    }
    root = tmp_path / "root"
    root.mkdir()
    for package in present:
        path = root / probes[package]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
    return root


def fake_commands(tmp_path: Path, uid: int) -> tuple[Path, Path]:
    """`id -u` answering uid and an `apt-get` that only writes down its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "apt-get.calls"
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$*" >> {calls}\n')
    for tool in ("id", "apt-get"):
        (bin_dir / tool).chmod(0o755)
    return bin_dir, calls


def run(root: Path, *args: str, bin_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ZHENGWU_SYSROOT=str(root))
    if bin_dir is not None:
        env["PATH"] = f"{bin_dir}:{env['PATH']}"
    return subprocess.run(
        ["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=30
    )


def test_foundation_dry_run_names_every_missing_package_on_a_bare_machine(tmp_path) -> None:
    result = run(fake_tree(tmp_path), "--dry-run")
    assert result.returncode == 0
    assert result.stdout == f"would run: apt-get install -y --no-install-recommends {ALL}\n"
    assert "missing postgresql — the PostgreSQL suite" in result.stderr


def test_foundation_only_what_is_missing_is_named(tmp_path) -> None:
    result = run(fake_tree(tmp_path, "postgresql", "gettext", *SERVERS), "--dry-run")
    assert result.stdout == (
        "would run: apt-get install -y --no-install-recommends chromium fonts-noto-cjk\n"
    )


def test_foundation_a_complete_machine_passes_silently(tmp_path) -> None:
    result = run(fake_tree(tmp_path, *ALL.split()), bin_dir=fake_commands(tmp_path, uid=1000)[0])
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_foundation_without_root_it_stops_at_once_with_the_apt_get_line(tmp_path) -> None:
    bin_dir, calls = fake_commands(tmp_path, uid=1000)
    started = time.monotonic()
    result = run(fake_tree(tmp_path, "chromium", *SERVERS), bin_dir=bin_dir)
    assert time.monotonic() - started < 10
    assert result.returncode == 1
    assert (
        "  sudo apt-get install -y --no-install-recommends postgresql fonts-noto-cjk gettext\n"
        in result.stderr
    )
    assert not calls.exists()  # nothing was installed


def test_foundation_as_root_it_installs_what_is_missing(tmp_path) -> None:
    bin_dir, calls = fake_commands(tmp_path, uid=0)
    result = run(fake_tree(tmp_path, "gettext", *SERVERS), bin_dir=bin_dir)
    assert result.returncode == 0, result.stderr
    assert calls.read_text().splitlines() == [
        "update -qq",
        "install -y -qq --no-install-recommends postgresql chromium fonts-noto-cjk",
    ]


def test_foundation_check_mode_never_installs_even_as_root(tmp_path) -> None:
    bin_dir, calls = fake_commands(tmp_path, uid=0)
    result = run(fake_tree(tmp_path), "--check", bin_dir=bin_dir)
    assert result.returncode == 1
    assert f"sudo apt-get install -y --no-install-recommends {ALL}" in result.stderr
    assert not calls.exists()


def test_foundation_make_test_checks_packages_before_anything_else() -> None:
    # As a reader types it: not inside the make that may be running this suite (make test),
    # whose MAKELEVEL and MAKEFLAGS would add "Entering directory" lines to the plan.
    outside_make = {
        k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")
    }
    plan = subprocess.run(
        ["make", "--no-print-directory", "-n", "test"],
        cwd=ROOT,
        env=outside_make,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout.splitlines()
    assert plan[0] == "bash scripts/system-packages.sh"
    assert "bash scripts/test.sh" in plan


def test_foundation_ci_has_no_package_list_of_its_own() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "apt-get" not in ci
    assert "ZHENGWU_FAIL_ON_SKIP=1" in ci
    commands = [line for line in ci.splitlines() if line and not line.startswith("#")]
    # The README's test command, then the deployment test (which checks packages the same way).
    assert commands[-2:] == ["make test", "make deploy-test"]
