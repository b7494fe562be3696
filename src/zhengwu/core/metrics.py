"""Prometheus metrics for operators: requests, latency, queue depth, sweep duration, overdue counts.

Counters and histograms are written by the process that observes them (each gunicorn worker, each
huey worker). Under `zhengwu serve`, or wherever PROMETHEUS_MULTIPROC_DIR is set, prometheus_client
keeps them in files in that directory and `/metrics` adds up every process's files, so a scrape
through any web worker sees the whole machine. Gauges that describe the data (queue depth, overdue
deadlines) are read from the queue and the database at scrape time, so they are the same whichever
process answers.

The route label is the URL pattern ("supervision/tasks/<int:pk>/"), never the path asked for, so a
visitor cannot grow the label set. The figures are installation-wide and name no bureau, task or
person; the endpoint answers only to loopback addresses or to a bearer token
(ZHENGWU_METRICS_TOKEN), because it is for the operators' monitoring, not for staff or the public.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

REQUESTS = Counter(
    "zhengwu_http_requests_total",
    "HTTP requests answered, by method, URL pattern and status code.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "zhengwu_http_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0, 10.0),
)
SWEEP_SECONDS = Histogram(
    "zhengwu_sweep_duration_seconds",
    "Duration of the overdue-warning sweep and its follow-ups.",
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)
JOBS = Counter(
    "zhengwu_jobs_total",
    "Background jobs finished, by job name and outcome.",
    ["job", "outcome"],
)


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return "/" + (match.route or "").lstrip("^/").rstrip("$")


class MetricsMiddleware:
    """Counts every answered request and its duration (placed first, so it sees all of them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        route = _route(request)
        if route != "/metrics":
            LATENCY.labels(request.method, route).observe(time.perf_counter() - started)
            REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        return response


class DataCollector:
    """Gauges read from the queue and the database when Prometheus scrapes."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from huey.contrib.djhuey import HUEY

        queue = GaugeMetricFamily(
            "zhengwu_queue_pending", "Background jobs waiting in the queue.", labels=[]
        )
        try:
            queue.add_metric([], HUEY.pending_count())
        except Exception:
            queue.add_metric([], float("nan"))
        yield queue

        overdue = GaugeMetricFamily(
            "zhengwu_deadlines_overdue",
            "Open deadlines past their due date, by kind of owner and warning level reached.",
            labels=["owner_type", "warning_level"],
        )
        from django.db.models import Count

        from zhengwu.core import clock
        from zhengwu.workdays.models import Deadline, DeadlineStatus

        rows = (
            Deadline.objects.filter(status=DeadlineStatus.OPEN, due_date__lt=clock.today())
            .values("owner_type", "warning_level")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            overdue.add_metric([row["owner_type"], str(row["warning_level"])], row["n"])
        yield overdue


def _allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "ZHENGWU_METRICS_TOKEN", "") or ""
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer "):
        return hmac.compare_digest(given[7:].encode(), token.encode())
    # REMOTE_ADDR is the peer: behind nginx that is nginx itself, so a deployment that proxies
    # /metrics must either keep it internal in nginx or set the token.
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def registry() -> CollectorRegistry:
    reg = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(reg)
    else:
        for collector in (REQUESTS, LATENCY, SWEEP_SECONDS, JOBS):
            reg.register(collector)
    reg.register(DataCollector())
    return reg


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        return HttpResponse(status=404)
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
