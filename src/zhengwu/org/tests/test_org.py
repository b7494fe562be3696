"""Organisation, roles and the permission layer (foundation points 3 and 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.org import selectors, services
from zhengwu.org.models import Role, UnitKind
from zhengwu.org.tests.factories import OrgUnitFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_several_bureaus_with_sections_units_and_enterprises(cast) -> None:
    other = services.create_bureau(by=None, name="测试市交通运输局", code="TEST-JT")
    unit = services.create_unit(by=None, bureau=other, name="直属站", kind=UnitKind.AFFILIATED_UNIT)
    enterprise = services.create_unit(
        by=None, bureau=other, name="公交公司", kind=UnitKind.PUBLIC_ENTERPRISE
    )
    assert unit.can_undertake
    assert not enterprise.can_undertake
    assert set(selectors.undertaking_units(other.pk)) == {unit}


def test_a_person_holds_several_dated_roles(cast) -> None:
    person = cast.air_head
    services.assign_role(
        by=cast.admin,
        person=person,
        role=Role.DISCLOSURE_OFFICER,
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2026, 6, 30),
    )
    assert selectors.roles_of(person, on=dt.date(2026, 3, 1)) == {
        Role.SECTION_HEAD,
        Role.DISCLOSURE_OFFICER,
    }
    assert selectors.roles_of(person, on=dt.date(2026, 7, 1)) == {Role.SECTION_HEAD}


def test_ending_a_role_keeps_its_history(cast) -> None:
    assignment = cast.air_liaison.role_assignments.get(role=Role.LIAISON)
    services.end_role(by=cast.admin, assignment=assignment, on=dt.date(2026, 5, 31))
    assert selectors.liaison_of(cast.air, on=dt.date(2026, 5, 31)) == cast.air_liaison
    assert selectors.liaison_of(cast.air, on=dt.date(2026, 6, 1)) is None
    with pytest.raises(DomainError):
        services.end_role(by=cast.admin, assignment=assignment, on=dt.date(2026, 7, 1))


def test_S6_head_and_liaison_of_a_unit(cast) -> None:
    assert selectors.head_of(cast.air) == cast.air_head
    assert selectors.liaison_of(cast.air) == cast.air_liaison
    assert selectors.head_of(cast.water) == cast.water_head


def test_S6_liaison_needs_a_registered_phone(cast) -> None:
    person = PersonFactory(bureau=cast.bureau, unit=cast.water, mobile="")
    with pytest.raises(DomainError, match=r"手机|mobile"):
        services.assign_role(by=cast.admin, person=person, role=Role.LIAISON, unit=cast.water)


def test_unit_roles_need_a_unit_of_the_same_bureau(cast) -> None:
    foreign_unit = OrgUnitFactory()
    with pytest.raises(DomainError):
        services.assign_role(by=cast.admin, person=cast.outsider, role=Role.SECTION_HEAD)
    with pytest.raises(DomainError):
        services.assign_role(
            by=cast.admin, person=cast.outsider, role=Role.SECTION_HEAD, unit=foreign_unit
        )


def test_leader_in_charge_has_units(cast) -> None:
    assert selectors.units_in_charge(cast.leader) == {cast.air.pk}
    assert selectors.units_in_charge(cast.director) == set()


def test_role_assignment_is_audited(cast) -> None:
    from zhengwu.audit.models import Event

    assignment = services.assign_role(by=cast.admin, person=cast.outsider, role=Role.HR)
    event = Event.objects.for_object(assignment).get()
    assert event.action == "org.role_assigned"
    assert event.actor_id == cast.admin.pk
    assert event.after["role"] == "hr"


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("admin", True), ("auditor", True), ("director", False), ("office_staff", False),
     ("air_head", False), ("outsider", False)],
)  # fmt: skip
def test_admin_site_is_for_administrators_and_auditors_only(client, cast, persona, allowed):
    client.force_login(getattr(cast, persona))
    response = client.get("/admin/")
    assert (response.status_code == 200) is allowed


def test_auditor_reads_but_does_not_change(client, cast) -> None:
    client.force_login(cast.auditor)
    assert client.get("/admin/org/orgunit/").status_code == 200
    assert client.get(f"/admin/org/orgunit/{cast.air.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/org/orgunit/{cast.air.pk}/change/",
        {"bureau": cast.bureau.pk, "name": "改名", "kind": "section", "function": "general",
         "sort_order": 1},
    )  # fmt: skip
    assert response.status_code == 403
    cast.air.refresh_from_db()
    assert cast.air.name == "大气科"


def test_default_deny_even_for_superuser(cast) -> None:
    superuser = PersonFactory(bureau=cast.bureau, is_superuser=True)
    assert superuser.has_perm("core.access_admin")
    # Nothing is deleted: no rule grants deleting a unit, so even a superuser may not.
    assert not superuser.has_perm("org.delete_orgunit")
    assert not superuser.has_perm("no.such_permission")
    assert not cast.outsider.has_perm("no.such_permission")


def test_inactive_person_has_no_permission(cast) -> None:
    cast.admin.is_active = False
    assert not cast.admin.has_perm("core.access_admin")


def test_personal_data_is_masked_for_those_who_do_not_need_it(cast) -> None:
    assert selectors.mask_phone("13812345678") == "138****5678"
    assert selectors.mask_id_number("110101199003071234") == "110*************34"
    assert cast.office_staff.has_perm("org.view_personal_data")
    assert not cast.air_head.has_perm("org.view_personal_data")
    assert not cast.outsider.has_perm("org.view_personal_data")


def test_person_list_in_admin_masks_mobile_numbers(client, cast) -> None:
    client.force_login(cast.admin)
    body = client.get("/admin/org/person/").content.decode()
    assert cast.air_liaison.mobile not in body
    assert selectors.mask_phone(cast.air_liaison.mobile) in body


def test_role_cache_follows_the_clock(cast) -> None:
    with clock.frozen(dt.datetime(2019, 6, 1, 9, 0)):
        assert selectors.roles_of(cast.director) == set()  # roles start in 2020
    selectors.forget_roles(cast.director)
    assert selectors.roles_of(cast.director) == {Role.DIRECTOR}


def test_foundation_bureaus_for_is_the_account_bureau_and_the_bureaus_of_ones_roles(cast) -> None:
    other = OrgUnitFactory(name="交通办公室").bureau
    assert selectors.bureaus_for(cast.director) == {cast.bureau.pk}
    assert selectors.bureaus_for(cast.outsider) == {cast.bureau.pk}  # the account's bureau
    # A city-level overseer: a role assignment in each bureau overseen, nothing else.
    services.assign_role(
        by=None,
        person=cast.auditor,
        role=Role.AUDITOR,
        bureau=other,
        valid_from=dt.date(2020, 1, 1),
    )
    selectors.forget_roles(cast.auditor)
    assert selectors.bureaus_for(cast.auditor) == {cast.bureau.pk, other.pk}
    cast.director.is_active = False
    assert selectors.bureaus_for(cast.director) == set()


def test_foundation_admin_shows_only_the_bureaus_one_works_for(client, cast) -> None:
    unit = OrgUnitFactory(name="运输管理科")
    stranger = PersonFactory(username="jt_someone", full_name="交通局某人", bureau=unit.bureau)
    client.force_login(cast.admin)
    people = client.get("/admin/org/person/").content.decode()
    assert cast.director.full_name in people and stranger.full_name not in people
    assert client.get(f"/admin/org/person/{stranger.pk}/change/").status_code == 302  # as if none
    assert "运输管理科" not in client.get("/admin/org/person/add/").content.decode()
    assert unit.bureau.name not in client.get("/admin/org/bureau/").content.decode()
