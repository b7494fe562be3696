"""Accounts (foundation point 4): Argon2, lockout, idle timeout, password policy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhengwu.core.errors import DomainError
from zhengwu.core.middleware import SESSION_REFRESHED_KEY as IDLE_REFRESHED
from zhengwu.org import services
from zhengwu.org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(cast) -> None:
    cast.air_head.refresh_from_db()
    assert identify_hasher(cast.air_head.password).algorithm == "argon2"
    assert cast.air_head.check_password(PASSWORD)


def test_login_with_the_right_password_reaches_staff_home(client, cast) -> None:
    response = client.post(
        "/accounts/login/", {"username": "air_head", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/staff/"
    assert "大气科长丁" in response.content.decode()


def test_repeated_failed_logins_lock_the_account(client, cast) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/accounts/login/", {"username": "air_head", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "air_head", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_foundation_one_password_sprayed_over_many_accounts_locks_the_address(client, cast) -> None:
    """Spraying: one password tried once on each of 20 accounts from one address."""
    from zhengwu.org.tests.factories import PersonFactory

    accounts = [PersonFactory(username=f"staff{i:02d}", bureau=cast.bureau) for i in range(20)]
    answers = [
        client.post(
            "/accounts/login/",
            {"username": person.username, "password": "Spring-2026!"},
            REMOTE_ADDR="203.0.113.7",
        ).status_code
        for person in accounts
    ]
    assert answers[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(answers[settings.AXES_FAILURE_LIMIT :]) == {429}
    # From that address even the right password of an untouched account is refused, with a message.
    locked = client.post(
        "/accounts/login/",
        {"username": "air_head", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
    )
    assert locked.status_code == 429
    assert "网络地址" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    other = client.post(
        "/accounts/login/",
        {"username": "air_head", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.2",
    )
    assert other.status_code == 302


def test_foundation_one_account_tried_from_many_addresses_is_locked(client, cast) -> None:
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": "air_head", "password": "wrong"},
            REMOTE_ADDR=f"192.0.2.{10 + i}",
        )
    response = client.post(
        "/accounts/login/", {"username": "air_head", "password": PASSWORD}, REMOTE_ADDR="192.0.2.99"
    )
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Other people at those addresses still log in.
    other = client.post(
        "/accounts/login/",
        {"username": "water_head", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
    )
    assert other.status_code == 302


def test_failed_login_says_so_in_chinese(client, cast) -> None:
    response = client.post("/accounts/login/", {"username": "air_head", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def _stored_expiry(client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_idle_session_expires(client, cast) -> None:
    client.force_login(cast.air_head)
    client.get("/staff/")
    assert 29 * 60 < client.session.get_expiry_age() <= 30 * 60
    # A request keeps the session alive: once a minute has passed since its expiry was last
    # written, the expiry is written again, 30 minutes from now; sooner, nothing is written.
    session = client.session
    session[IDLE_REFRESHED] = session[IDLE_REFRESHED] - 10 * 60
    session.save()
    Session.objects.filter(session_key=session.session_key).update(  # as written ten minutes ago
        expire_date=timezone.now() + dt.timedelta(minutes=20)
    )
    stored = _stored_expiry(client)
    with CaptureQueriesContext(connection) as queries:
        client.get("/staff/")
    assert any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in queries)
    renewed = _stored_expiry(client)
    assert renewed - stored > dt.timedelta(minutes=9)
    with CaptureQueriesContext(connection) as queries:
        client.get("/staff/")
    assert not any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in queries)
    assert _stored_expiry(client) == renewed
    # Simulate the idle time running out: the session is gone and login is asked again.
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "weak", ["short1A!", "alllowercaseletters", "1234567890123", "abcdefghij1"]
)
def test_password_policy_refuses_weak_passwords(cast, weak: str) -> None:
    with pytest.raises(DomainError):
        services.create_person(
            by=cast.admin, username="new", full_name="新人", password=weak, bureau=cast.bureau
        )


def test_password_policy_accepts_a_strong_password(cast) -> None:
    person = services.create_person(
        by=cast.admin,
        username="new",
        full_name="新人",
        password="Gov-Info-2026",
        bureau=cast.bureau,
    )
    assert person.check_password("Gov-Info-2026")
