"""Load: many people at once against gunicorn + PostgreSQL + Redis, started here as in production.

    .venv/bin/python benchmarks/load.py [--users 200] [--seconds 60] [--workers 4]

Starts a PostgreSQL cluster, redis-server and gunicorn (production settings, the demo loaded),
then locust headless from its own virtualenv (.venv-bench, requirements/bench.txt, made on first
use): visitors reading and searching the portal (most of the traffic), applicants submitting
applications, staff working the ledger through the API. Prints locust's table, then as its last
line `users=U rps=R p95_ms=P errors=E`. Everything is stopped afterwards. The machine's load
average is printed too: record both in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import secrets
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
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    locust = locust_binary()
    deploy = deploy_module()
    stack = deploy.Stack()
    try:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("ZHENGWU_", "DATABASE"))},
            "ZHENGWU_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "zhengwu.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ZHENGWU_AUDIT_KEYS": f"k1:{secrets.token_urlsafe(48)}",
            "ZHENGWU_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "ZHENGWU_SSL_REDIRECT": "0",  # plain HTTP on loopback: no proxy in front here
            "DATABASE_URL": stack.postgresql(),
            "REDIS_URL": stack.redis(),
            "ZHENGWU_VAR_DIR": str(stack.dir / "var"),
            "ZHENGWU_MEDIA_ROOT": str(stack.dir / "media"),
            "ZHENGWU_CAPTCHA": "off",
            "ZHENGWU_INTAKE_RATE": "0",
            "ZHENGWU_LOG_LEVEL": "WARNING",
        }
        (stack.dir / "var").mkdir()
        deploy.zhengwu(env, "migrate", "-v0")
        deploy.zhengwu(env, "collectstatic", "--noinput", "-v0")  # production's manifest storage
        deploy.zhengwu(env, "demo", "--no-logins")
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
        port = deploy.free_port()
        stack.spawn("gunicorn", [
            sys.executable, "-m", "gunicorn", "zhengwu.wsgi:application", "--bind",
            f"127.0.0.1:{port}", "--workers", str(args.workers), "--threads", "8",
            "--backlog", "2048", "--config", "python:zhengwu.core.gunicorn_conf",
        ], env={**env, "PROMETHEUS_MULTIPROC_DIR": str(stack.dir / "var")})  # fmt: skip
        import requests

        base = f"http://127.0.0.1:{port}"
        deploy.wait_until("gunicorn", lambda: requests.get(f"{base}/healthz", timeout=2).ok)
        for path in ("/", "/catalogue/", "/search/?q=环评"):  # first readings out of the way
            requests.get(base + path, timeout=30)
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
        print(done.stderr[-4000:] if done.returncode else done.stdout[-4000:], flush=True)
        with open(f"{csv_prefix}_stats.csv", newline="") as handle:
            rows = list(csv.DictReader(handle))
        total = next(r for r in rows if r["Name"] == "Aggregated")
        print(
            f"machine: {os.cpu_count()} cores, load average {load_before[0]:.2f} before, "
            f"{load_after[0]:.2f} after; gunicorn {args.workers} workers x 8 threads",
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
