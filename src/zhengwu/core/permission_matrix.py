"""The permission matrix (docs/permissions.md): every page and API operation against every role.

`build_world()` makes a small world in the current transaction: the demo's second bureau
(示例市交通运输局, its units, tasks, items and warnings) plus one person per role who holds only
that role, and an application with its tracking number and secret. `walk()` asks every route as
every role with Django's test client, each request in a savepoint that is rolled back, so that
no request changes what the next one sees. `render()` writes the Markdown table.

The walk reads the URLconf and the OpenAPI document (`core.routes`): new pages and operations
appear in the matrix without changing this module. Records named in a route are those of the
world (the task of unit 1, the item at confidentiality review, …); the document shows no ids.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from django.db import models, transaction
from django.test import Client
from django.test.utils import override_settings

from zhengwu.core import clock, selectors
from zhengwu.core.routes import (
    PARAM,
    PUBLIC_NAMESPACES,
    api_operations,
    names_a_record,
    staff_routes,
    url_patterns,
)

# The world is built and walked as of this moment (states and deadlines do not drift by date).
MOMENT = dt.datetime(2026, 11, 16, 10, 0)  # noqa: DTZ001 — bureau local time (clock.frozen)
MISSING = 999_999_999
ALLOW, DENY, UNKNOWN = "✓", "–", "?"
PASSWORD = "Matrix-Pass-2026"  # noqa: S105 — accounts of a world that is rolled back


@dataclass(frozen=True)
class RoleColumn:
    key: str
    zh: str
    en: str
    role: str  # org.models.Role value, "" for the public
    unit: str  # the unit the role is held for / the person belongs to (key of the demo's units)


# The roles of the rules, as columns. "applicant" is the public with a tracking number and its
# secret; "other_unit" is the head of a unit that does not undertake the world's task.
ROLES: tuple[RoleColumn, ...] = (
    RoleColumn("anonymous", "公众", "Anonymous", "", ""),
    RoleColumn("applicant", "申请人（持查询码）", "Applicant with codes", "", ""),
    RoleColumn("liaison", "联络员", "Liaison of unit 1", "liaison", "transit"),
    RoleColumn("unit_head", "科室负责人", "Head of unit 1", "section_head", "transit"),
    RoleColumn("other_unit", "其他科室负责人", "Head of unit 2", "section_head", "roads"),
    RoleColumn("office", "办公室", "Office staff", "office_staff", "office"),
    RoleColumn("supervision", "督查室", "Supervision office", "supervision_staff", "supervision"),
    RoleColumn("leader", "分管领导", "Leader in charge of unit 1", "leader_in_charge", "office"),
    RoleColumn("director", "局长", "Director", "director", "office"),
    RoleColumn("hr", "人事", "HR", "hr", "hr"),
    RoleColumn("disclosure_officer", "公开专员", "Disclosure officer", "disclosure_officer", "office"),  # noqa: E501
    RoleColumn("reviewer", "保密审查员", "Confidentiality reviewer", "confidentiality_reviewer", "office"),  # noqa: E501
    RoleColumn("auditor", "审计员", "Auditor (reads, read-only)", "auditor", "office"),
    RoleColumn("admin", "系统管理员", "Administrator", "system_admin", "office"),
)  # fmt: skip
ROLE_KEYS = tuple(r.key for r in ROLES)


@dataclass
class World:
    bureau: Any
    people: dict[str, Any]
    tracking_number: str
    secret: str
    records: dict[type[models.Model], int] = field(default_factory=dict)

    @property
    def recorded(self) -> set[str]:
        return {model_name(model) for model in self.records}


@dataclass(frozen=True)
class Row:
    kind: str  # "ui" or "api"
    method: str
    path: str  # as the URLconf / the OpenAPI document writes it
    record: str  # the model of the record the ids name ("" without ids)
    note: str = ""


# --- the world -----------------------------------------------------------------------------


def restart_sequences() -> None:
    """Every table's next id as in a freshly migrated database (PostgreSQL's sequences are not
    rolled back with the rows other tests wrote): request bodies that name ids by their least
    value then meet the same records, whatever ran before."""
    from django.apps import apps
    from django.db import connection

    if connection.vendor != "postgresql":
        return  # SQLite's sequences are rolled back with the rows
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if not meta.managed or meta.proxy or not isinstance(meta.pk, models.AutoField):
                continue
            # Names from the models, quoted: no outside input reaches this statement.
            column, table = quote(meta.pk.column), quote(meta.db_table)
            largest = f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1"  # noqa: S608
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), {largest}, false)",
                [meta.db_table, meta.pk.column],
            )


def build_world() -> World:
    """The world of the matrix, written in the current transaction (roll it back afterwards)."""
    restart_sequences()
    from zhengwu.applications import services as applications
    from zhengwu.core.demo_loader import load_demo
    from zhengwu.org import services as org
    from zhengwu.org.models import Person

    with clock.frozen(MOMENT):
        ctx = load_demo(parts=("load_transport",))
        bureau, units = ctx.bureau, ctx.units
        people: dict[str, Any] = {}
        for n, column in enumerate(ROLES):
            if not column.role:
                continue
            person = Person.objects.create_user(
                username=f"matrix_{column.key}",
                password=PASSWORD,
                full_name=column.zh,
                bureau=bureau,
                unit=units[column.unit],
                mobile=f"1390000{n:04d}",
            )
            org.assign_role(
                by=None,
                person=person,
                role=column.role,
                unit=units[column.unit] if column.role in ("liaison", "section_head") else None,
                units_in_charge=[units["transit"]] if column.role == "leader_in_charge" else [],
                valid_from=dt.date(2020, 1, 1),
            )
            people[column.key] = person
        application, secret = applications.submit_application(
            by=None,
            bureau=bureau,
            channel="online",
            applicant_kind="natural_person",
            name="张三",
            id_type="resident_id",
            id_number="11010519491231002X",
            phone="13800138000",
            email="zhangsan@example.com",
            description="2025年城区道路维修工程招标文件",
            form="electronic",
            delivery="email",
        )
    world = World(bureau, people, application.tracking_number, secret)
    world.records = _records(world, units["transit"], application)
    return world


def _records(world: World, unit: Any, application: Any) -> dict[type[models.Model], int]:
    """One record per model: of unit 1's task, the item at review, the application, else the
    bureau's first (by id), else the installation's first."""
    from django.apps import apps

    from zhengwu.applications.models import Application
    from zhengwu.disclosure.models import InformationItem, Status
    from zhengwu.supervision.models import Task

    task = Task.objects.filter(bureau=world.bureau, lead_unit=unit).order_by("pk").first()
    item = (
        InformationItem.objects.filter(bureau=world.bureau, status=Status.REVIEW)
        .order_by("pk")
        .first()
    )
    anchors = {Task: task, InformationItem: item, Application: application}
    chosen: dict[type[models.Model], int] = {m: r.pk for m, r in anchors.items() if r}
    for model in apps.get_models():
        if model in chosen:
            continue
        rows = model._default_manager.order_by("pk")
        names = {f.name: f for f in model._meta.get_fields()}
        for anchor_model, anchor in anchors.items():
            links = [
                f
                for f in names.values()
                if f.many_to_one and f.related_model is anchor_model and anchor
            ]
            if links and rows.filter(**{links[0].name: anchor}).exists():
                rows = rows.filter(**{links[0].name: anchor})
                break
        else:
            if "bureau" in names and rows.filter(bureau=world.bureau).exists():
                rows = rows.filter(bureau=world.bureau)
        if model.__name__ == "OrgUnit":
            rows = rows.filter(pk=unit.pk)
        first = rows.first()
        if first is not None:
            chosen[model] = first.pk
    return chosen


def model_name(model: type[models.Model]) -> str:
    """The model's class name; with its app when another app has a model of that name."""
    from django.apps import apps

    same = [m for m in apps.get_models() if m.__name__ == model.__name__]
    return model.__name__ if len(same) == 1 else model._meta.label


