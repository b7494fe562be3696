"""Every write of what a person's role assignments are read with changes the organisation's
stamp (OrganisationStamp), in the same transaction as the write; the processes' copies of role
assignments (org.selectors.active_assignments) are valid only under the stamp they were read at.

No code writes these tables in bulk or through SQL; a bulk write added later must call `renew`.
"""

from __future__ import annotations

import secrets

from django.db import connections, router
from django.db.models.signals import m2m_changed, post_delete, post_save

from zhengwu.org.models import Bureau, OrganisationStamp, OrgUnit, RoleAssignment

STAMP_TABLE = OrganisationStamp._meta.db_table


def renew(using: str | None = None) -> None:
    """A value never drawn before (128 random bits); the row is made when it is missing (a
    flushed or restored database)."""
    alias = using or router.db_for_write(OrganisationStamp)
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {STAMP_TABLE} (id, value) VALUES (1, %s) "  # noqa: S608 — fixed name
            "ON CONFLICT (id) DO UPDATE SET value = excluded.value",
            [secrets.token_hex(16)],
        )


def current(alias: str) -> str | None:
    """The stamp now, as the connection `alias` sees it; None while there is none."""
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT value FROM {STAMP_TABLE} WHERE id = 1")  # noqa: S608 — fixed name
        row = cursor.fetchone()
    return row[0] if row else None


def _written(sender, using: str | None = None, **kwargs) -> None:
    renew(using)


def _members_changed(sender, action: str, using: str | None = None, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        renew(using)


def connect() -> None:
    for model in (RoleAssignment, OrgUnit, Bureau):
        post_save.connect(_written, sender=model, dispatch_uid=f"org-stamp-save-{model.__name__}")
        post_delete.connect(
            _written, sender=model, dispatch_uid=f"org-stamp-delete-{model.__name__}"
        )
    m2m_changed.connect(
        _members_changed,
        sender=RoleAssignment.units_in_charge.through,
        dispatch_uid="org-stamp-units-in-charge",
    )
