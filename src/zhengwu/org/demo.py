"""示例市生态环境局 — a fictional bureau with realistic sections, units, leaders and staff — and
示例市交通运输局, a small second bureau of the same city installation."""

from __future__ import annotations

import datetime as dt

from zhengwu.core.demo_loader import DEMO_PASSWORD, DemoContext
from zhengwu.org import services
from zhengwu.org.models import Bureau, OrgUnit, Person, Role, RoleAssignment, UnitFunction, UnitKind

BUREAU = {
    "name": "示例市生态环境局",
    "short_name": "市生态环境局",
    "code": "SLJ-HB",
    "address": "示例市人民路88号市政府大楼B座",
    "phone": "0571-88001234",
    "fax": "0571-88001235",
    "email": "gongkai@example.gov.cn",
    "office_hours": "工作日 上午8:30—12:00，下午14:00—17:30",
}

# key, name, kind, function
UNITS = [
    ("office", "办公室", UnitKind.SECTION, UnitFunction.OFFICE),
    ("supervision", "监察室", UnitKind.SECTION, UnitFunction.SUPERVISION),
    ("hr", "人事科", UnitKind.SECTION, UnitFunction.HR),
    ("legal", "法规科", UnitKind.SECTION, UnitFunction.LEGAL),
    ("air", "大气环境管理科", UnitKind.SECTION, UnitFunction.GENERAL),
    ("water", "水生态环境管理科", UnitKind.SECTION, UnitFunction.GENERAL),
    ("soil", "土壤与固体废物管理科", UnitKind.SECTION, UnitFunction.GENERAL),
    ("eia", "环境影响评价科", UnitKind.SECTION, UnitFunction.GENERAL),
    ("monitor", "示例市环境监测中心站", UnitKind.AFFILIATED_UNIT, UnitFunction.GENERAL),
    (
        "enforce",
        "示例市生态环境保护综合行政执法支队",
        UnitKind.AFFILIATED_UNIT,
        UnitFunction.GENERAL,
    ),
    ("solidwaste", "示例市固体废物管理中心", UnitKind.AFFILIATED_UNIT, UnitFunction.GENERAL),
    ("research", "示例市环境科学研究院", UnitKind.PUBLIC_ENTERPRISE, UnitFunction.GENERAL),
]

