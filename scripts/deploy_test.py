"""`make deploy-test`: a city's deployment on this machine, started as operators start it, driven
through its front door, then stopped.

Started (all on loopback, all under one temporary folder, nothing left behind, no root changes):
PostgreSQL (Debian's server binaries, its own cluster), Redis (redis-server), an S3 API (moto's
server mode) holding the stored files through django-storages, two gunicorn instances, two huey
workers, and nginx terminating TLS in front of them and serving the static files itself. The site
runs with ZHENGWU_ENV=production, after `zhengwu check --deploy` finds nothing to report.

The scenario, through nginx over HTTPS only:
  staff (API tokens) draft an item with an attachment, pass it through review and approval and
  publish it; a visitor finds it with the portal search and downloads the attachment (read from
  the bucket); the office records a task assigned weeks ago, a worker runs the sweep and raises
  its overdue warning, and the assignment's e-mail is delivered by a worker.

The last line says what ran. Exit status 0 when every step held, 1 otherwise.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import boto3
import requests
import urllib3

from zhengwu.core.pgcluster import Cluster, NotInstalled
from zhengwu.core.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)  # our own test cert


def clock_today() -> dt.date:
    """The bureau's day (Asia/Shanghai), as the site counts it."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()


def say(message: str) -> None:
    print(f"deploy-test: {message}", flush=True)


