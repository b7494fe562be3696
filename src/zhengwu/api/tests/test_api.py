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
    token, raw = services.issue_token(by=cast.admin, person=cast.leader, name="脚本")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "leader"
    # only a digest is stored
    assert raw not in {t.digest for t in ApiToken.objects.all()}
    assert token.prefix == raw[:10]


def test_revoked_or_expired_token_is_refused(client, cast) -> None:
    token, raw = services.issue_token(by=cast.admin, person=cast.leader, name="脚本")
    services.revoke_token(by=cast.admin, token=token)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    _t, raw2 = services.issue_token(
        by=cast.admin,
        person=cast.leader,
        name="过期",
        expires_at=clock.now() - dt.timedelta(minutes=1),
    )
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw2}").status_code == 401


def test_token_of_inactive_person_is_refused(client, cast) -> None:
    _token, raw = services.issue_token(by=cast.admin, person=cast.leader, name="脚本")
    cast.leader.is_active = False
    cast.leader.save()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_apitoken_command_prints_a_working_token(client, cast, capsys) -> None:
    from django.core.management import call_command

    call_command("apitoken", "air_head", "自动化")
    raw = capsys.readouterr().out.strip()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
