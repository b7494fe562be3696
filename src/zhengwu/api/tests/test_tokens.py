"""No impersonation, every privileged act audited (foundation): API tokens belong to their owner,
administrators can only revoke them; logins, password sets and admin changes leave events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory

from zhengwu.api import policy, services
from zhengwu.api.models import ApiToken
from zhengwu.audit.admin import AuditedModelAdmin
from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.core.errors import PermissionDenied
from zhengwu.org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_foundation_admin_cannot_reassign_a_token_to_another_person(client, cast) -> None:
    token, raw = services.issue_token(by=cast.admin, person=cast.admin, name="脚本")
    client.force_login(cast.admin)
    url = f"/admin/api/apitoken/{token.pk}/change/"
    response = client.post(
        url, {"person": cast.director.pk, "name": "脚本", "prefix": token.prefix}
    )
    assert response.status_code == 403
    token.refresh_from_db()
    assert token.person_id == cast.admin.pk
    assert client.get("/admin/api/apitoken/add/").status_code == 403
    # with the token, the API still answers as its owner
    me = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert me["username"] == cast.admin.username


def test_foundation_nobody_issues_a_token_for_someone_else(cast) -> None:
    with pytest.raises(PermissionDenied):
        services.issue_token(by=cast.admin, person=cast.director, name="冒名")
    assert not ApiToken.objects.filter(person=cast.director).exists()


def test_foundation_admin_revokes_a_token_and_it_is_audited(client, cast) -> None:
    token, raw = services.issue_token(by=cast.director, person=cast.director, name="脚本")
    client.force_login(cast.admin)
    response = client.post(
        "/admin/api/apitoken/",
        {"action": "revoke_selected", "_selected_action": [token.pk], "index": 0},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = Event.objects.for_object(token).get(action="api.token_revoked")
    assert event.actor_id == cast.admin.pk
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_foundation_owner_issues_a_token_on_their_own_page_shown_once(client, cast) -> None:
    client.force_login(cast.air_head)
    page = client.post(
        "/staff/settings/api-tokens/", {"name": "报表脚本", "days": 30, "read_only": "on"}
    )
    assert page.status_code == 200
    token = ApiToken.objects.get(person=cast.air_head)
    body = page.content.decode()
    raw = body.split('data-testid="new-token"')[1].split("<code>")[1].split("</code>")[0]
    assert raw.startswith("zw_") and services.digest_of(raw) == token.digest
    assert token.read_only
    assert abs(token.expires_at - (clock.now() + dt.timedelta(days=30))) < dt.timedelta(minutes=1)
    assert (
        Event.objects.for_object(token).get(action="api.token_issued").actor_id == cast.air_head.pk
    )
    # shown once: the list afterwards has only the prefix
    again = client.get("/staff/settings/api-tokens/").content.decode()
    assert raw not in again and token.prefix in again
    # revoked by the owner; another person cannot revoke it
    client.force_login(cast.water_head)
    client.post(f"/staff/settings/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is None
    client.force_login(cast.air_head)
    client.post(f"/staff/settings/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_foundation_token_lifetime_is_bounded_by_policy(cast) -> None:
    token, _raw = services.issue_token(by=cast.leader, person=cast.leader, name="默认")
    expected = token.created_at + dt.timedelta(days=policy.DEFAULT_LIFETIME_DAYS)
    assert token.expires_at == expected
    with pytest.raises(Exception, match=r"天|days"):
        services.issue_token(
            by=cast.leader, person=cast.leader, name="太长", days=policy.MAX_LIFETIME_DAYS + 1
        )
    # a token stored without an expiry expires after the default lifetime
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=None, created_at=clock.now() - dt.timedelta(days=policy.DEFAULT_LIFETIME_DAYS)
    )
    assert services.token_for(_raw) is None


def test_foundation_read_only_token_may_call_no_write_operation(client, cast) -> None:
    """Every write operation the API documents is refused to a read-only token, before it runs."""
    import re

    from zhengwu.api.api import api

    _token, raw = services.issue_token(
        by=cast.office_staff, person=cast.office_staff, name="只读", read_only=True
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/me", **auth).status_code == 200
    before = Event.objects.count()
    writes = 0
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            if method.upper() in policy.READ_ONLY_METHODS or not operation.get("security"):
                continue
            url = re.sub(r"\{[^}]+\}", "1", path)
            response = getattr(client, method)(
                url, data={}, content_type="application/json", **auth
            )
            assert response.status_code == 403, (method, url, response.content[:200])
            assert response.json()["code"] == "read_only"
            writes += 1
    assert writes >= 10
    assert Event.objects.count() == before


def test_foundation_apitoken_command_issues_lists_and_revokes(cast, capsys) -> None:
    from django.core.management import call_command

    call_command("apitoken", cast.leader.username, "夜间同步", "--days", "7", "--read-only")
    raw = capsys.readouterr().out.strip()
    token = services.token_for(raw)
    assert token is not None and token.read_only and token.person_id == cast.leader.pk
    call_command("apitoken", cast.leader.username, "--revoke", token.prefix)
    assert services.token_for(raw) is None
    actions = list(Event.objects.for_object(token).values_list("action", flat=True))
    assert actions == ["api.token_issued", "api.token_revoked"]


def test_foundation_login_logout_and_failed_login_are_audited(client, cast) -> None:
    client.post("/accounts/login/", {"username": cast.leader.username, "password": "wrong-1234"})
    failed = Event.objects.get(action="auth.login_failed")
    assert failed.after["username"] == cast.leader.username
    assert "wrong" not in str(failed.after)
    client.post("/accounts/login/", {"username": cast.leader.username, "password": PASSWORD})
    assert Event.objects.filter(action="auth.login", actor_id=cast.leader.pk).exists()
    client.post("/accounts/logout/")
    assert Event.objects.filter(action="auth.logout", actor_id=cast.leader.pk).exists()


def test_foundation_password_set_in_the_admin_is_audited(client, cast) -> None:
    client.force_login(cast.admin)
    response = client.post(
        f"/admin/org/person/{cast.air_liaison.pk}/password/",
        {"password1": "Neu-Passwort-2026!", "password2": "Neu-Passwort-2026!",
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 302, response.content[:300]
    event = Event.objects.get(action="admin.password_set")
    assert event.actor_id == cast.admin.pk and event.object_id == str(cast.air_liaison.pk)
    assert "Neu-Passwort" not in str(event.after)


def test_foundation_every_admin_that_can_change_data_is_audited(cast) -> None:
    """Any model an administrator can add, change or delete in the admin writes audit events."""
    request = RequestFactory().get("/admin/")
    request.user = cast.admin
    for model, model_admin in admin.site._registry.items():
        writes = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        if writes:
            assert isinstance(model_admin, AuditedModelAdmin), model._meta.label