# username, full name, unit key, job title, mobile, [(role, unit key or None, [units in charge])]
PEOPLE = [
    ("director", "王建国", "office", "局长", "13900000001", [(Role.DIRECTOR, None, [])]),
    (
        "deputy_li",
        "李红梅",
        "office",
        "副局长",
        "13900000002",
        [(Role.LEADER_IN_CHARGE, None, ["office", "hr", "legal", "supervision"])],
    ),
    (
        "deputy_zhao",
        "赵志强",
        "office",
        "副局长",
        "13900000003",
        [(Role.LEADER_IN_CHARGE, None, ["air", "water", "monitor"])],
    ),
    (
        "deputy_sun",
        "孙立新",
        "office",
        "副局长",
        "13900000004",
        [(Role.LEADER_IN_CHARGE, None, ["soil", "eia", "enforce", "solidwaste", "research"])],
    ),
    (
        "office_head",
        "陈静",
        "office",
        "办公室主任",
        "13900000010",
        [(Role.SECTION_HEAD, "office", []), (Role.DISCLOSURE_OFFICER, None, [])],
    ),
    (
        "office_zhou",
        "周敏",
        "office",
        "科员",
        "13900000011",
        [(Role.OFFICE_STAFF, None, []), (Role.LIAISON, "office", [])],
    ),
    (
        "office_wu",
        "吴婷",
        "office",
        "科员",
        "13900000012",
        [(Role.OFFICE_STAFF, None, []), (Role.DISCLOSURE_OFFICER, None, [])],
    ),
    (
        "supervisor",
        "郑国华",
        "supervision",
        "监察室主任",
        "13900000020",
        [(Role.SECTION_HEAD, "supervision", []), (Role.SUPERVISION_STAFF, None, [])],
    ),
    (
        "hr_head",
        "冯丽",
        "hr",
        "人事科科长",
        "13900000030",
        [(Role.SECTION_HEAD, "hr", []), (Role.HR, None, [])],
    ),
    (
        "legal_head",
        "何伟",
        "legal",
        "法规科科长",
        "13900000040",
        [(Role.SECTION_HEAD, "legal", []), (Role.CONFIDENTIALITY_REVIEWER, None, [])],
    ),
    (
        "air_head",
        "刘洋",
        "air",
        "大气环境管理科科长",
        "13900000050",
        [(Role.SECTION_HEAD, "air", [])],
    ),
    ("air_liaison", "杨帆", "air", "科员", "13900000051", [(Role.LIAISON, "air", [])]),
    (
        "water_head",
        "黄海",
        "water",
        "水生态环境管理科科长",
        "13900000060",
        [(Role.SECTION_HEAD, "water", [])],
    ),
    ("water_liaison", "林晓", "water", "科员", "13900000061", [(Role.LIAISON, "water", [])]),
    (
        "soil_head",
        "马骏",
        "soil",
        "土壤与固体废物管理科科长",
        "13900000070",
        [(Role.SECTION_HEAD, "soil", [])],
    ),
    ("soil_liaison", "高雅", "soil", "科员", "13900000071", [(Role.LIAISON, "soil", [])]),
    (
        "eia_head",
        "罗斌",
        "eia",
        "环境影响评价科科长",
        "13900000080",
        [(Role.SECTION_HEAD, "eia", [])],
    ),
    ("eia_liaison", "郭佳", "eia", "科员", "13900000081", [(Role.LIAISON, "eia", [])]),
    (
        "monitor_head",
        "谢天",
        "monitor",
        "站长",
        "13900000090",
        [(Role.SECTION_HEAD, "monitor", [])],
    ),
    ("monitor_liaison", "韩雪", "monitor", "科员", "13900000091", [(Role.LIAISON, "monitor", [])]),
    (
        "enforce_head",
        "唐刚",
        "enforce",
        "支队长",
        "13900000100",
        [(Role.SECTION_HEAD, "enforce", [])],
    ),
    ("enforce_liaison", "曹颖", "enforce", "科员", "13900000101", [(Role.LIAISON, "enforce", [])]),
    (
        "waste_head",
        "许诺",
        "solidwaste",
        "主任",
        "13900000110",
        [(Role.SECTION_HEAD, "solidwaste", [])],
    ),
    (
        "waste_liaison",
        "邓超",
        "solidwaste",
        "科员",
        "13900000111",
        [(Role.LIAISON, "solidwaste", [])],
    ),
    (
        "research_head",
        "彭程",
        "research",
        "院长",
        "13900000120",
        [(Role.SECTION_HEAD, "research", [])],
    ),
    (
        "reviewer",
        "蒋蓉",
        "legal",
        "保密审查员",
        "13900000041",
        [(Role.CONFIDENTIALITY_REVIEWER, None, [])],
    ),
    ("auditor", "沈洁", "supervision", "审计员", "13900000021", [(Role.AUDITOR, None, [])]),
    ("sysadmin", "钱程", "office", "信息化管理员", "13900000013", [(Role.SYSTEM_ADMIN, None, [])]),
    # Loads the State Council's holiday notices into the working-day calendar.
    (
        "calendar",
        "孙立",
        "office",
        "日历管理员",
        "13900000014",
        [(Role.CALENDAR_ADMIN, None, [])],
    ),
]

DEMO_LOGINS = [
    ("director", "王建国 局长 / director"),
    ("deputy_zhao", "赵志强 分管副局长 / leader in charge"),
    ("office_zhou", "周敏 办公室 / office staff, liaison"),
    ("office_head", "陈静 办公室主任 / office head, disclosure officer"),
    ("supervisor", "郑国华 监察室 / supervision office"),
    ("air_head", "刘洋 大气环境管理科科长 / section head"),
    ("air_liaison", "杨帆 大气科联络员 / liaison"),
    ("reviewer", "蒋蓉 保密审查员 / confidentiality reviewer"),
    ("hr_head", "冯丽 人事科 / HR"),
    ("auditor", "沈洁 审计员 / auditor"),
    ("sysadmin", "钱程 系统管理员 / system administrator"),
    ("jt_director", "交通运输局 刘志远 局长 / second bureau: director"),
    ("jt_office", "交通运输局 蔡琳 办公室、信息公开 / office, disclosure officer"),
    ("jt_hr", "交通运输局 田甜 人事科 / HR"),
]

# The second bureau of the demo city: small, with every role, so that a newcomer sees how one
# installation serves several bureaus (each sees only its own work; the portal shows both).
TRANSPORT_BUREAU = {
    "name": "示例市交通运输局",
    "short_name": "市交通运输局",
    "code": "SLJ-JT",
    "address": "示例市人民路88号市政府大楼C座",
    "phone": "0571-88002345",
    "email": "jtgongkai@example.gov.cn",
    "office_hours": "工作日 上午8:30—12:00，下午14:00—17:30",
}

TRANSPORT_UNITS = [
    ("office", "办公室", UnitKind.SECTION, UnitFunction.OFFICE),
    ("supervision", "监察室", UnitKind.SECTION, UnitFunction.SUPERVISION),
    ("hr", "人事科", UnitKind.SECTION, UnitFunction.HR),
    ("roads", "公路管理科", UnitKind.SECTION, UnitFunction.GENERAL),
    ("transit", "运输管理科", UnitKind.SECTION, UnitFunction.GENERAL),
]

