"""Logins, logouts and failed logins are audited like any privileged act.

Django announces them with its auth signals (from every login path: the staff login page, the
admin's, a test client); each receiver writes one event in a transaction of its own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.http import HttpRequest

from zhengwu.audit import services as audit


class Actions:
    LOGIN = "auth.login"
    LOGOUT = "auth.logout"
    LOGIN_FAILED = "auth.login_failed"


def _client(request: HttpRequest | None) -> dict[str, Any]:
    if request is None:
        return {}
    return {
        "ip": request.META.get("REMOTE_ADDR", ""),
        "path": request.path[:200],
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
    }


def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        audit.record(actor=user, action=Actions.LOGIN, obj=user, after=_client(request))


def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None or not getattr(user, "pk", None):
        return
    with transaction.atomic():
        audit.record(actor=user, action=Actions.LOGOUT, obj=user, after=_client(request))


def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password in `credentials`; only the name tried is kept.
    username = str(credentials.get("username", ""))[:150]
    person = get_user_model().objects.filter(username=username).first() if username else None
    with transaction.atomic():
        audit.record(
            actor=None,
            action=Actions.LOGIN_FAILED,
            obj=person,
            object_type="" if person else "org.person",
            object_repr="" if person else username,
            after={"username": username, **_client(request)},
        )


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="zhengwu.audit.login")
    user_logged_out.connect(_logged_out, dispatch_uid="zhengwu.audit.logout")
    user_login_failed.connect(_login_failed, dispatch_uid="zhengwu.audit.login_failed")
