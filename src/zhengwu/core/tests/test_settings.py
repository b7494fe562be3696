"""Settings from the environment (foundation point 2)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhengwu.core import env
from zhengwu.core.mailurl import parse_email_url

# Its own servers or files, not the suite's database: run once, in the SQLite suite.
pytestmark = pytest.mark.one_database

ZHENGWU = str(Path(sys.executable).parent / "zhengwu")


def run_cli(*args: str, extra_env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENGWU_", "DATABASE_URL"))}
    base.pop("SECRET_KEY", None)
    base.pop("DJANGO_SETTINGS_MODULE", None)
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    base["ZHENGWU_VAR_DIR"] = str(tmp_path)
    base.update(extra_env)
    return subprocess.run(
        [ZHENGWU, *args], env=base, capture_output=True, text=True, timeout=120, check=False
    )


def test_development_defaults_need_no_variables(tmp_path: Path) -> None:
    result = run_cli("check", extra_env={}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_check_deploy_reports_no_warnings(tmp_path: Path) -> None:
    result = run_cli(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        extra_env={
            "ZHENGWU_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ZHENGWU_AUDIT_KEYS": f"prod1:{secrets.token_urlsafe(48)}",
            "ZHENGWU_ALLOWED_HOSTS": "zhengwu.example.gov.cn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "ZHENGWU_MEDIA_ROOT": str(tmp_path / "media"),
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_secret_stops_with_clear_message(tmp_path: Path) -> None:
    result = run_cli(
        "check",
        extra_env={"ZHENGWU_ENV": "production", "ZHENGWU_ALLOWED_HOSTS": "zw.example.gov.cn"},
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_foundation_production_without_audit_keys_stops_with_clear_message(
    tmp_path: Path,
) -> None:
    production = {
        "ZHENGWU_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ZHENGWU_ALLOWED_HOSTS": "zw.example.gov.cn",
        "ZHENGWU_MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = run_cli("check", extra_env=production, tmp_path=tmp_path)
    assert result.returncode == 2
    assert "ZHENGWU_AUDIT_KEYS" in result.stderr and "Traceback" not in result.stderr
    short = run_cli(
        "check", extra_env={**production, "ZHENGWU_AUDIT_KEYS": "k1:short"}, tmp_path=tmp_path
    )
    assert short.returncode == 2 and "shorter" in short.stderr


def test_foundation_production_without_file_storage_stops_with_clear_message(
    tmp_path: Path,
) -> None:
    result = run_cli(
        "check",
        extra_env={
            "ZHENGWU_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ZHENGWU_AUDIT_KEYS": f"prod1:{secrets.token_urlsafe(48)}",
            "ZHENGWU_ALLOWED_HOSTS": "zw.example.gov.cn",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    assert "ZHENGWU_S3_BUCKET" in result.stderr and "Traceback" not in result.stderr


def test_secret_key_file_is_read(tmp_path: Path) -> None:
    key_file = tmp_path / "secret"
    key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    result = run_cli(
        "check",
        extra_env={
            "ZHENGWU_ENV": "production",
            "SECRET_KEY_FILE": str(key_file),
            "ZHENGWU_AUDIT_KEYS": f"prod1:{secrets.token_urlsafe(48)}",
            "ZHENGWU_ALLOWED_HOSTS": "zw.example.gov.cn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}",
            "ZHENGWU_S3_BUCKET": "zhengwu-files",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr


def test_bad_database_url_is_refused_by_name(tmp_path: Path) -> None:
    result = run_cli("check", extra_env={"DATABASE_URL": "nonsense://x"}, tmp_path=tmp_path)
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr


def test_env_helpers_parse_and_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZW_T_BOOL", "yes")
    monkeypatch.setenv("ZW_T_INT", "12")
    monkeypatch.setenv("ZW_T_LIST", "a.example, b.example ,")
    assert env.env_bool("ZW_T_BOOL", False) is True
    assert env.env_int("ZW_T_INT", 1) == 12
    assert env.env_list("ZW_T_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("ZW_T_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured, match="ZW_T_BOOL"):
        env.env_bool("ZW_T_BOOL", False)
    monkeypatch.setenv("ZW_T_INT", "twelve")
    with pytest.raises(ImproperlyConfigured, match="ZW_T_INT"):
        env.env_int("ZW_T_INT", 1)
    with pytest.raises(ImproperlyConfigured, match="ZW_T_MISSING"):
        env.env_str("ZW_T_MISSING")


def test_email_url_forms() -> None:
    smtp = parse_email_url("smtp://user:p%40ss@mail.example.gov.cn:587?tls=1")
    assert smtp["EMAIL_HOST"] == "mail.example.gov.cn"
    assert smtp["EMAIL_PORT"] == 587
    assert smtp["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert smtp["EMAIL_USE_TLS"] is True
    assert parse_email_url("file:///var/mail/zw")["EMAIL_FILE_PATH"] == "/var/mail/zw"
    with pytest.raises(ImproperlyConfigured):
        parse_email_url("carrier-pigeon://x")


def test_console_script_passes_management_commands_through(tmp_path: Path) -> None:
    result = run_cli("help", extra_env={}, tmp_path=tmp_path)
    assert result.returncode == 0
    for command in ("migrate", "runserver", "demo", "audit", "serve"):
        assert command in result.stdout