# --- the routes ----------------------------------------------------------------------------

# A route's record: the model named by the path segment before the id (or by the id's name).
ALIASES = {
    "item": "informationitem",
    "case": "accountabilitycase",
    "correction": "correctionrequest",
    "disclosure": "informationitem",
    "items": "informationitem",
    "info": "informationitem",
    "files": "attachment",
    "keyitems": "keysupervisionitem",
    "cases": "accountabilitycase",
    "weekly": "weeklyreport",
    "reports": "weeklyreport",
    "annual": "annualreport",
    "annualreports": "annualreport",
    "apitokens": "apitoken",
    "units": "orgunit",
    "corrections": "correctionrequest",
    "phonereminders": "phonereminder",
    "reminder": "phonereminder",
    "signoffs": "signoff",
    "documents": "document",
    "consultations": "consultation",
    "milestones": "milestone",
    "feedback": "feedback",
    "notifications": "notification",
}
APP_OF_SEGMENT = {"apply": "applications", "api-tokens": "api", "cases": "warnings"}


def _model_for(stem: str, app: str) -> type[models.Model] | None:
    from django.apps import apps

    key = stem.lower().replace("-", "").replace("_", "")
    name = ALIASES.get(key) or ALIASES.get(key.removesuffix("s")) or key.removesuffix("s")
    found = [m for m in apps.get_models() if m.__name__.lower() == name]
    if len(found) > 1:
        found = [m for m in found if m._meta.app_label == app] or found
    if key == "report" and app == "weekly":
        found = [m for m in apps.get_models() if m.__name__ == "WeeklyReport"]
    if key == "annual" or app == "reports":
        found = [m for m in found if m._meta.app_label != "weekly"] or [
            m for m in apps.get_models() if m.__name__ == "AnnualReport"
        ]
    if key in ("cases", "case") and app == "applications":
        found = [m for m in apps.get_models() if m.__name__ == "RemedyCase"]
    return found[0] if found else None


