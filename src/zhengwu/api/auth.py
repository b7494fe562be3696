from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from zhengwu.api.services import person_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer zw_…` for scripts and other systems."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        person = person_for_token(token)
        if person is not None:
            request.user = person
        return person


# The staff's browser session; ninja checks CSRF on unsafe methods for cookie authentication.
session_auth = django_auth
token_auth = TokenAuth()
STAFF_AUTH = [token_auth, session_auth]
