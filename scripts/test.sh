#!/usr/bin/env bash
# Lint, translations, then every test suite on SQLite and then on a throwaway PostgreSQL cluster,
# each spread over pytest-xdist workers (make test). One suite after the other: each keeps the
# machine's cores busy on its own, and two at once on two cores took longer than the two in turn
# (docs/benchmarks.md).
#
#   bash scripts/test.sh [pytest arguments]          # everything (make test)
#   bash scripts/test.sh --fast [pytest arguments]   # SQLite only, no browser, no whole-system
#                                                    # walks, no servers of their own (make test-fast)
#
# ZHENGWU_FAIL_ON_SKIP=1 (set by .ci/run) turns any skipped test or suite into a failure.
# ZHENGWU_TEST_WORKERS sets the xdist workers per database (default: the machine's cores; 0 runs
# without xdist).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export ZHENGWU_ENV=test
strict="${ZHENGWU_FAIL_ON_SKIP:-0}"
fast=0
if [ "${1:-}" = "--fast" ]; then
  fast=1
  shift
fi
cores="$(nproc 2>/dev/null || echo 2)"
workers="${ZHENGWU_TEST_WORKERS:-$cores}"
# loadgroup: the browser tests form one group (conftest.py), run by one worker, one Chromium.
xdist=()
[ "$workers" != "0" ] && xdist=(-n "$workers" --dist loadgroup)
started=$SECONDS

if [ "$fast" = "1" ]; then
  # Left out here, run by make test: the walks (marker `walk`: every page and operation as every
  # kind of person) and the tests that start servers and workers of their own (`one_database`:
  # restarts, killed workers, two instances). A -m of one's own after --fast replaces this one.
  echo "== tests on SQLite, no browser, no whole-system walks or own servers ($workers workers)"
  ZHENGWU_TEST_DB_LABEL=sqlite $BIN/python -m pytest -q "${xdist[@]}" \
    -m "not e2e and not walk and not one_database" "$@"
  echo "== done in $((SECONDS - started)) s"
  exit 0
fi

echo "== lint (ruff)"
$BIN/ruff check .
$BIN/ruff format --check .

echo "== translations"
$BIN/python scripts/messages.py check

echo "== migrations are complete"
DATABASE_URL="sqlite:///$(mktemp -d)/check.sqlite3" $BIN/zhengwu makemigrations --check --dry-run >/dev/null

pg_found=1
if ! command -v pg_ctl >/dev/null && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  pg_found=0
fi

# The suites run one after the other; each line is shown as it comes, prefixed with its database.
statuses="$(mktemp -d /tmp/zhengwu-test.XXXXXX)"
trap 'rm -rf "$statuses"' EXIT
run_suite() {  # label command...
  local label="$1"
  shift
  { set +e; "$@" 2>&1; echo $? >"$statuses/$label"; } | tee "$statuses/$label.log" | sed -u "s/^/[$label] /"
}
unset DATABASE_URL
echo "== tests on SQLite, then on PostgreSQL ($workers workers each)"
ZHENGWU_TEST_DB_LABEL=sqlite run_suite sqlite $BIN/python -m pytest "${xdist[@]}" "$@"
echo "== SQLite suite done at $((SECONDS - started)) s"
if [ "$pg_found" = "1" ]; then
  ZHENGWU_TEST_DB_LABEL=postgresql run_suite postgresql \
    bash scripts/with-postgres.sh $BIN/python -m pytest "${xdist[@]}" -m "not one_database" "$@"
fi

status=0
expected=(sqlite)
[ "$pg_found" = "1" ] && expected+=(postgresql)
for label in "${expected[@]}"; do
  code="$(cat "$statuses/$label" 2>/dev/null || echo "none")"
  if [ "$code" = "0" ]; then echo "== $label: passed"; else echo "== $label: FAILED (exit $code)"; status=1; fi
done
if [ "$pg_found" = "0" ]; then
  echo "PostgreSQL binaries not found: PostgreSQL suite SKIPPED (bash scripts/system-packages.sh)"
  [ "$strict" = "1" ] && { echo "FAIL: a skipped suite is a failure here"; status=1; }
fi
echo "== tests done in $((SECONDS - started)) s"
# One plain closing line per suite and one for both, as "N passed, N failed" (failed counts errors).
$BIN/python - "$statuses" "${expected[@]}" <<'PY'
import re, sys
from pathlib import Path
folder, labels = Path(sys.argv[1]), sys.argv[2:]
total = [0, 0, 0]
for label in labels:
    log = folder / f"{label}.log"
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    closing = next((l for l in reversed(lines) if re.search(r"\d+ (passed|failed|error)", l)), "")
    n = {k: sum(int(x) for x in re.findall(rf"(\d+) {k}", closing)) for k in ("passed", "failed", "error", "skipped")}
    counts = [n["passed"], n["failed"] + n["error"], n["skipped"]]
    total = [a + b for a, b in zip(total, counts)]
    print(f"{label}: {counts[0]} passed, {counts[1]} failed, {counts[2]} skipped")
print(f"total: {total[0]} passed, {total[1]} failed, {total[2]} skipped")
PY
exit "$status"