def _models_of(route: str, params: list[str], app: str) -> list[type[models.Model] | None]:
    """The model each id of `route` names, in order."""
    out = []
    parts = [p for p in re.split(r"/", route) if p]
    for i, part in enumerate(parts):
        if not PARAM.fullmatch(part) and not re.fullmatch(r"\{\w+\}", part):
            continue
        name = params[len(out)] if len(out) < len(params) else ""
        stem = name.removesuffix("_id") if name.endswith("_id") else ""
        if name == "doc":
            stem = "document"
        if stem in ("", "object", "content_type"):
            stem = parts[i - 1] if i else ""
        out.append(_model_for(stem, app))
    return out


def _app_of(view: Any, route: str) -> str:
    module = getattr(view, "__module__", "") or ""
    bits = module.split(".")
    if len(bits) > 1 and bits[0] == "zhengwu":
        return bits[1]
    first = route.strip("/").split("/")[0]
    return APP_OF_SEGMENT.get(first, first)


def ui_rows() -> Iterator[tuple[Row, str]]:
    """(row, URL to ask) of every page: staff pages, then the public ones."""
    plain, with_ids = staff_routes()
    staff = set(plain)
    for route in plain:
        yield Row("ui", "GET", route, ""), route
    for route, params, view in with_ids:
        staff.add(route)
        model_admin = getattr(view, "model_admin", None)
        if model_admin is not None:
            models_: list[type[models.Model] | None] = [model_admin.model]
        else:
            models_ = _models_of(route, params, _app_of(view, route))
        yield _with_ids("ui", "GET", route, models_)
    for route, view, namespaces in url_patterns():
        if route in staff or not (
            any(ns in PUBLIC_NAMESPACES or ns == "apply" for ns in namespaces)
        ):
            continue
        params = [m.group(2) or m.group(3) for m in PARAM.finditer(route)]
        if not params:
            yield Row("ui", "GET", route, ""), route
        elif all(names_a_record(p) or p == "doc" for p in params):
            yield _with_ids("ui", "GET", route, _models_of(route, params, _app_of(view, route)))
    # The applicant's own page: the tracking page asked with the number and the secret.
    yield Row("ui", "POST", "/apply/track/", "Application", "tracking"), "/apply/track/"


def _with_ids(
    kind: str, method: str, route: str, models_: list[type[models.Model] | None]
) -> tuple[Row, str]:
    names = "/".join(model_name(m) if m else "?" for m in models_)
    return Row(kind, method, route, names), route


def api_rows() -> Iterator[tuple[Row, str]]:
    """(row, path) of every operation of the OpenAPI document, the public API included."""
    from zhengwu.api.api import api

    for method, path, params, app in api_operations():
        route = re.sub(r"\{(\w+)\}", r"<\1>", path)
        models_ = _models_of(route, params, app) if params else []
        yield _with_ids("api", method, path, models_)
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/public"):
            continue
        for method in operations:
            record = "Application" if "{tracking_number}" in path else ""
            if "{item_id}" in path:
                record = "InformationItem"
            yield Row("api", method.upper(), path, record), path


