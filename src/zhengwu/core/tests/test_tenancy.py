"""One installation, many bureaus: no bureau sees another's unpublished work.

Bureau B (示例市交通运输局, every role) is loaded first; then every table's id sequence is
moved to BASE and bureau A (示例市生态环境局, the full demo of every app) is loaded, so that
every record of A has an id above BASE and no record of B has one. Then, as every person of B:

- every staff URL of the URLconf and every operation of the OpenAPI document is walked; a URL or
  operation with ids is called with A's records (the model guessed from the URL, all of A's models
  when the guess fails) and must answer exactly as for an id that does not exist (404 on page and
  API alike, or the same refusal);
- no response names an id or a title of A's records that are not public;
- every page and list without ids reads the same as before A existed (no count of A's records).

The walk reads the URLconf and the OpenAPI document, and A's records are found through their
`bureau` (directly or one or two foreign keys away), so new apps, pages and operations are walked
without changing this test. Only the routes in PUBLIC_ROUTES are left out (the portal, log-in,
language, health, the API's documentation and public API): they are public or own nothing.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models

from zhengwu.core import clock
from zhengwu.core.demo_loader import load_demo
from zhengwu.core.routes import (
    PARAM,
    api_operations,
    fill,
    staff_routes,
)
from zhengwu.disclosure.selectors import public_items
from zhengwu.org.models import Bureau, Person

pytestmark = pytest.mark.django_db

BASE = 1_000_000
MISSING = 999_999_999  # an id no table holds


def bump_sequences(base: int) -> None:
    """Every table's next id is above `base` (rows of A can never be mistaken for rows of B)."""
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if not meta.managed or meta.proxy or not isinstance(meta.pk, models.AutoField):
                continue
            if connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [meta.db_table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [meta.db_table, base]
                )
            else:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                    [meta.db_table, meta.pk.column, base],
                )


def bureau_paths(model: type[models.Model]) -> list[str]:
    """Lookups from `model` to its bureau: `bureau`, or through one or two foreign keys."""
    if model is Bureau:
        return ["pk"]
    paths = []
    names = {f.name for f in model._meta.get_fields() if getattr(f, "concrete", False)}
    if "bureau_id" in names and "bureau" not in names:  # a plain column (audit, deadlines)
        paths.append("bureau_id")
    for field in model._meta.get_fields():
        if (
            not (field.is_relation and (field.many_to_one or field.one_to_one))
            or field.auto_created
        ):
            continue
        target = field.related_model
        if target is Bureau:
            paths.append(field.name)
            continue
        for inner in target._meta.get_fields():
            direct = inner.is_relation and (inner.many_to_one or inner.one_to_one)
            if direct and inner.related_model is Bureau:
                paths.append(f"{field.name}__{inner.name}")
            elif inner.name == "bureau_id" and getattr(inner, "concrete", False):
                paths.append(f"{field.name}__bureau_id")
    return paths


def records_of(bureau: Bureau) -> dict[type[models.Model], list[models.Model]]:
    """Every record of `bureau` (ids above BASE), per model."""
    found: dict[type[models.Model], list[models.Model]] = {}
    for model in apps.get_models():
        if not model._meta.managed or not isinstance(model._meta.pk, models.AutoField):
            continue
        paths = bureau_paths(model)
        if not paths:
            continue
        condition = models.Q()
        for path in paths:
            condition |= models.Q(**{"pk" if path == "pk" else path: bureau.pk})
        rows = list(
            model._default_manager.filter(condition, pk__gt=BASE, pk__lt=2 * BASE).order_by("pk")
        )
        if rows:
            found[model] = rows
    return found


def public_records() -> set[tuple[type[models.Model], int]]:
    """What the portal shows of any bureau: public items and what hangs on them."""
    public = set()
    ids = list(public_items().values_list("pk", flat=True))
    public.update((model, pk) for model, pk in _hanging_on(ids))
    return public


def _hanging_on(item_ids: list[int]) -> Iterator[tuple[type[models.Model], int]]:
    from zhengwu.disclosure.models import InformationItem

    for pk in item_ids:
        yield InformationItem, pk
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.many_to_one and field.related_model is InformationItem:
                for pk in model._default_manager.filter(
                    **{f"{field.name}__in": item_ids}
                ).values_list("pk", flat=True):
                    yield model, pk


