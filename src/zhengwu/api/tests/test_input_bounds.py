"""Bad dates and sizes answer 4xx with a message, never 500 (foundation: bad input).

Every string an API operation accepts is bounded — by the column that stores it, read from the
model — and every date lies in the plausible range of `core.policy`. These tests walk the OpenAPI
document, so an operation added later is held to the same rule.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from zhengwu.core import clock, inputs
from zhengwu.supervision.models import Meeting, Task

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch")


def _document(client) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").json()


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def _string_properties(document: dict, schema: dict, path: str = "") -> list[tuple[str, dict]]:
    """Every string (or list of strings) a request schema holds, with where it is."""
    schema = _resolve(document, schema)
    found: list[tuple[str, dict]] = []
    for option in schema.get("anyOf", []) + schema.get("allOf", []) + schema.get("oneOf", []):
        found += _string_properties(document, option, path)
    if schema.get("type") == "string" and "format" not in schema and "enum" not in schema:
        found.append((path, schema))
    if schema.get("type") == "array" and "items" in schema:
        found += _string_properties(document, schema["items"], f"{path}[]")
    for name, prop in schema.get("properties", {}).items():
        found += _string_properties(document, prop, f"{path}.{name}")
    return found


def _inputs(document: dict) -> list[tuple[str, str, dict]]:
    """(operation, where, schema) for every request body property and query parameter."""
    out = []
    for url, methods in document["paths"].items():
        for method, operation in methods.items():
            label = f"{method.upper()} {url}"
            for parameter in operation.get("parameters", []):
                for where, schema in _string_properties(document, parameter.get("schema", {})):
                    out.append((label, f"{parameter['name']}{where}", schema))
            for media in operation.get("requestBody", {}).get("content", {}).values():
                for where, schema in _string_properties(document, media["schema"]):
                    out.append((label, where, schema))
    return out


def test_foundation_every_string_input_carries_the_length_of_its_column(client) -> None:
    document = _document(client)
    found = _inputs(document)
    assert len(found) > 50, "the walk found too few inputs to mean anything"
    unbounded = [(op, where) for op, where, schema in found if "maxLength" not in schema]
    assert unbounded == []
    columns = 0
    for operation, where, schema in found:
        if "x-column" not in schema:
            continue
        columns += 1
        app_label, model_name, field_name = schema["x-column"].split(".")
        field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
        if isinstance(field, models.CharField):
            assert schema["maxLength"] == field.max_length, (operation, where)
        else:
            assert schema["maxLength"] <= inputs.policy.text_max_length(), (operation, where)
    assert columns > 30


def test_foundation_every_ninja_input_schema_bounds_its_model_columns(client) -> None:
    """Written inputs named like a bounded column of their app's models carry at most that
    length, whether or not they were declared through the shared helper."""
    document = _document(client)
    for operation, where, schema in _inputs(document):
        if not operation.lower().startswith(WRITE_METHODS):
            continue
        name = where.rsplit(".", 1)[-1].rstrip("[]")
        tag_app = operation.split("/")[3] if operation.count("/") >= 3 else ""
        if tag_app not in {"supervision", "disclosure", "weekly", "warnings", "assessment"}:
            continue
        same_name = [
            f
            for model in apps.get_app_config(tag_app).get_models()
            for f in model._meta.get_fields()
            if f.name == name and isinstance(f, models.CharField | models.TextField)
        ]
        # a name only bounded columns carry (a TextField of the same name makes it ambiguous)
        lengths = [f.max_length for f in same_name if isinstance(f, models.CharField)]
        if same_name and len(lengths) == len(same_name) and "x-column" not in schema:
            assert schema["maxLength"] <= min(lengths), (operation, where)


def _value_for(document: dict, schema: dict, *, too_long: bool) -> Any:
    schema = _resolve(document, schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        usable = [o for o in options if _resolve(document, o).get("type") != "null"]
        return _value_for(document, usable[0], too_long=too_long)
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date":
            return clock.today().isoformat()
        if schema.get("format") == "date-time":
            return clock.now().isoformat()
        if "enum" in schema:
            return schema["enum"][0]
        return "长" * ((schema.get("maxLength") or 200_000) + 1) if too_long else "a"
    if kind == "integer":
        return 1
    if kind == "boolean":
        return False
    if kind == "array":
        return [_value_for(document, schema["items"], too_long=too_long)] if too_long else []
    if kind == "object" or "properties" in schema:
        return {
            name: _value_for(document, prop, too_long=too_long)
            for name, prop in schema.get("properties", {}).items()
        }
    return None


def test_foundation_over_long_values_to_every_write_operation_answer_4xx(client, cast) -> None:
    """Runs on PostgreSQL too (scripts/with-postgres.sh), where a value longer than its column
    would have failed in the database: every write operation refuses it with a message."""
    client.force_login(cast.office_staff)
    document = _document(client)
    sent = 0
    for url, methods in document["paths"].items():
        for method in WRITE_METHODS:
            operation = methods.get(method)
            if operation is None or "requestBody" not in operation:
                continue
            target = re.sub(r"\{[^}]+\}", "1", url)
            for content_type, media in operation["requestBody"]["content"].items():
                body = _value_for(document, media["schema"], too_long=True)
                if content_type == "application/json":
                    response = getattr(client, method)(target, body, content_type=content_type)
                else:  # multipart: the text fields over-long, no file
                    fields = {k: v for k, v in body.items() if isinstance(v, str)}
                    response = client.post(target, fields)
                sent += 1
                assert 400 <= response.status_code < 500, (method, url, response.status_code)
                answer = response.json()
                assert answer.get("message") or answer.get("detail"), (method, url)
    assert sent > 25


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/workdays/add?date=9999-12-31&n=5",
        "/api/v1/workdays/compute?rule=S-3&start=9999-12-31",
        "/api/v1/workdays/day?date=0001-01-01",
        "/api/v1/supervision/tasks?due_from=0001-01-01",
        "/api/v1/assessment/figures?year=9999",
        "/api/v1/public/items?year=99999",
        "/api/v1/public/search?q=%E6%B1%A1%E6%9F%93&year=3000",
    ],
)
def test_foundation_api_dates_outside_the_plausible_range_answer_422(client, cast, url) -> None:
    client.force_login(cast.office_staff)
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["message"]


def test_foundation_api_write_dates_outside_the_plausible_range_answer_422(client, cast) -> None:
    client.force_login(cast.office_staff)
    draft = client.post("/api/v1/weekly/draft", {"date": "9999-12-31"}, "application/json")
    assert draft.status_code == 422
    assert "日期须在1949-10-01至" in str(draft.json()["detail"])
    meeting = {"meeting_type": "party_group", "held_on": "0001-01-01", "title": "会"}
    refused = client.post("/api/v1/supervision/meetings", meeting, "application/json")
    assert refused.status_code == 422
    assert not Meeting.objects.exists()
    latest = inputs.date_range()[1]
    meeting["held_on"] = (latest + dt.timedelta(days=1)).isoformat()
    url = "/api/v1/supervision/meetings"
    assert client.post(url, meeting, "application/json").status_code == 422
    meeting["held_on"] = "1949-10-01"
    assert client.post(url, meeting, "application/json").status_code == 201


def test_foundation_values_at_the_column_length_are_kept(client, cast) -> None:
    client.force_login(cast.office_staff)
    title = "题" * Task._meta.get_field("title").max_length
    payload = {"title": title, "lead_unit_id": cast.air.pk, "instructing_leader_id": cast.leader.pk}
    created = client.post("/api/v1/supervision/tasks", payload, "application/json")
    assert created.status_code == 201
    assert Task.objects.get().title == title
    payload["title"] += "题"
    refused = client.post("/api/v1/supervision/tasks", payload, "application/json")
    assert refused.status_code == 422
    assert "title" in refused.json()["message"]


@pytest.mark.parametrize(
    "url", ["/catalogue/?year=99999", "/search/?q=污染&year=99999", "/catalogue/?year=1800",
            "/catalogue/?page=99999999999999999999"],
)  # fmt: skip
def test_foundation_portal_filters_outside_the_range_answer_400_with_a_message(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_foundation_page_forms_refuse_implausible_dates(client, cast) -> None:
    """Every date field of every form is the bounded one (pages refuse 0001-01-01)."""
    import importlib

    from django import forms

    checked = 0
    for config in apps.get_app_configs():
        if not config.name.startswith("zhengwu."):
            continue
        for module_name in ("forms", "views"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for value in vars(module).values():
                if not (isinstance(value, type) and issubclass(value, forms.BaseForm)):
                    continue
                if value.__module__ != module.__name__:
                    continue
                try:
                    fields = value.base_fields
                except AttributeError:
                    continue
                for name, field in fields.items():
                    if isinstance(field, forms.DateField):
                        checked += 1
                        assert isinstance(field, inputs.DateField), (value, name)
                    if isinstance(field, forms.DateTimeField):
                        checked += 1
                        assert isinstance(field, inputs.DateTimeField), (value, name)
    assert checked >= 10
    assert inputs.DateField(required=False).clean("1949-10-01") == dt.date(1949, 10, 1)
    with pytest.raises(forms.ValidationError):
        inputs.DateField().clean("0001-01-01")
    with pytest.raises(forms.ValidationError):
        inputs.DateTimeField().clean("0001-01-01T10:00")


def test_foundation_commands_refuse_implausible_dates(cast) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="1949"):
        call_command("workdays", "add", "9999-12-31", "5")
    with pytest.raises(CommandError, match="1949"):
        call_command("weekly_reports", "--date", "0001-01-01")