# --- the walk ------------------------------------------------------------------------------


def _url(row: Row, world: World) -> str:
    from django.apps import apps

    by_name = {model_name(m): m for m in apps.get_models()}
    path = re.sub(r"\{(\w+)\}", r"<\1>", row.path)
    names = row.record.split("/") if row.record else []
    ids = iter(names)

    def value(match: re.Match[str]) -> str:
        param = match.group(2) or match.group(3) or ""
        if param == "tracking_number":
            return world.tracking_number
        name = next(ids, "")
        model = by_name.get(name)
        return str(world.records.get(model, MISSING)) if model else str(MISSING)

    return PARAM.sub(value, path)


def answer(response: Any) -> str:
    """✓: the permission check let the request through; –: refused (401, 403, 404 — not
    visible —, 405, or a redirect to a log-in page); ?: the API refused the input (422) before
    the operation's own check could answer (an upload that needs a file)."""
    if response.status_code in (401, 403, 404, 405):
        return DENY
    if response.status_code == 422:
        return UNKNOWN
    chain = getattr(response, "redirect_chain", None) or []
    if any("login" in url for url, _status in chain):
        return DENY
    if 300 <= response.status_code < 400 and "login" in response.get("Location", ""):
        return DENY
    return ALLOW


def _example(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    """A value that the schema accepts (the least one: the body passes validation, so the
    operation's own permission check answers)."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            return _example(options[0], components, depth + 1)
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            name: _example(schema["properties"][name], components, depth + 1)
            for name in schema.get("required", [])
            if depth < 6
        }
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return MOMENT.date().isoformat()
    if schema.get("format") == "date-time":
        return MOMENT.isoformat()
    return "x" * max(1, schema.get("minLength", 1))


def bodies() -> dict[tuple[str, str], str]:
    """The least valid JSON body of each operation that takes one."""
    import json

    from zhengwu.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    components = schema.get("components", {}).get("schemas", {})
    out = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            if body is not None:
                out[(method.upper(), path)] = json.dumps(_example(body, components))
    return out


def ask(
    client: Client, row: Row, url: str, *, codes: dict[str, str] | None, body: str = "{}"
) -> str:
    """Ask one route; everything it writes is rolled back."""
    with transaction.atomic():
        try:
            if row.note == "tracking":
                response = client.post(url, codes or {})
                shown = response.status_code == 200 and b'id="public-status"' in response.content
                return ALLOW if shown else DENY
            if row.kind == "ui":
                response = client.get(url, codes or {}, follow=True)
                if response.status_code == 405:
                    response = client.post(url, codes or {})
            elif row.method == "GET":
                response = client.get(url, codes or {})
            else:
                response = client.generic(
                    row.method, url, data=body, content_type="application/json"
                )
            return answer(response)
        finally:
            transaction.set_rollback(True)


def rows() -> list[tuple[Row, str]]:
    return list(ui_rows()) + list(api_rows())


def walk(world: World, role_keys: tuple[str, ...] = ROLE_KEYS) -> dict[Row, dict[str, str]]:
    """{row: {role: allowed}} for the roles asked."""
    table: dict[Row, dict[str, str]] = {}
    every = rows()
    json_bodies = bodies()
    # Every request is rolled back, so a person's count of waiting work (shown in the menu of
    # every page, 403 and 404 included) is the same throughout: counted once per person.
    counted: dict[int, int] = {}
    count = selectors.waiting_count

    def waiting_count(person: Any) -> int:
        if person.pk not in counted:
            counted[person.pk] = count(person)
        return counted[person.pk]

    logging.disable(logging.WARNING)  # thousands of refusals are the point, not news
    try:
        with (
            override_settings(SECURE_SSL_REDIRECT=False, ALLOWED_HOSTS=["testserver"]),
            clock.frozen(MOMENT),
            mock.patch.object(selectors, "waiting_count", waiting_count),
        ):
            _walk(world, role_keys, every, json_bodies, table)
    finally:
        logging.disable(logging.NOTSET)
    return table


def _walk(
    world: World,
    role_keys: tuple[str, ...],
    every: list[tuple[Row, str]],
    json_bodies: dict[tuple[str, str], str],
    table: dict[Row, dict[str, str]],
) -> None:
    for key in role_keys:
        client = Client(raise_request_exception=False, HTTP_HOST="testserver")
        if key in world.people:
            client.force_login(world.people[key])
        codes = (
            {"tracking_number": world.tracking_number, "secret": world.secret}
            if key == "applicant"
            else None
        )
        cookies = client.cookies
        for row, _route in every:
            client.cookies = cookies.__class__(cookies)  # a log-out stays rolled back
            body = json_bodies.get((row.method, row.path), "{}")
            table.setdefault(row, {})[key] = ask(
                client, row, _url(row, world), codes=codes, body=body
            )


# --- the document --------------------------------------------------------------------------

HEADER = """# Permission matrix (权限矩阵)

Generated by `zhengwu permissions --write docs/permissions.md` from the code (the URLconf, the
OpenAPI document and the rules); `src/zhengwu/core/tests/test_permissions_matrix.py` builds it
again and fails when this file differs. Do not edit by hand.

**How it is made.** A world is built and rolled back afterwards: the demo's second bureau
(示例市交通运输局: units, ledger tasks, register items, warnings) as of {moment}, one person per
role below who holds only that role in that bureau, and one application with its tracking number
and secret. Unit 1 is 运输管理科 (the lead unit of the task asked), unit 2 is 公路管理科. Each page
is asked with GET, following redirects (a page that only takes POST: a POST without data), each
API operation with its method (a JSON body: the least one its schema asks for; GET: no query).
An id in a route is that of the world's record of the model shown (the task of unit 1, the item
at confidentiality review, the application, else the bureau's first record of that model; "?" or
a model without a record in the world: an id that does not exist, so the row is "–" for
everyone). Every request is rolled back.

