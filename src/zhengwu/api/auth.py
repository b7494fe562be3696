from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, django_auth

from zhengwu.api import policy
from zhengwu.api.services import token_for
from zhengwu.core.errors import PermissionDenied


class TokenAuth(HttpBearer):
    """`Authorization: Bearer zw_…` for scripts and other systems.

    A read-only token may call no write operation: every method outside the policy's read-only
    methods is refused here, before any endpoint runs, whatever the endpoint.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_for(token)
        if found is None:
            return None
        if found.read_only and request.method not in policy.READ_ONLY_METHODS:
            raise PermissionDenied(
                _("This API token is read-only; it may not change anything."), code="read_only"
            )
        request.user = found.person
        request.api_token = found  # type: ignore[attr-defined]
        return found.person


# The staff's browser session; ninja checks CSRF on unsafe methods for cookie authentication.
session_auth = django_auth
token_auth = TokenAuth()
STAFF_AUTH = [token_auth, session_auth]
