"""Queries about the organisation: who holds which role, on which unit, today."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import models, router
from django.db.models import Q, QuerySet, prefetch_related_objects

from zhengwu.core import clock
from zhengwu.org import signals
from zhengwu.org.models import (
    Bureau,
    OrgUnit,
    Person,
    Role,
    RoleAssignment,
    UnitFunction,
)

_CACHE_ATTR = "_zhengwu_roles_cache"


def active_assignments(person: Person, *, on: dt.date | None = None) -> list[RoleAssignment]:
    """The person's role assignments in force on `on` (today by default).

    Asked on nearly every request, so kept twice: on the person object for the rest of the request,
    and in this process under the organisation's stamp (org.signals), which every write of an
    assignment, a unit or a bureau replaces in the writer's transaction. A request reads the stamp
    (one small query) and uses the process's copy only when it was read under the same stamp; the
    copy is never handed out itself, each caller gets objects of its own."""
    if person is None or not getattr(person, "is_authenticated", False) or not person.pk:
        return []
    day = on or clock.today()
    cached = getattr(person, _CACHE_ATTR, None)
    if cached is not None and cached[0] == day:
        return cached[1]
    alias = router.db_for_read(RoleAssignment)
    stamp = signals.current(alias)  # None (a flushed database): nothing is kept
    key = (alias, person.pk, day)
    shared = _shared.get(key)
    if stamp is not None and shared is not None and shared[0] == stamp:
        assignments = [copy.copy(a) for a in shared[1]]
    else:
        assignments = _read_assignments(person, day)
        if stamp is not None:
            if len(_shared) >= _SHARED_MAX:
                _shared.clear()
            _shared[key] = (stamp, [copy.copy(a) for a in assignments])
    setattr(person, _CACHE_ATTR, (day, assignments))
    return assignments


def _read_assignments(person: Person, day: dt.date) -> list[RoleAssignment]:
    assignments = list(
        RoleAssignment.objects.active_on(day).filter(person=person).select_related("unit", "bureau")
    )
    # Units in charge are a leader's (units_in_charge): the query for them is made only for a
    # person who leads.
    prefetch_related_objects(
        [a for a in assignments if a.role == Role.LEADER_IN_CHARGE], "units_in_charge"
    )
    return assignments


# (database alias, person, day) → (stamp read before the assignments, the assignments)
_shared: dict[tuple[str, int, dt.date], tuple[str, list[RoleAssignment]]] = {}
_SHARED_MAX = 10_000


def forget_roles(person: Person) -> None:
    if hasattr(person, _CACHE_ATTR):
        delattr(person, _CACHE_ATTR)


def has_role(
    person: Person,
    *roles: str,
    unit: OrgUnit | None = None,
    bureau_id: int | None = None,
    on: dt.date | None = None,
) -> bool:
    for assignment in active_assignments(person, on=on):
        if assignment.role not in roles:
            continue
        if unit is not None and assignment.unit_id != unit.pk:
            continue
        if bureau_id is not None and assignment.bureau_id != bureau_id:
            continue
        return True
    return False


def roles_of(person: Person, *, on: dt.date | None = None) -> set[str]:
    return {a.role for a in active_assignments(person, on=on)}


def units_in_charge(person: Person, *, on: dt.date | None = None) -> set[int]:
    ids: set[int] = set()
    for assignment in active_assignments(person, on=on):
        if assignment.role == Role.LEADER_IN_CHARGE:
            ids.update(u.pk for u in assignment.units_in_charge.all())
    return ids


def units_headed_or_liaised(person: Person, *, on: dt.date | None = None) -> set[int]:
    return {
        a.unit_id
        for a in active_assignments(person, on=on)
        if a.role in (Role.SECTION_HEAD, Role.LIAISON) and a.unit_id
    }


def holders(
    role: str,
    *,
    bureau_id: int | None = None,
    unit: OrgUnit | None = None,
    on: dt.date | None = None,
) -> QuerySet[Person]:
    """People holding `role` on a day (e.g. the liaison of a section, the bureau's director)."""
    assignments = RoleAssignment.objects.active_on(on or clock.today()).filter(role=role)
    if bureau_id is not None:
        assignments = assignments.filter(bureau_id=bureau_id)
    if unit is not None:
        assignments = assignments.filter(unit=unit)
    return Person.objects.filter(pk__in=assignments.values("person_id"), is_active=True).order_by(
        "full_name"
    )


def head_of(unit: OrgUnit, *, on: dt.date | None = None) -> Person | None:
    """S-6: the principal head of a section or unit is its first responsible person."""
    return holders(Role.SECTION_HEAD, unit=unit, on=on).first()


def liaison_of(unit: OrgUnit, *, on: dt.date | None = None) -> Person | None:
    """S-6: the dedicated contact whose phone is registered with the office."""
    return holders(Role.LIAISON, unit=unit, on=on).first()


def units_with_function(bureau_id: int, function: str) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(bureau_id=bureau_id, function=function, is_active=True)


def office_of(bureau_id: int) -> OrgUnit | None:
    return units_with_function(bureau_id, UnitFunction.OFFICE).first()


def undertaking_units(bureau_id: int) -> QuerySet[OrgUnit]:
    """S-7: sections and affiliated units (public enterprises don't undertake 12340 tasks)."""
    return OrgUnit.objects.filter(
        bureau_id=bureau_id, is_active=True, kind__in=["section", "affiliated_unit"]
    )


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678: enough to recognise, not enough to misuse."""
    digits = value.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id_number(value: str) -> str:
    """Resident ID numbers: keep the first 3 and last 2 characters only."""
    text = value.strip()
    if len(text) <= 5:
        return "*" * len(text)
    return text[:3] + "*" * (len(text) - 5) + text[-2:]


def bureaus_for(person: Person | None) -> set[int]:
    """THE scope rule of every staff surface: the ids of the bureaus `person` works for.

    A person works for the bureau of their account and for every bureau in which they hold a role
    today. A city-level role that oversees several bureaus is data, not code: the city gives that
    person a role assignment in each bureau overseen. Nobody else's records are shown on any staff
    page, API operation, export, count or notification (only the portal's
    `disclosure.selectors.public_items()` crosses bureaus). Superusers are not special here.
    """
    if person is None or not getattr(person, "is_authenticated", False):
        return set()
    if not getattr(person, "is_active", False) or not person.pk:
        return set()
    ids = {a.bureau_id for a in active_assignments(person)}
    if person.bureau_id:
        ids.add(person.bureau_id)
    return ids


def bureau_lookups(model: type[models.Model]) -> list[str]:
    """How rows of `model` reach their bureau: `bureau` / `bureau_id`, else through one or two
    foreign keys (a milestone's `task__bureau`, a token's `person__bureau`). Empty: shared data
    of the installation (catalogue, calendar, policy rows)."""
    if model is Bureau:
        return ["pk"]
    fields = {f.name: f for f in model._meta.get_fields() if getattr(f, "concrete", False)}
    if "bureau" in fields and fields["bureau"].is_relation:
        return ["bureau"]
    if "bureau_id" in fields:
        return ["bureau_id"]
    lookups = []
    for field in fields.values():
        if not (field.many_to_one or field.one_to_one) or field.related_model is None:
            continue
        if field.related_model is Bureau:
            lookups.append(field.name)
            continue
        for inner in field.related_model._meta.get_fields():
            if (inner.many_to_one or inner.one_to_one) and inner.related_model is Bureau:
                lookups.append(f"{field.name}__{inner.name}")
            elif inner.name == "bureau_id" and getattr(inner, "concrete", False):
                lookups.append(f"{field.name}__bureau_id")  # e.g. a warning's deadline
    return lookups


def in_bureaus(queryset: QuerySet[Any], person: Person | None) -> QuerySet[Any]:
    """`queryset` limited to the rows of the bureaus `person` works for (shared data unchanged).

    For generic surfaces (the admin); each app's own visibility selector applies its finer rules.
    """
    lookups = bureau_lookups(queryset.model)
    if not lookups:
        return queryset
    bureaus = bureaus_for(person)
    condition = Q(pk__in=[])
    for lookup in lookups:
        condition |= Q(**{f"{lookup}__in": bureaus})
    return queryset.filter(condition)


def people_in(units: Iterable[OrgUnit]) -> QuerySet[Person]:
    return Person.objects.filter(unit__in=list(units), is_active=True)