def text_of(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:4] == b"PK\x03\x04":  # .xlsx / .docx: read every part
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    text = content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        with contextlib.suppress(ValueError):  # the JSON renderer escapes non-ASCII characters
            text += json.dumps(json.loads(content), ensure_ascii=False)
    return text


NOISE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'csrf[-_]?token["\']?\s*[:=]\s*["\'][^"\']*["\']', re.I),
    re.compile(r'nonce="[^"]*"'),
    re.compile(r"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>"),  # when a file was made
    # the portal's application form draws a new captcha for every reading
    re.compile(r'<svg[^>]*aria-label="captcha".*?</svg>', re.S),
    re.compile(r'name="captcha_token" value="[^"]*"'),
]
# The audit log records the walk's own actions (an export is audited), so its pages may grow while
# the walk runs: they are checked for A's ids and titles, not compared with their earlier reading.
GROWS_WITH_THE_WALK = ("/staff/audit/", "/admin/audit/event/")
# The public application form asks which bureau is applied to once there are several: A's name
# appears there by design (a public fact); the page is still checked for A's ids and titles.
NAMES_EVERY_BUREAU = ("/apply/",)


def normalised(text: str) -> str:
    for pattern in NOISE:
        text = pattern.sub("", text)
    return text


# --- the URLconf ---------------------------------------------------------------------------


def candidate_models(
    route: str, params: list[str], view: Any, app_label: str, a_records: dict
) -> list[type[models.Model]]:
    """The models the ids of a route most likely name; every model of A when nothing fits."""
    model_admin = getattr(view, "model_admin", None)
    if model_admin is not None:
        return [model_admin.model] if model_admin.model in a_records else []
    stems = []
    for param in params:
        if param not in ("pk", "object_id", "id"):
            stems.append(param.removesuffix("_id"))
    segments = [s for s in re.split(r"[/{}<>]", PARAM.sub("", route)) if s]
    if segments and not stems:
        stems.append(segments[-1])
    for same_app in (True, False):
        found = []
        for stem in stems:
            token = stem.lower().replace("-", "").replace("_", "").removesuffix("s")
            for model in a_records:
                name = model.__name__.lower()
                if same_app and model._meta.app_label != app_label:
                    continue
                if token in name or name in token:
                    found.append(model)
        if found:
            return found
    same_app = [m for m in a_records if m._meta.app_label == app_label]
    return same_app or list(a_records)


def app_of(view: Any) -> str:
    module = getattr(view, "__module__", "") or ""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "zhengwu" else ""


# --- the API -------------------------------------------------------------------------------


def call(client: Any, method: str, url: str) -> Any:
    if method == "GET":
        return client.get(url)
    return client.generic(method, url, data="{}", content_type="application/json")


# --- the test ------------------------------------------------------------------------------