TRANSPORT_PEOPLE = [
    ("jt_director", "刘志远", "office", "局长", "13900000201", [(Role.DIRECTOR, None, [])]),
    (
        "jt_deputy",
        "宋佳",
        "office",
        "副局长",
        "13900000202",
        [(Role.LEADER_IN_CHARGE, None, ["office", "hr", "supervision", "roads", "transit"])],
    ),
    (
        "jt_office",
        "蔡琳",
        "office",
        "办公室主任",
        "13900000210",
        [
            (Role.SECTION_HEAD, "office", []),
            (Role.OFFICE_STAFF, None, []),
            (Role.LIAISON, "office", []),
            (Role.DISCLOSURE_OFFICER, None, []),
        ],
    ),
    (
        "jt_supervisor",
        "潘越",
        "supervision",
        "监察室主任",
        "13900000220",
        [(Role.SECTION_HEAD, "supervision", []), (Role.SUPERVISION_STAFF, None, [])],
    ),
    (
        "jt_hr",
        "田甜",
        "hr",
        "人事科科长",
        "13900000230",
        [(Role.SECTION_HEAD, "hr", []), (Role.HR, None, [])],
    ),
    ("jt_auditor", "钟磊", "supervision", "审计员", "13900000221", [(Role.AUDITOR, None, [])]),
    (
        "jt_reviewer",
        "袁芳",
        "office",
        "保密审查员",
        "13900000211",
        [(Role.CONFIDENTIALITY_REVIEWER, None, [])],
    ),
    ("jt_admin", "贾明", "office", "信息化管理员", "13900000212", [(Role.SYSTEM_ADMIN, None, [])]),
    (
        "jt_roads_head",
        "龚伟",
        "roads",
        "公路管理科科长",
        "13900000240",
        [(Role.SECTION_HEAD, "roads", [])],
    ),
    ("jt_roads_liaison", "范琦", "roads", "科员", "13900000241", [(Role.LIAISON, "roads", [])]),
    (
        "jt_transit_head",
        "秦川",
        "transit",
        "运输管理科科长",
        "13900000250",
        [(Role.SECTION_HEAD, "transit", [])],
    ),
    (
        "jt_transit_liaison",
        "薛宁",
        "transit",
        "科员",
        "13900000251",
        [(Role.LIAISON, "transit", [])],
    ),
]

ROLES_START = dt.date(2026, 1, 1)


def load(ctx: DemoContext) -> None:
    _load_bureau(ctx, BUREAU, UNITS, PEOPLE, superuser="sysadmin")


def load_transport(ctx: DemoContext) -> None:
    _load_bureau(ctx, TRANSPORT_BUREAU, TRANSPORT_UNITS, TRANSPORT_PEOPLE)


def _load_bureau(
    ctx: DemoContext,
    spec: dict[str, str],
    units: list[tuple[str, str, str, str]],
    people: list[tuple[str, str, str, str, str, list[tuple[str, str | None, list[str]]]]],
    *,
    superuser: str = "",
) -> None:
    bureau = Bureau.objects.filter(name=spec["name"]).first()
    if bureau is None:
        fields = {k: v for k, v in spec.items() if k not in {"name", "code"}}
        bureau = services.create_bureau(by=None, name=spec["name"], code=spec["code"], **fields)
    ctx.bureau = bureau
    for order, (key, name, kind, function) in enumerate(units, start=1):
        unit = OrgUnit.objects.filter(bureau=bureau, name=name).first()
        if unit is None:
            unit = services.create_unit(
                by=None, bureau=bureau, name=name, kind=kind, function=function, sort_order=order
            )
        ctx.units[key] = unit
    for username, full_name, unit_key, title, mobile, roles in people:
        person = Person.objects.filter(username=username).first()
        if person is None:
            person = services.create_person(
                by=None,
                username=username,
                full_name=full_name,
                password=DEMO_PASSWORD,
                bureau=bureau,
                unit=ctx.units[unit_key],
                job_title=title,
                mobile=mobile,
                email=f"{username}@example.gov.cn",
                is_superuser=(username == superuser),
            )
        ctx.people[username] = person
        for role, role_unit, in_charge in roles:
            unit = ctx.units[role_unit] if role_unit else None
            if RoleAssignment.objects.filter(person=person, role=role, unit=unit).exists():
                continue
            services.assign_role(
                by=None,
                person=person,
                role=role,
                bureau=bureau,
                unit=unit,
                units_in_charge=[ctx.units[k] for k in in_charge],
                valid_from=ROLES_START,
            )
