#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: initdb in a temporary folder, start it on a
# free loopback port, export DATABASE_URL, run the command, then stop and remove the cluster.
# The work is done by src/zhengwu/core/pgcluster.py (standard library only), which the restart
# test, make deploy-test and the benchmarks use too.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="$root/.venv/bin/python"
[ -x "$python" ] || python="python3"
# -P: the module's folder holds modules named like the standard library's (selectors).
exec "$python" -P "$root/src/zhengwu/core/pgcluster.py" -- "$@"
