"""State changes of the organisation. Each is atomic and writes its audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.audit import services as audit
from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.org.models import UNIT_ROLES, Bureau, OrgUnit, Person, Role, RoleAssignment
from zhengwu.org.selectors import forget_roles


class Actions:
    BUREAU_CREATED = "org.bureau_created"
    BUREAU_CHANGED = "org.bureau_changed"
    UNIT_CREATED = "org.unit_created"
    UNIT_CHANGED = "org.unit_changed"
    PERSON_CREATED = "org.person_created"
    PERSON_CHANGED = "org.person_changed"
    ROLE_ASSIGNED = "org.role_assigned"
    ROLE_CHANGED = "org.role_changed"
    ROLE_ENDED = "org.role_ended"
    ROLE_REMOVED = "org.role_removed"


@transaction.atomic
def create_bureau(*, by: Person | None, name: str, code: str, **fields: Any) -> Bureau:
    bureau = Bureau(name=name, code=code, **fields)
    bureau.full_clean()
    bureau.save()
    audit.record(
        actor=by,
        action=Actions.BUREAU_CREATED,
        obj=bureau,
        after=audit.snapshot(bureau),
        bureau_id=bureau.pk,
    )
    return bureau


@transaction.atomic
def create_unit(
    *, by: Person | None, bureau: Bureau, name: str, kind: str, **fields: Any
) -> OrgUnit:
    unit = OrgUnit(bureau=bureau, name=name, kind=kind, **fields)
    unit.full_clean()
    unit.save()
    audit.record(actor=by, action=Actions.UNIT_CREATED, obj=unit, after=audit.snapshot(unit))
    return unit


@transaction.atomic
def create_person(
    *,
    by: Person | None,
    username: str,
    full_name: str,
    password: str | None,
    bureau: Bureau | None,
    unit: OrgUnit | None = None,
    check_password: bool = True,
    **fields: Any,
) -> Person:
    if unit is not None and bureau is not None and unit.bureau_id != bureau.pk:
        raise DomainError(_("The unit belongs to another bureau."))
    person = Person(username=username, full_name=full_name, bureau=bureau, unit=unit, **fields)
    if password:
        if check_password:
            try:
                validate_password(password, person)
            except ValidationError as exc:
                raise DomainError(" ".join(exc.messages), code="password") from exc
        person.set_password(password)
    else:
        person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    audit.record(actor=by, action=Actions.PERSON_CREATED, obj=person, after=audit.snapshot(person))
    return person


@transaction.atomic
def assign_role(
    *,
    by: Person | None,
    person: Person,
    role: str,
    bureau: Bureau | None = None,
    unit: OrgUnit | None = None,
    units_in_charge: Iterable[OrgUnit] = (),
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    note: str = "",
) -> RoleAssignment:
    bureau = bureau or person.bureau
    if bureau is None:
        raise DomainError(_("A role is held in a bureau; the person has none."))
    if role not in Role.values:
        raise DomainError(_("Unknown role: %(role)s") % {"role": role})
    if role in UNIT_ROLES and unit is None:
        raise DomainError(_("A section head or liaison must be assigned to a section or unit."))
    if unit is not None and unit.bureau_id != bureau.pk:
        raise DomainError(_("The unit belongs to another bureau."))
    if role == Role.LIAISON and not person.mobile:
        # S-6: the liaison's phone is registered with the office, which phones at level 2 (S-8).
        raise DomainError(_("A liaison must have a registered mobile phone number."))
    in_charge = list(units_in_charge)
    if any(u.bureau_id != bureau.pk for u in in_charge):
        raise DomainError(_("The unit belongs to another bureau."))
    assignment = RoleAssignment(
        person=person,
        bureau=bureau,
        role=role,
        unit=unit,
        valid_from=valid_from or clock.today(),
        valid_until=valid_until,
        note=note,
    )
    try:
        assignment.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    assignment.save()
    if in_charge:
        assignment.units_in_charge.set(in_charge)
    forget_roles(person)
    after = audit.snapshot(assignment)
    after["units_in_charge"] = sorted(u.pk for u in in_charge)
    audit.record(
        actor=by, action=Actions.ROLE_ASSIGNED, obj=assignment, after=after, bureau_id=bureau.pk
    )
    return assignment


@transaction.atomic
def end_role(*, by: Person | None, assignment: RoleAssignment, on: dt.date) -> RoleAssignment:
    """A role ends on `on` (inclusive); the record stays, so history is never lost."""
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if on < assignment.valid_from:
        raise DomainError(_("A role cannot end before it starts."))
    if assignment.valid_until is not None and assignment.valid_until <= on:
        raise DomainError(_("This role has already ended."))
    before = audit.snapshot(assignment, ["valid_until"])
    assignment.valid_until = on
    assignment.save(update_fields=["valid_until"])
    forget_roles(assignment.person)
    audit.record(
        actor=by,
        action=Actions.ROLE_ENDED,
        obj=assignment,
        before=before,
        after=audit.snapshot(assignment, ["valid_until"]),
    )
    return assignment