@pytest.mark.walk
def test_foundation_no_bureau_sees_another_bureaus_unpublished_work(client, settings, tmp_path):
    """Walked by every person of bureau B. (Walking one person per permission profile, dealt over
    several tests, read differently on PostgreSQL — see docs/benchmarks.md — so every person still
    walks until that is explained.)"""
    settings.MEDIA_ROOT = tmp_path / "media"
    with clock.frozen(clock.now()):
        load_demo(parts=("load_transport",))
        bureau_b = Bureau.objects.get(name="示例市交通运输局")
        people_b = list(
            Person.objects.filter(is_active=True, role_assignments__bureau=bureau_b).distinct()
        )
        assert len(people_b) >= 10
        walkers = people_b
        plain, with_ids = staff_routes()
        operations = list(api_operations())
        list_ops = [op for op in operations if op[0] == "GET" and not op[2]]
        id_ops = [op for op in operations if op[2]]

        def lists(person: Person) -> dict[str, str]:
            client.cookies.clear()  # no message of the previous person's walk
            client.force_login(person)
            seen = {url: normalised(text_of(client.get(url))) for url in plain}
            for _method, path, _params, _app in list_ops:
                seen[path] = normalised(text_of(client.get(path)))
            return seen

        before = {p.username: lists(p) for p in walkers}

        bump_sequences(BASE)
        load_demo(parts=("load",))
        # What the walk itself writes (log-ins, audit events) gets ids beyond A's.
        bump_sequences(2 * BASE)
        bureau_a = Bureau.objects.get(name="示例市生态环境局")
        a_records = records_of(bureau_a)
        assert len(a_records) >= 10, "the demo bureau should hold records of many kinds"
        public = public_records() | {(Bureau, bureau_a.pk)}
        hidden = {
            model: [r for r in rows if (model, r.pk) not in public]
            for model, rows in a_records.items()
        }
        hidden = {m: rows for m, rows in hidden.items() if rows}
        b_titles = " ".join(
            str(getattr(r, "title", ""))
            for model in apps.get_models()
            if any(f.name == "title" for f in model._meta.get_fields())
            for r in model._default_manager.filter(pk__lt=BASE)
        )
        titles = {
            r.title
            for rows in hidden.values()
            for r in rows
            if isinstance(getattr(r, "title", None), str) and len(r.title) >= 6
        }
        titles = {t for t in titles if t not in b_titles}
        ids = {str(r.pk) for rows in hidden.values() for r in rows}
        assert "局党组会议研究督察整改工作的会议纪要" in titles
        # A whole number not preceded by a digit or a point; one of A's ids when in `ids`.
        number = re.compile(r"(?<![\d.])\d+")

        def leaks(text: str) -> list[str]:
            found = [t for t in titles if t in text]
            found += [n for n in number.findall(text) if n in ids]
            return found

        # One id per model: the sample that names each kind of A's hidden records.
        sample = {model: rows[:1] for model, rows in hidden.items()}
        # The calls of the walk, the same for every person: (method, url with A's id, model).
        page_calls = []
        for route, params, view in with_ids:
            models_ = candidate_models(route, params, view, app_of(view), sample)
            for method in ("GET", "POST"):
                calls = [(fill(route, r.pk), m) for m in models_ for r in sample[m]]
                page_calls.append((method, fill(route, MISSING), calls))
        api_calls = []
        for method, path, params, app in id_ops:
            route = re.sub(r"\{(\w+)\}", r"<\1>", path)
            models_ = candidate_models(route, params, None, app, sample)
            calls = [(fill(route, r.pk), m) for m in models_ for r in sample[m]]
            api_calls.append((method, path, fill(route, MISSING), calls))

        problems: list[str] = []
        for person in walkers:
            after = lists(person)
            for url, text in after.items():
                expected_change = url in GROWS_WITH_THE_WALK or url in NAMES_EVERY_BUREAU
                if text != before[person.username][url] and not expected_change:
                    diff = difflib.unified_diff(
                        before[person.username][url].splitlines(), text.splitlines(), n=0
                    )
                    changed = " | ".join(line for line in list(diff)[2:14])
                    problems.append(
                        f"{person.username} {url}: reads differently once A exists: {changed}"
                    )
                if found := leaks(text):
                    problems.append(f"{person.username} {url}: shows {found[:3]}")
            for method, missing_url, calls in page_calls:
                missing = call(client, method, missing_url).status_code
                for url, model in calls:
                    response = call(client, method, url)
                    # an error page may echo the address asked for (the language switch
                    # returns there): that is the reader's own input, not A's
                    text = text_of(response).replace(url, "")
                    if response.status_code != missing or leaks(text):
                        problems.append(
                            f"{person.username} {method} {url} ({model.__name__}):"
                            f" {response.status_code}, missing id {missing}; {leaks(text)[:3]}"
                        )
            for method, path, missing_url, calls in api_calls:
                missing = call(client, method, missing_url).status_code
                for url, model in calls:
                    response = call(client, method, url)
                    if response.status_code != missing or leaks(text_of(response)):
                        problems.append(
                            f"{person.username} {method} {path} ({model.__name__}"
                            f" {url}): {response.status_code}, missing id {missing}"
                        )
        if problems and (dump := os.environ.get("ZHENGWU_TENANCY_DUMP")):
            with open(dump, "w") as out:
                out.write("\n".join(sorted(set(problems))))
        assert not problems, "\n".join(sorted(set(problems))[:80])


def test_foundation_the_walk_reaches_every_app() -> None:
    """The walk is not empty: pages with ids and API operations with ids of every domain app."""
    plain, with_ids = staff_routes()
    apps_walked = {app_of(view) for _r, _p, view in with_ids}
    apps_walked |= {app for _m, _p, params, app in api_operations() if params}
    for app in ("disclosure", "supervision", "warnings", "weekly", "notifications"):
        assert app in apps_walked, app
    assert "/staff/disclosure/" in plain and "/admin/" in plain
    admin_routes = {route for route, _p, view in with_ids if getattr(view, "model_admin", None)}
    assert any("/admin/disclosure/informationitem/" in r for r in admin_routes), admin_routes
