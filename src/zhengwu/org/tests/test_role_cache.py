"""A person's role assignments, kept by each process between requests (org.selectors,
org.signals): whatever changes roles, units or bureaus is seen at the next question, in this
process and in any other; a change that was rolled back is never seen; nobody shares objects."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test.utils import CaptureQueriesContext

from zhengwu.core import clock
from zhengwu.org import selectors, services
from zhengwu.org.models import Bureau, OrganisationStamp, OrgUnit, Person, Role, RoleAssignment

pytestmark = pytest.mark.django_db


def fresh(person: Person) -> Person:
    """The person as the next request (or another process) loads them."""
    return Person.objects.get(pk=person.pk)


def queries_of(person: Person) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        selectors.active_assignments(person)
    return [q["sql"] for q in captured.captured_queries]


def test_foundation_a_second_request_reads_the_stamp_only(cast) -> None:
    first = queries_of(fresh(cast.leader))
    assert any("org_roleassignment" in sql for sql in first)
    again = queries_of(fresh(cast.leader))
    assert len(again) == 1 and OrganisationStamp._meta.db_table in again[0], again
    assert selectors.units_in_charge(fresh(cast.leader)) == {cast.air.pk}


def test_foundation_a_new_role_or_an_ended_one_is_seen_at_the_next_request(cast, client) -> None:
    person = cast.outsider
    client.force_login(person)
    assert client.get("/staff/audit/").status_code == 403
    yesterday = clock.today() - dt.timedelta(days=1)
    assignment = services.assign_role(
        by=cast.admin, person=person, role=Role.AUDITOR, valid_from=yesterday
    )
    assert selectors.roles_of(fresh(person)) == {Role.AUDITOR}
    assert client.get("/staff/audit/").status_code == 200
    services.end_role(by=cast.admin, assignment=assignment, on=yesterday)
    assert selectors.roles_of(fresh(person)) == set()
    assert client.get("/staff/audit/").status_code == 403


def test_foundation_every_kind_of_write_is_seen(cast) -> None:
    leader = cast.leader
    assignment = RoleAssignment.objects.get(person=leader, role=Role.LEADER_IN_CHARGE)
    selectors.active_assignments(fresh(leader))  # kept

    assignment.units_in_charge.add(cast.water)
    assert selectors.units_in_charge(fresh(leader)) == {cast.air.pk, cast.water.pk}
    assignment.units_in_charge.remove(cast.air)
    assert selectors.units_in_charge(fresh(leader)) == {cast.water.pk}
    assignment.units_in_charge.clear()
    assert selectors.units_in_charge(fresh(leader)) == set()

    head = cast.air_head
    selectors.active_assignments(fresh(head))
    unit = OrgUnit.objects.get(pk=cast.air.pk)
    unit.name = "大气环境科"
    unit.save()
    (held,) = [a for a in selectors.active_assignments(fresh(head)) if a.unit_id]
    assert held.unit.name == "大气环境科"

    bureau = Bureau.objects.get(pk=cast.bureau.pk)
    bureau.short_name = "市环境局"
    bureau.save()
    assert {a.bureau.short_name for a in selectors.active_assignments(fresh(head))} == {"市环境局"}

    RoleAssignment.objects.filter(person=head).delete()
    assert selectors.active_assignments(fresh(head)) == []


def test_foundation_a_change_rolled_back_is_never_seen(cast) -> None:
    person = cast.outsider
    assert selectors.roles_of(fresh(person)) == set()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.assign_role(by=cast.admin, person=person, role=Role.SYSTEM_ADMIN)
        assert selectors.roles_of(fresh(person)) == {Role.SYSTEM_ADMIN}  # kept, inside
        raise RuntimeError
    assert selectors.roles_of(fresh(person)) == set()


def test_foundation_callers_do_not_share_objects(cast) -> None:
    first = selectors.active_assignments(fresh(cast.air_head))
    first[0].role = Role.SYSTEM_ADMIN
    first.append(first[0])
    again = selectors.active_assignments(fresh(cast.air_head))
    assert Role.SYSTEM_ADMIN not in {a.role for a in again}
    assert len(again) == len(first) - 1


def test_foundation_without_a_stamp_nothing_is_kept(cast) -> None:
    OrganisationStamp.objects.all().delete()  # a flushed database
    person = cast.outsider
    assert selectors.roles_of(fresh(person)) == set()
    with connection.cursor() as cursor:  # written behind the signals' back: still seen
        cursor.execute(
            "INSERT INTO org_roleassignment (person_id, bureau_id, role, valid_from, note) "
            "VALUES (%s, %s, %s, %s, '')",
            [person.pk, cast.bureau.pk, Role.AUDITOR, clock.today()],
        )
    assert selectors.roles_of(fresh(person)) == {Role.AUDITOR}
    services.assign_role(by=cast.admin, person=person, role=Role.HR)
    assert OrganisationStamp.objects.count() == 1  # made again by the next write
    assert selectors.roles_of(fresh(person)) == {Role.AUDITOR, Role.HR}


def test_foundation_the_stamp_follows_every_table_the_assignments_are_read_with(cast) -> None:
    """What `active_assignments` reads — the assignments, the unit and bureau joined to them and
    the units in charge — renews the stamp when it is saved or deleted."""
    query = RoleAssignment.objects.select_related("unit", "bureau").query
    joined = {RoleAssignment} | {
        RoleAssignment._meta.get_field(name).related_model for name in query.select_related
    }
    assert joined == {RoleAssignment, OrgUnit, Bureau}

    def stamp() -> str:
        return OrganisationStamp.objects.get().value

    for model in joined:
        row = model._default_manager.filter(pk__in=_of_cast(cast, model)).first()
        before = stamp()
        row.save()
        assert stamp() != before, model
    spare = OrgUnit.objects.create(bureau=cast.bureau, name="临时科")
    before = stamp()
    spare.delete()
    assert stamp() != before
    assert m2m_changed.has_listeners(RoleAssignment.units_in_charge.through)
    assert post_delete.has_listeners(RoleAssignment) and post_save.has_listeners(Bureau)


def _of_cast(cast, model) -> list[int]:
    if model is Bureau:
        return [cast.bureau.pk]
    if model is OrgUnit:
        return [cast.air.pk]
    return list(RoleAssignment.objects.filter(person=cast.air_head).values_list("pk", flat=True))
