#!/usr/bin/env bash
# Lint, translations, then every test suite on SQLite and on a throwaway PostgreSQL cluster.
# ZHENGWU_FAIL_ON_SKIP=1 (set by .ci/run) turns any skipped test or suite into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export ZHENGWU_ENV=test
strict="${ZHENGWU_FAIL_ON_SKIP:-0}"

echo "== lint (ruff)"
$BIN/ruff check .
$BIN/ruff format --check .

echo "== translations"
$BIN/python scripts/messages.py check

echo "== migrations are complete"
DATABASE_URL="sqlite:///$(mktemp -d)/check.sqlite3" $BIN/zhengwu makemigrations --check --dry-run >/dev/null

echo "== tests on SQLite"
unset DATABASE_URL
ZHENGWU_TEST_DB_LABEL=sqlite $BIN/python -m pytest "$@"

echo "== tests on PostgreSQL"
if ! bash scripts/with-postgres.sh true >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "PostgreSQL binaries not found: PostgreSQL suite SKIPPED"
  if [ "$strict" = "1" ]; then echo "FAIL: a skipped suite is a failure here"; exit 1; fi
  exit 0
fi
ZHENGWU_TEST_DB_LABEL=postgresql bash scripts/with-postgres.sh $BIN/python -m pytest "$@"
