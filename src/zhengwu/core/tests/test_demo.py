"""Demo data (foundation point 9): a fictional bureau, idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from zhengwu.audit.models import Event
from zhengwu.org import selectors
from zhengwu.org.models import Bureau, OrgUnit, Person, Role, RoleAssignment

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def counts() -> tuple[int, ...]:
    return (
        Bureau.objects.count(),
        OrgUnit.objects.count(),
        Person.objects.count(),
        RoleAssignment.objects.count(),
        Event.objects.count(),
    )


def test_demo_creates_a_realistic_bureau_and_is_idempotent(capsys) -> None:
    call_command("demo")
    first = counts()
    call_command("demo")
    assert counts() == first
    bureau = Bureau.objects.get(name="示例市生态环境局")
    assert OrgUnit.objects.filter(bureau=bureau, kind="section").count() >= 6
    assert OrgUnit.objects.filter(bureau=bureau, kind="affiliated_unit").count() >= 2
    assert OrgUnit.objects.filter(bureau=bureau, kind="public_enterprise").exists()
    for role in Role.values:
        assert selectors.holders(role, bureau_id=bureau.pk).exists(), role
    out = capsys.readouterr().out
    assert "director" in out and "Demo-2026-zw" in out


def test_demo_if_empty_leaves_an_existing_database_alone(capsys) -> None:
    Bureau.objects.create(name="已有机关", code="EXIST")
    call_command("demo", "--if-empty")
    assert not Bureau.objects.filter(name="示例市生态环境局").exists()


def test_demo_logins_work(client) -> None:
    call_command("demo")
    response = client.post(
        "/accounts/login/", {"username": "director", "password": "Demo-2026-zw"}, follow=True
    )
    assert "王建国" in response.content.decode()
