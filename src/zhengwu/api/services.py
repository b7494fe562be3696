from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction

from zhengwu.api.models import ApiToken
from zhengwu.audit import services as audit
from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.org.models import Person

TOKEN_PREFIX = "zw_"  # noqa: S105 — a public marker, not a secret


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def issue_token(
    *, by: Person | None, person: Person, name: str, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token; the clear value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person,
        name=name,
        prefix=raw[:10],
        digest=digest_of(raw),
        created_at=clock.now(),
        expires_at=expires_at,
    )
    audit.record(
        actor=by,
        action="api.token_issued",
        obj=token,
        after={"person": person.pk, "name": name, "prefix": token.prefix},
        bureau_id=person.bureau_id,
    )
    return token, raw


@transaction.atomic
def revoke_token(*, by: Person | None, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise DomainError("token already revoked")
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=by, action="api.token_revoked", obj=token, after={"revoked": True})
    return token


def person_for_token(raw: str) -> Person | None:
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
    if token.expires_at is not None and token.expires_at <= now:
        return None
    # Recording use is bookkeeping, not a state change worth an audit event.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.person
