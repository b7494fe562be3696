"""Load: many people at once against the deployment of `make deploy-test`, started here.

    .venv/bin/python benchmarks/load.py [--users 200] [--seconds 60] [--workers 2] [--threads 4]

Starts what `scripts/deploy_test.py` starts (its `start`, without its scenario): PostgreSQL, Redis,
an S3 API (moto), two gunicorn instances (production settings, `core/gunicorn_conf.py`, WORKERS
x THREADS each), two huey workers and nginx terminating TLS in front of them with keep-alive
connections to both; the demo is loaded. Then locust runs headless from its own virtualenv
(.venv-bench, requirements/bench.txt, made on first use) against nginx over HTTPS: visitors reading
and searching the portal (most of the traffic), applicants submitting applications, staff working
the ledger through the API (benchmarks/load/locustfile.py). Prints locust's table and failures,
then as its last line `users=U rps=R p95_ms=P errors=E`. Everything is stopped afterwards. The
machine's load average is printed too: record both in docs/benchmarks.md.

Errors are every failed request: a connection error or timeout, and every answer 400 or above —
none is expected. Two settings differ from a city's production, for the benchmark only, because
every locust user comes from one address (127.0.0.1, through nginx): the captcha is off
(ZHENGWU_CAPTCHA=off; a program cannot read it) and the per-address rate limit of submissions is
lifted (ZHENGWU_INTAKE_RATE=0), since its 30 an hour would answer 429 to nearly every submission.
`zhengwu check --deploy` runs before they are applied. No client timeout is set: a slow answer
counts in the percentiles, not as an error.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VENV = ROOT / ".venv-bench"


def deploy_module():  # the stack helpers of make deploy-test
    spec = importlib.util.spec_from_file_location(
        "deploy_test", ROOT / "scripts" / "deploy_test.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def locust_binary() -> Path:
    binary = BENCH_VENV / "bin" / "locust"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run(
            [str(BENCH_VENV / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
             "-r", str(ROOT / "requirements" / "bench.txt")],
            check=True,
        )  # fmt: skip
    return binary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2, help="per gunicorn instance")
    parser.add_argument("--threads", type=int, default=4, help="per gunicorn worker")
    args = parser.parse_args()
    locust = locust_binary()
    deploy = deploy_module()
    stack = deploy.Stack()
    try:
        try:
            deployment = deploy.start(
                stack, gunicorn_workers=args.workers, gunicorn_threads=args.threads,
                overrides={"ZHENGWU_CAPTCHA": "off", "ZHENGWU_INTAKE_RATE": "0",
                           "ZHENGWU_LOG_LEVEL": "WARNING"},
            )  # fmt: skip
        except (AssertionError, SystemExit) as failure:
            deploy.report_failure(stack, failure)
            return 1
        env, base = deployment.env, deployment.base
        ids = json.loads(deploy.zhengwu(env, "shell", "-c", (
            "import json; from zhengwu.disclosure.selectors import public_items;"
            "from zhengwu.supervision.models import Task;"
            "from zhengwu.org.models import Bureau;"
            "b = Bureau.objects.get(code='SLJ-HB');"
            "print(json.dumps({'items': list(public_items().values_list('pk', flat=True)),"
            "'tasks': list(Task.objects.filter(bureau=b, confidential=False)"
            ".values_list('pk', flat=True))}))"
        )).strip().splitlines()[-1])  # fmt: skip
        token = deploy.zhengwu(env, "apitoken", "office_zhou", "load").strip().splitlines()[-1]
        import requests

        web = requests.Session()
        web.trust_env, web.verify = False, False  # the deployment's own test certificate
        for path in ("/", "/catalogue/", "/search/?q=环评"):  # first readings out of the way
            web.get(base + path, timeout=30)
        csv_prefix = stack.dir / "locust"
        load_before = os.getloadavg()
        done = subprocess.run(
            [str(locust), "-f", str(ROOT / "benchmarks" / "load" / "locustfile.py"), "--headless",
             "-u", str(args.users), "-r", str(max(1, args.users // 10)), "-t", f"{args.seconds}s",
             "--host", base, "--csv", str(csv_prefix), "--only-summary"],
            env={**os.environ, "ZW_ITEMS": ",".join(map(str, ids["items"])),
                 "ZW_TASKS": ",".join(map(str, ids["tasks"])), "ZW_TOKEN": token},
            capture_output=True, text=True, timeout=args.seconds + 300,
        )  # fmt: skip
        load_after = os.getloadavg()
        print((done.stdout + done.stderr)[-6000:], flush=True)  # locust's table is on stderr
        with open(f"{csv_prefix}_stats.csv", newline="") as handle:
            rows = list(csv.DictReader(handle))
        with open(f"{csv_prefix}_failures.csv", newline="") as handle:
            for row in csv.DictReader(handle):
                print(f"failed: {row['Occurrences']} x {row['Method']} {row['Name']}: "
                      f"{row['Error']}", flush=True)  # fmt: skip
        total = next(r for r in rows if r["Name"] == "Aggregated")
        print(
            f"machine: {os.cpu_count()} cores, load average {load_before[0]:.2f} before, "
            f"{load_after[0]:.2f} after; ran {', '.join(stack.ran)}",
            flush=True,
        )
        print(
            f"users={args.users} rps={float(total['Requests/s']):.1f} "
            f"p95_ms={float(total['95%']):.0f} errors={int(total['Failure Count'])}",
            flush=True,
        )
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