**✓ allowed**: the permission check let the request through — the answer is a page, a file, a
redirect other than to a log-in page, or a refusal by the service (400/409). **– denied**: 401,
403, 404 (the record is not visible), 405, or a redirect to a log-in page. **? not known**: the
API refused the input (422) before the operation's own check answered (required query
parameters, uploads, bodies the least example does not satisfy). A "✓" on an action means the
person may ask for it; the action's own conditions (the record's state, the separation of
duties) are then checked by the service. An action page that answers GET by sending the reader
back to the record says, by its ✓, only that the record is visible: the API row of the same
action says who may take it. The applicant sends the tracking number and secret with
every request; their tracking page is the row "POST /apply/track/ (with the codes)", allowed
when the application's status is shown.

**Roles** (columns):

{legend}

Roles of the code that are not columns: 日历管理员 (calendar administrator: loads the working-day
calendar) and the installation's superuser (adds bureaus, edits the portal's site settings).
{missing}
"""


def _missing(table: dict[Row, dict[str, str]], have: set[str]) -> str:
    named = {n for row in table for n in row.record.split("/") if n}
    absent = sorted(n for n in named if n not in have)
    if not absent:
        return ""
    return (
        "\nModels named by routes of which the world holds no record (their rows are asked with an"
        " id that does not exist, so they say nothing yet about the roles): "
        + ", ".join(absent)
        + ".\n"
    )


def _legend() -> str:
    lines = []
    for n, column in enumerate(ROLES, start=1):
        held = f"role `{column.role}`" if column.role else "no account"
        lines.append(f"{n}. **{column.zh}** — {column.en} ({held})")
    return "\n".join(lines)


def render(table: dict[Row, dict[str, str]], recorded: set[str]) -> str:
    """The document; `recorded`: the names of the models of which the world holds a record."""
    head = "| " + " | ".join(str(n) for n in range(1, len(ROLES) + 1)) + " |"
    out = [
        HEADER.format(
            moment=MOMENT.strftime("%Y-%m-%d %H:%M"),
            legend=_legend(),
            missing=_missing(table, recorded),
        )
    ]
    for kind, title in (("ui", "Pages (UI URLs)"), ("api", "API operations (/api/v1)")):
        selected = [r for r in table if r.kind == kind]
        out.append(f"## {title}\n\n{len(selected)} rows.\n")
        out.append("| method | route | record " + head)
        out.append("|---|---|---|" + "---|" * len(ROLES))
        for row in selected:
            path = row.path + (" (with the codes)" if row.note == "tracking" else "")
            cells = " | ".join(table[row][k] for k in ROLE_KEYS)
            out.append(f"| {row.method} | `{path}` | {row.record} | {cells} |")
        out.append("")
    return "\n".join(out)
