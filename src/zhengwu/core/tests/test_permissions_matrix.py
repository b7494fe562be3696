"""The permission matrix in docs/permissions.md is what the code answers, role by role.

Each role's column is walked again (every page and API operation, in a world rolled back
afterwards) and compared with the document; `zhengwu permissions --write docs/permissions.md`
writes it anew. Beside the comparison, what must hold whatever the document says.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from zhengwu.core import permission_matrix as pm

DOC = Path(__file__).resolve().parents[4] / "docs" / "permissions.md"
UPDATE = "run `zhengwu permissions --write docs/permissions.md` to update it"


def documented() -> dict[tuple[str, str, str], dict[str, str]]:
    """{(method, route as written, record): {role: ✓ – ?}} read from the document."""
    table: dict[tuple[str, str, str], dict[str, str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| ") or "`" not in line:
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        method, path, record, marks = cells[0], cells[1].strip("`"), cells[2], cells[3:]
        table[(method, path, record)] = dict(zip(pm.ROLE_KEYS, marks, strict=True))
    return table


def key_of(row: pm.Row) -> tuple[str, str, str]:
    path = row.path + (" (with the codes)" if row.note == "tracking" else "")
    return row.method, path, row.record


def test_foundation_the_permission_matrix_lists_every_route_and_role() -> None:
    """Every page and operation of the code is a row of the document, and nothing else is."""
    doc = documented()
    rows = [key_of(row) for row, _url in pm.rows()]
    assert sorted(set(rows)) == sorted(doc), UPDATE
    assert all(len(cells) == len(pm.ROLES) for cells in doc.values()), UPDATE
    text = DOC.read_text(encoding="utf-8")
    for column in pm.ROLES:
        assert column.zh in text and column.en in text, UPDATE
    assert len([r for r in rows if r[1].startswith("/api/")]) >= 90
    assert len([r for r in rows if not r[1].startswith("/api/")]) >= 250


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[pm.World]:
    """One world per module (and per xdist worker), rolled back after the module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield pm.build_world()
        transaction.set_rollback(True)


@pytest.mark.walk
@pytest.mark.django_db
@pytest.mark.parametrize("role", pm.ROLE_KEYS)
def test_foundation_the_permission_matrix_is_what_the_code_answers(
    role: str, world: pm.World
) -> None:
    walked = pm.walk(world, (role,))
    doc = documented()
    differ = [
        f"{row.method} {row.path}: code {cells[role]}"
        for row, cells in walked.items()
        if doc.get(key_of(row), {}).get(role) != cells[role]
    ]
    assert not differ, f"docs/permissions.md differs for {role} ({UPDATE}):\n" + "\n".join(
        differ[:40]
    )

    allowed = {key_of(row)[1] for row, cells in walked.items() if cells[role] == pm.ALLOW}
    plain, with_ids = pm.staff_routes()
    staff_pages = {r for r in plain if r.startswith(("/staff/", "/admin/", "/supervision/"))}
    staff_pages -= {"/admin/login/"}  # the administration's log-in form is open to all
    staff_ops = {
        row.path
        for row in walked
        if row.kind == "api" and not row.path.startswith(("/api/v1/public", "/api/v1/health"))
    }
    task = "/supervision/tasks/<int:pk>/"
    if role in ("anonymous", "applicant"):
        assert not allowed & staff_pages, sorted(allowed & staff_pages)
        assert not allowed & {r for r, _p, _v in with_ids}
        assert not allowed & staff_ops, sorted(allowed & staff_ops)
    if role == "applicant":
        assert "/apply/track/ (with the codes)" in allowed
        assert "/api/v1/public/applications/{tracking_number}" in allowed
    else:
        assert "/apply/track/ (with the codes)" not in allowed
    if role == "other_unit":
        assert task not in allowed
        assert "/api/v1/supervision/tasks/{task_id}" not in allowed
    if role in ("unit_head", "liaison", "leader", "director", "supervision"):
        assert task in allowed
    if role == "auditor":
        changes = {
            row.path
            for row in walked
            if row.kind == "api"
            and row.method != "GET"
            and walked[row][role] == pm.ALLOW
            and not row.path.startswith("/api/v1/public")  # anyone may apply
        }
        assert not changes, sorted(changes)
        assert "/staff/audit/" in allowed
    if role == "admin":
        assert "/admin/" in allowed and "/admin/org/person/" in allowed
    else:
        assert "/admin/org/person/add/" not in allowed