def wait_until(what: str, check: Callable[[], bool], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # not up yet
            pass
        time.sleep(0.3)
    raise SystemExit(f"deploy-test: FAILED — {what} did not happen within {seconds:.0f} s")


class Stack:
    """Everything started, in order, so that it can all be stopped in reverse order."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="zhengwu-deploy-"))
        self.dir.chmod(0o755)  # the postgres and nginx users read below it
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.stoppers: list[tuple[str, Callable[[], None]]] = []
        self.ran: list[str] = []

    def spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        log = open(self.dir / f"{name}.log", "wb")  # noqa: SIM115 - kept open while it runs
        process = subprocess.Popen(
            argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((name, process))

    def stop(self) -> None:
        # The processes first (nginx, then the web and the workers), the database last: a request
        # still in flight ends normally instead of meeting a stopped database.
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for _name, process in reversed(self.processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
        for _name, stopper in reversed(self.stoppers):
            with contextlib.suppress(Exception):
                stopper()
        if os.environ.get("ZHENGWU_DEPLOY_KEEP"):
            say(f"kept {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.dir / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    # --- the parts ---------------------------------------------------------------------------

    def postgresql(self) -> str:
        try:
            cluster = Cluster(prefix="zhengwu-deploy-pg-", fast=False)
        except NotInstalled as exc:
            raise SystemExit(f"deploy-test: {exc}") from exc
        self.stoppers.append(("postgresql", cluster.remove))
        self.ran.append(f"PostgreSQL {cluster.version()}")
        return cluster.create_database("zhengwu")

    def redis(self) -> str:
        port = free_port()
        argv = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(self.dir)]  # fmt: skip
        self.spawn("redis", argv)
        import redis as redis_client

        client = redis_client.Redis(port=port)
        wait_until("redis answering", lambda: client.ping())
        self.ran.append(f"Redis {client.info()['redis_version']}")
        return f"redis://127.0.0.1:{port}/0"

    def object_storage(self) -> tuple[str, str]:
        port = free_port()
        self.spawn("s3", [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)])
        endpoint = f"http://127.0.0.1:{port}"
        wait_until("the S3 API answering", lambda: requests.get(endpoint, timeout=2).ok)
        s3 = boto3.client(
            "s3", endpoint_url=endpoint, aws_access_key_id="deploy",
            aws_secret_access_key="deploy-secret", region_name="us-east-1",
        )  # fmt: skip
        s3.create_bucket(Bucket="zhengwu-files")
        self.ran.append("S3 object storage (moto server, django-storages)")
        return endpoint, "zhengwu-files"

    def certificate(self) -> tuple[Path, Path]:
        cert, key = self.dir / "tls.crt", self.dir / "tls.key"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        key.chmod(0o644)
        return cert, key

    def nginx(self, upstreams: list[int], static_root: Path) -> int:
        port = free_port()
        cert, key = self.certificate()
        temp = self.dir / "nginx-temp"
        temp.mkdir()
        temp.chmod(0o777)
        user = "user root root;" if os.getuid() == 0 else ""
        servers = "\n".join(f"    server 127.0.0.1:{p};" for p in upstreams)
        config = self.dir / "nginx.conf"
        config.write_text(f"""
{user}
worker_processes auto;
pid {self.dir}/nginx.pid;
error_log {self.dir}/nginx-error.log warn;
# Each visitor holds one connection and, while a request is passed on, one to gunicorn.
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  log_format timed '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                   'rt=$request_time urt=$upstream_response_time rid=$request_id';
  access_log {self.dir}/nginx-access.log timed;
  client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;
  fastcgi_temp_path {temp}/fastcgi; uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
  client_max_body_size 25m;
  keepalive_timeout 65s;
  # Idle connections to gunicorn are kept and reused (no TCP set-up per request); nginx closes
  # them after 60 s, before gunicorn would (its keepalive is 75 s, core/gunicorn_conf.py), so a
  # request is never sent on a connection gunicorn is closing at that moment (a reset).
  upstream zhengwu {{
{servers}
    keepalive 32;
    keepalive_timeout 60s;
  }}
  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    ssl_session_cache shared:TLS:10m;
    location /static/ {{
      alias {static_root}/;
      expires 30d;
      add_header X-Served-By nginx;
    }}
    location = /metrics {{ deny all; }}
    location / {{
      proxy_pass http://zhengwu;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Request-ID $request_id;
    }}
  }}
}}
""")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        subprocess.run([nginx, "-t", "-c", str(config), "-p", str(self.dir)], check=True,
                       capture_output=True, timeout=30)  # fmt: skip
        self.spawn("nginx", [nginx, "-c", str(config), "-p", str(self.dir), "-g", "daemon off;"])
        version = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr.strip()
        self.ran.append(f"{version.split(': ')[-1]} (TLS, static files)")
        return port


def zhengwu(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PYTHON, "-m", "zhengwu.cli", *args], env=env, capture_output=True,
                          text=True, timeout=900)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(
            f"deploy-test: FAILED — zhengwu {' '.join(args)}:\n{done.stdout[-3000:]}"
            f"{done.stderr[-3000:]}"
        )
    return done.stdout


def scenario(env: dict[str, str], base: str, stack: Stack, s3_endpoint: str) -> list[str]:
    steps: list[str] = []
    web = requests.Session()
    web.trust_env = False  # no proxy or CA bundle from the environment: our own test certificate
    web.verify = False

    def api(user_token: str, method: str, path: str, **kwargs) -> dict:
        response = web.request(method, f"{base}/api/v1{path}",
                               headers={"Authorization": f"Bearer {user_token}"}, timeout=60,
                               **kwargs)  # fmt: skip
        if response.status_code >= 300:
            raise SystemExit(f"deploy-test: FAILED — {method} {path}: {response.status_code} "
                             f"{response.text[:500]}")  # fmt: skip
        return response.json() if response.content else {}

    tokens = {
        name: zhengwu(env, "apitoken", name, "deploy-test").strip().splitlines()[-1]
        for name in ("air_liaison", "reviewer", "director", "office_head", "office_zhou")
    }
    ids = json.loads(
        zhengwu(
            env,
            "shell",
            "-c",
            (
                "import json; from zhengwu.org.models import Person, OrgUnit;"
                "from zhengwu.disclosure.models import Category;"
                "p = Person.objects.get(username='air_liaison');"
                "print(json.dumps({'category': Category.objects.filter(children__isnull=True)"
                ".order_by('pk').first().pk, 'unit': p.unit_id, 'leader': "
                "Person.objects.get(username='deputy_zhao').pk}))"
            ),
        )
        .strip()
        .splitlines()[-1]
    )

    # The front door: HTTP is TLS only, static files come from nginx, pages from gunicorn.
    home = web.get(f"{base}/", timeout=30)
    assert home.status_code == 200 and "<html" in home.text, home.status_code
    css = web.get(f"{base}/static/core/zhengwu.css", timeout=30)
    assert css.status_code == 200 and css.headers.get("X-Served-By") == "nginx"
    ready = web.get(f"{base}/readyz", timeout=30).json()
    assert ready["status"] == "ready", ready
    assert web.get(f"{base}/metrics", timeout=30).status_code == 403  # internal only
    steps.append("portal and static files over TLS")

    # Staff publish an item with an attachment through every gate.
    word = f"部署验证{secrets.token_hex(3)}"
    item = api(tokens["air_liaison"], "POST", "/disclosure/items", json={
        "title": f"关于{word}工作安排的通知", "category_id": ids["category"],
        "formed_on": clock_today().isoformat(), "body": f"{word}：本通知用于部署验证。",
        "publisher_unit_id": ids["unit"],
    })  # fmt: skip
    attachment_bytes = f"{word} 附件正文：办理依据、办理流程。\n".encode()
    api(tokens["air_liaison"], "POST", f"/disclosure/items/{item['id']}/attachments",
        files={"file": ("附件.txt", attachment_bytes, "text/plain")},
        data={"description": "部署验证附件"})  # fmt: skip
    api(tokens["air_liaison"], "POST", f"/disclosure/items/{item['id']}/submit")
    api(tokens["reviewer"], "POST", f"/disclosure/items/{item['id']}/review",
        json={"conclusion": "passed"})  # fmt: skip
    api(tokens["director"], "POST", f"/disclosure/items/{item['id']}/approve")
    published = api(tokens["office_head"], "POST", f"/disclosure/items/{item['id']}/publish",
                    json={"channels": []})  # fmt: skip
    assert published["status"] == "published", published
    steps.append("staff published an item")

    # A visitor finds it and downloads the attachment, which lives in the bucket.
    def found() -> bool:
        results = web.get(f"{base}/search/", params={"q": "部署验证"}, timeout=30)
        return f"/info/{item['id']}/" in results.text  # the title itself comes highlighted

    try:
        wait_until("the published item in the portal search", found, 60)
    except SystemExit:
        info = web.get(f"{base}/info/{item['id']}/", timeout=30)
        results = web.get(f"{base}/search/", params={"q": "部署验证"}, timeout=30)
        import re as _re

        text = _re.sub(r"<[^>]+>", " ", results.text)
        say(f"item page {info.status_code}; search {results.status_code}: "
            f"{' '.join(text.split())[:1500]}")  # fmt: skip
        raise
    page = web.get(f"{base}/info/{item['id']}/", timeout=30).text
    import re

    link = re.search(r'href="(/files/\d+/)"', page)
    assert link, "the item page links its attachment"
    download = web.get(f"{base}{link.group(1)}", timeout=30)
    assert download.status_code == 200 and download.content == attachment_bytes
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, aws_access_key_id="deploy",
                      aws_secret_access_key="deploy-secret", region_name="us-east-1")  # fmt: skip
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="zhengwu-files").get("Contents", [])]
    assert any(k.endswith(".txt") for k in keys), keys
    steps.append("visitor searched and downloaded the attachment from object storage")

    # A task assigned five weeks ago (recorded late): a worker's sweep raises its warning.
    assigned = clock_today() - dt.timedelta(days=35)
    task = api(tokens["office_zhou"], "POST", "/supervision/tasks", json={
        "title": f"落实{word}整改任务", "lead_unit_id": ids["unit"],
        "instructing_leader_id": ids["leader"], "assigned_on": assigned.isoformat(),
    })  # fmt: skip
    zhengwu(env, "shell", "-c", "from zhengwu.warnings.jobs import sweep_task; sweep_task()")

    def warned() -> bool:
        milestones = api(
            tokens["office_zhou"], "GET", f"/supervision/tasks/{task['id']}/milestones"
        )
        return any(m["warning_level"] >= 1 for m in milestones)

    wait_until("a worker raising the overdue warning", warned, 120)
    steps.append("task assigned, warning raised by a worker")

    # The assignment's e-mail, delivered by a worker to the mail folder (Django's file backend:
    # messages one after another, separated by a line of dashes).
    mail = Path(env["ZHENGWU_MAIL_DIR"])

    def delivered() -> bool:
        import email
        from email import policy

        for path in mail.glob("*"):
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if not raw.strip():
                    continue
                message = email.message_from_bytes(raw.strip(), policy=policy.default)
                body = message.get_body(("plain", "html"))
                text = f"{message['subject']} {body.get_content() if body else ''}"
                if task["title"] in text:
                    return True
        return False

    wait_until("the assignment e-mail delivered by a worker", delivered, 120)
    steps.append("notification e-mail delivered")
    return steps


@dataclass
class Deployment:
    """What `start` brought up: the environment the site runs with and its front door."""

    env: dict[str, str]
    base: str  # https://127.0.0.1:PORT, nginx
    s3_endpoint: str
    gunicorn_ports: list[int]


def start(
    stack: Stack,
    *,
    gunicorn_workers: int = 2,
    gunicorn_threads: int = 4,
    overrides: dict[str, str] | None = None,
) -> Deployment:
    """Start the deployment (everything but the scenario) into `stack`; `benchmarks/load.py` uses
    it too. `overrides` are settings of the environment applied after `check --deploy` (a
    benchmark's captcha off and no intake rate limit, which that check rightly warns about)."""
    database_url = stack.postgresql()
    redis_url = stack.redis()
    s3_endpoint, bucket = stack.object_storage()
    var = stack.dir / "var"
    var.mkdir()
    var.chmod(0o755)
    mail = stack.dir / "mail"
    mail.mkdir()
    gunicorn_ports = [free_port(), free_port()]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ZHENGWU_", "DATABASE"))},
        "ZHENGWU_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "zhengwu.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ZHENGWU_AUDIT_KEYS": f"k1:{secrets.token_urlsafe(48)}",
        "ZHENGWU_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ZHENGWU_S3_BUCKET": bucket,
        "ZHENGWU_S3_ENDPOINT_URL": s3_endpoint,
        "ZHENGWU_S3_REGION": "us-east-1",
        "ZHENGWU_S3_ACCESS_KEY": "deploy",
        "ZHENGWU_S3_SECRET_KEY": "deploy-secret",
        "ZHENGWU_VAR_DIR": str(var),
        "ZHENGWU_EMAIL_URL": f"file://{mail}",
        "ZHENGWU_MAIL_DIR": str(mail),
        "ZHENGWU_HUEY_NAME": "zhengwu-deploy",
    }
    checked = zhengwu(env, "check", "--deploy", "--fail-level", "WARNING")
    assert "no issues" in checked, checked
    env.update(overrides or {})
    zhengwu(env, "migrate", "-v0")
    zhengwu(env, "collectstatic", "--noinput", "-v0")
    zhengwu(env, "demo", "--no-logins")
    static_root = var / "static"
    for path in [static_root, *static_root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    for i, port in enumerate(gunicorn_ports, start=1):
        metrics = stack.dir / f"metrics-{i}"
        metrics.mkdir()
        stack.spawn(f"gunicorn-{i}", [
            PYTHON, "-m", "gunicorn", "zhengwu.wsgi:application", "--bind",
            f"127.0.0.1:{port}", "--workers", str(gunicorn_workers),
            "--threads", str(gunicorn_threads),
            "--config", "python:zhengwu.core.gunicorn_conf",
            "--forwarded-allow-ips", "127.0.0.1",
        ], env={**env, "PROMETHEUS_MULTIPROC_DIR": str(metrics)})  # fmt: skip
    for i in (1, 2):
        stack.spawn(f"huey-{i}", [PYTHON, "-m", "zhengwu.cli", "run_huey"], env=env)
    stack.ran += [
        f"2 gunicorn instances ({gunicorn_workers} workers x {gunicorn_threads} threads each)",
        "2 huey workers",
    ]
    secure = {"X-Forwarded-Proto": "https"}  # as nginx says; production redirects plain HTTP
    for port in gunicorn_ports:
        url = f"http://127.0.0.1:{port}/healthz"
        wait_until(f"gunicorn on {port}",
                   lambda u=url: requests.get(u, timeout=2, headers=secure).ok)  # fmt: skip
    https_port = stack.nginx(gunicorn_ports, static_root)
    base = f"https://127.0.0.1:{https_port}"
    probe = requests.Session()
    probe.trust_env = False
    wait_until("nginx", lambda: probe.get(f"{base}/healthz", verify=False, timeout=2).ok)
    return Deployment(env=env, base=base, s3_endpoint=s3_endpoint, gunicorn_ports=gunicorn_ports)


def report_failure(stack: Stack, failure: BaseException) -> None:
    say(f"FAILED — {failure or 'an assertion'}")
    for name, _process in stack.processes:
        tail = stack.log_tail(name, 15)
        if tail:
            print(f"--- {name} (last lines)\n{tail}", flush=True)


def main() -> int:
    stack = Stack()
    started = time.monotonic()
    try:
        deployment = start(stack)
        steps = scenario(deployment.env, deployment.base, stack, deployment.s3_endpoint)
    except (AssertionError, SystemExit) as failure:
        report_failure(stack, failure)
        stack.stop()
        return 1
    finally:
        if stack.dir.exists() and any(p.poll() is None for _n, p in stack.processes):
            stack.stop()
    say(f"passed in {time.monotonic() - started:.0f} s — ran {', '.join(stack.ran)}; "
        f"scenario: {'; '.join(steps)}; all stopped")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
