"""API skeleton (foundation point 8): /api/v1 with session and token auth, OpenAPI served."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengwu.api import services
from zhengwu.api.models import ApiToken
from zhengwu.core import clock

pytestmark = pytest.mark.django_db


def test_openapi_document_is_served(client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/me" in document["paths"]


def test_browsable_docs_use_local_assets(client) -> None:
    body = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower()


def test_me_needs_authentication(client) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert "认证" in response.json()["detail"] or "Authentication" in response.json()["detail"]


def test_me_with_session(client, cast) -> None:
    client.force_login(cast.air_head)
    data = client.get("/api/v1/me").json()
    assert data["username"] == "air_head"
    assert data["roles"] == ["section_head"]


def test_me_with_token(client, cast) -> None:
    token, raw = services.issue_token(by=cast.leader, person=cast.leader, name="脚本")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "leader"
    # only a digest is stored
    assert raw not in {t.digest for t in ApiToken.objects.all()}
    assert token.prefix == raw[:10]


def test_revoked_or_expired_token_is_refused(client, cast) -> None:
    token, raw = services.issue_token(by=cast.leader, person=cast.leader, name="脚本")
    services.revoke_token(by=cast.admin, token=token)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    _t, raw2 = services.issue_token(by=cast.leader, person=cast.leader, name="过期", days=1)
    ApiToken.objects.filter(pk=_t.pk).update(expires_at=clock.now() - dt.timedelta(minutes=1))
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw2}").status_code == 401


def test_token_of_inactive_person_is_refused(client, cast) -> None:
    _token, raw = services.issue_token(by=cast.leader, person=cast.leader, name="脚本")
    cast.leader.is_active = False
    cast.leader.save()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_apitoken_command_prints_a_working_token(client, cast, capsys) -> None:
    from django.core.management import call_command

    call_command("apitoken", "air_head", "自动化")
    raw = capsys.readouterr().out.strip()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def _schema_classes(base: type) -> list[type]:
    found = []
    for sub in base.__subclasses__():
        found.append(sub)
        found.extend(_schema_classes(sub))
    return found


def test_no_two_schemas_share_a_name() -> None:
    """The OpenAPI document names schemas by class name: two classes of one name make one of them
    describe the other's responses (a disclosure item documented as a weekly-report row)."""
    from ninja import Schema

    import zhengwu.urls  # noqa: F401  (loads every router)

    by_name: dict[str, set[str]] = {}
    for cls in _schema_classes(Schema):
        if cls.__module__.startswith("zhengwu."):
            by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    clashes = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert clashes == {}


def test_documented_item_response_is_the_item(client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    created = document["paths"]["/api/v1/disclosure/items"]["post"]["responses"]["201"]
    ref = created["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "index_number" in document["components"]["schemas"][ref]["properties"]


def test_missing_record_answers_404_with_a_code(client, cast) -> None:
    client.force_login(cast.office_staff)
    response = client.get("/api/v1/weekly/reports/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
