#!/usr/bin/env bash
# Run every benchmark in benchmarks/ with the project's virtualenv (make bench).
# Record the figures in docs/benchmarks.md, with the machine they were measured on.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-zhengwu.settings}"
status=0
for bench in benchmarks/*.py; do
  echo "== $bench"
  "$PY" "$bench" || status=1
done
exit "$status"
