"""Factories and named personas for tests across apps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import factory

from zhengwu.org import services
from zhengwu.org.models import Bureau, OrgUnit, Person, Role, UnitFunction, UnitKind

PASSWORD = "Test-Pass-2026"


class BureauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bureau

    name = factory.Sequence(lambda n: f"测试市第{n}局")
    code = factory.Sequence(lambda n: f"TEST-{n:03d}")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    bureau = factory.SubFactory(BureauFactory)
    name = factory.Sequence(lambda n: f"第{n}科")
    kind = UnitKind.SECTION
    function = UnitFunction.GENERAL


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    username = factory.Sequence(lambda n: f"person{n}")
    full_name = factory.Sequence(lambda n: f"测试人员{n}")
    bureau = factory.SubFactory(BureauFactory)
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    password = factory.django.Password(PASSWORD)


@dataclass
class Cast:
    """Named personas: who owns, who shares, who is an outsider (as in the rules' examples)."""

    bureau: Bureau
    office: OrgUnit
    air: OrgUnit
    water: OrgUnit
    director: Person
    leader: Person  # in charge of the air section
    office_staff: Person
    air_head: Person
    air_liaison: Person
    water_head: Person
    admin: Person
    auditor: Person
    outsider: Person  # an account with no role at all


def make_cast() -> Cast:
    bureau = BureauFactory(name="测试市生态环境局", code="TEST-HB")
    office = OrgUnitFactory(bureau=bureau, name="办公室", function=UnitFunction.OFFICE)
    air = OrgUnitFactory(bureau=bureau, name="大气科")
    water = OrgUnitFactory(bureau=bureau, name="水科")
    start = dt.date(2020, 1, 1)

    def person(
        username: str, name: str, unit: OrgUnit, *roles: tuple[str, OrgUnit | None]
    ) -> Person:
        p = PersonFactory(username=username, full_name=name, bureau=bureau, unit=unit)
        for role, role_unit in roles:
            services.assign_role(
                by=None,
                person=p,
                role=role,
                unit=role_unit,
                units_in_charge=[air] if role == Role.LEADER_IN_CHARGE else [],
                valid_from=start,
            )
        return p

    return Cast(
        bureau=bureau,
        office=office,
        air=air,
        water=water,
        director=person("director", "局长甲", office, (Role.DIRECTOR, None)),
        leader=person("leader", "副局长乙", office, (Role.LEADER_IN_CHARGE, None)),
        office_staff=person("office", "办公室丙", office, (Role.OFFICE_STAFF, None)),
        air_head=person("air_head", "大气科长丁", air, (Role.SECTION_HEAD, air)),
        air_liaison=person("air_liaison", "大气联络员戊", air, (Role.LIAISON, air)),
        water_head=person("water_head", "水科长己", water, (Role.SECTION_HEAD, water)),
        admin=person("admin", "管理员庚", office, (Role.SYSTEM_ADMIN, None)),
        auditor=person("auditor", "审计员辛", office, (Role.AUDITOR, None)),
        outsider=person("outsider", "无角色壬", water),
    )
