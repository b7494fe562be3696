"""API tokens: issued to and revoked by their owner, shown once, stored as a SHA-256 digest.

Nobody issues a token for someone else (that would let them act as that person): `issue_token`
refuses any `by` other than the owner; the console command (`zhengwu apitoken`, run by the
server's operator for the named person) passes ``by=None``. Administrators may only revoke.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.api import policy
from zhengwu.api.models import ApiToken
from zhengwu.audit import services as audit
from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.org.models import Person

TOKEN_PREFIX = "zw_"  # noqa: S105 — a public marker, not a secret


class Actions:
    ISSUED = "api.token_issued"
    REVOKED = "api.token_revoked"


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def expiry_of(token: ApiToken) -> dt.datetime:
    """Every token expires; one stored without an expiry after the policy's default lifetime."""
    if token.expires_at is not None:
        return token.expires_at
    return token.created_at + dt.timedelta(days=policy.DEFAULT_LIFETIME_DAYS)


@transaction.atomic
def issue_token(
    *,
    by: Person | None,
    person: Person,
    name: str,
    days: int | None = None,
    read_only: bool = False,
) -> tuple[ApiToken, str]:
    """Create a token for its owner; the clear value is returned once and never stored."""
    if by is not None and by.pk != person.pk:
        raise PermissionDenied(
            _("An API token is issued only by its owner, for themselves."), code="not_owner"
        )
    if not person.is_active:
        raise DomainError(_("This person is not active."), code="inactive")
    name = (name or "").strip()
    if not name or len(name) > policy.MAX_NAME_LENGTH:
        raise DomainError(
            _("Give the token a name of at most %(n)d characters.") % {"n": policy.MAX_NAME_LENGTH},
            code="name",
        )
    days = policy.DEFAULT_LIFETIME_DAYS if days is None else days
    if not 1 <= days <= policy.MAX_LIFETIME_DAYS:
        raise DomainError(
            _("A token lives between 1 and %(n)d days.") % {"n": policy.MAX_LIFETIME_DAYS},
            code="lifetime",
        )
    now = clock.now()
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person,
        name=name,
        prefix=raw[:10],
        digest=digest_of(raw),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
        read_only=read_only,
    )
    audit.record(
        actor=by,
        action=Actions.ISSUED,
        obj=token,
        after={
            "person": person.pk,
            "name": name,
            "prefix": token.prefix,
            "expires_at": token.expires_at,
            "read_only": read_only,
        },
        bureau_id=person.bureau_id,
    )
    return token, raw


def may_revoke(by: Person | None, token: ApiToken) -> bool:
    if by is None:  # the console
        return True
    return by.pk == token.person_id or by.has_perm("api.revoke_apitoken", token)


@transaction.atomic
def revoke_token(*, by: Person | None, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().select_related("person").get(pk=token.pk)
    if not may_revoke(by, token):
        raise PermissionDenied()
    if token.revoked_at is not None:
        raise DomainError(_("This token is already revoked."), code="revoked")
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=by,
        action=Actions.REVOKED,
        obj=token,
        after={"person": token.person_id, "prefix": token.prefix, "revoked": True},
        bureau_id=token.person.bureau_id,
    )
    return token


def token_for(raw: str) -> ApiToken | None:
    """The live token with this clear value (not revoked, not expired, its owner active)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("person")
        .filter(digest=digest_of(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.person.is_active:
        return None
    now = clock.now()
    if expiry_of(token) <= now:
        return None
    # Recording use is bookkeeping, not a state change worth an audit event.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def person_for_token(raw: str) -> Person | None:
    token = token_for(raw)
    return token.person if token is not None else None
