"""Test set-up for applications: the disclosure cast plus the head of the office (who approves
extensions) and a disclosure officer of another bureau (the outsider of bureau scope)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zhengwu.applications import services
from zhengwu.applications.models import Application
from zhengwu.core import clock
from zhengwu.disclosure.tests.helpers import DisclosureCast, make_disclosure_cast
from zhengwu.org import services as org_services
from zhengwu.org.models import Person, Role
from zhengwu.org.tests.factories import BureauFactory, Cast, PersonFactory

ID_NUMBER = "11010519491231002X"
CREDIT_CODE = "91350100M000100Y43"
# The public API's intake and the JSON of its example (issue 10, point 8).
API = "/api/v1/public/applications"
PAYLOAD = {
    "applicant_kind": "natural_person",
    "name": "张三",
    "id_type": "resident_id",
    "id_number": ID_NUMBER,
    "phone": "13800138000",
    "email": "zhangsan@example.com",
    "description": "2025年城区道路维修工程招标文件",
    "form": "electronic",
    "delivery": "email",
}


@dataclass
class AppCast:
    dc: DisclosureCast
    officer: Person  # disclosure officer: handles applications
    office_head: Person  # head of the office: approves extensions
    other_officer: Person  # disclosure officer of another bureau

    def __getattr__(self, name: str) -> Any:
        return getattr(self.dc, name)


def _role(person: Person, role: str, unit: Any = None) -> None:
    org_services.assign_role(
        by=None,
        person=person,
        role=role,
        unit=unit,
        units_in_charge=[],
        valid_from=dt.date(2020, 1, 1),
    )
    if hasattr(person, "_zhengwu_roles_cache"):
        delattr(person, "_zhengwu_roles_cache")


def make_app_cast(cast: Cast) -> AppCast:
    dc = make_disclosure_cast(cast)
    head = PersonFactory(
        username="office_head", full_name="办公室主任壬", bureau=cast.bureau, unit=cast.office
    )
    _role(head, Role.SECTION_HEAD, cast.office)
    other_bureau = BureauFactory(name="另一市交通运输局", code="OTHER-JT")
    other = PersonFactory(username="other_officer", full_name="外局公开员", bureau=other_bureau)
    _role(other, Role.DISCLOSURE_OFFICER)
    return AppCast(dc=dc, officer=dc.officer, office_head=head, other_officer=other)


def apply_online(ac: AppCast, **fields: Any) -> tuple[Application, str]:
    data: dict[str, Any] = {**PAYLOAD, **fields}
    return services.submit_application(by=None, bureau=ac.bureau, channel="online", **data)


def received(ac: AppCast, day: dt.date, **fields: Any) -> Application:
    """An application handed in on `day` (in person): its clock runs from that day."""
    with clock.frozen(dt.datetime(day.year, day.month, day.day, 10)):
        application, _secret = services.submit_application(
            by=ac.officer,
            bureau=ac.bureau,
            channel="in_person",
            handed_in_on=day,
            **{
                "applicant_kind": "natural_person",
                "name": "李四",
                "id_type": "resident_id",
                "id_number": ID_NUMBER,
                "phone": "13900139000",
                "description": "某文件",
                "form": "paper",
                "delivery": "in_person",
                **fields,
            },
        )
    return application


def at(day: dt.date, hour: int = 10) -> Any:
    return clock.frozen(dt.datetime(day.year, day.month, day.day, hour))
