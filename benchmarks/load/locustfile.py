"""The traffic of `benchmarks/load.py`: mostly visitors reading and searching the portal, some
applicants submitting applications, some staff working the ledger through the API.

Run by locust in its own virtualenv (.venv-bench); everything it needs comes in environment
variables that load.py sets: ZW_ITEMS (public item ids), ZW_TASKS (task ids), ZW_TOKEN (a staff
API token). The host is nginx over HTTPS with the deployment's own test certificate.

The users are FastHttpUser (geventhttpclient): the load generator shares the machine's two cores
with the site, and it costs a fraction of the CPU of requests. It does not verify the certificate,
retries nothing (max_retries 0), keeps one connection per user and gives up on a request after
60 s (a failure, so an error in the last line). Every answer 400 or above is a failure."""

from __future__ import annotations

import os
import random

from locust import FastHttpUser, between, task

ITEMS = [int(i) for i in os.environ.get("ZW_ITEMS", "").split(",") if i]
TASKS = [int(i) for i in os.environ.get("ZW_TASKS", "").split(",") if i]
TOKEN = os.environ.get("ZW_TOKEN", "")
TERMS = [
    "环评",
    "大气",
    "水环境",
    "排污许可",
    "预算",
    "扬尘",
    "监测",
    "办事指南",
    "应急预案",
    "固体废物",
]
APPLICATION = {
    "applicant_kind": "natural_person", "name": "张三", "id_type": "resident_id",
    "id_number": "11010519491231002X", "phone": "13800138000", "email": "zhangsan@example.com",
    "description": "2025年城区道路维修工程招标文件", "form": "electronic", "delivery": "email",
}  # fmt: skip


class Visitor(FastHttpUser):
    weight = 16
    wait_time = between(1, 3)

    @task(4)
    def home(self) -> None:
        self.client.get("/", name="portal: home")

    @task(3)
    def item(self) -> None:
        self.client.get(f"/info/{random.choice(ITEMS)}/", name="portal: item")

    @task(3)
    def search(self) -> None:
        self.client.get("/search/", params={"q": random.choice(TERMS)}, name="portal: search")

    @task(1)
    def catalogue(self) -> None:
        self.client.get("/catalogue/", name="portal: catalogue")


class Applicant(FastHttpUser):
    weight = 1
    wait_time = between(5, 15)

    @task
    def apply(self) -> None:
        self.client.post("/api/v1/public/applications", json=APPLICATION, name="apply: submit")


class Staff(FastHttpUser):
    weight = 3
    wait_time = between(2, 5)
    default_headers = {"Authorization": f"Bearer {TOKEN}"}

    @task(2)
    def ledger(self) -> None:
        self.client.get("/api/v1/supervision/tasks", name="staff: ledger")

    @task(3)
    def one_task(self) -> None:
        task_id = random.choice(TASKS)
        self.client.get(f"/api/v1/supervision/tasks/{task_id}", name="staff: task")
        self.client.get(f"/api/v1/supervision/tasks/{task_id}/milestones", name="staff: milestones")
