"""/api/v1/warnings — the same selectors and services as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from zhengwu.api.types import Id, PlausibleDate, PlausibleDateTime, column
from zhengwu.core.errors import PermissionDenied
from zhengwu.org.selectors import mask_phone
from zhengwu.warnings import selectors, services
from zhengwu.warnings.models import PhoneCall

router = Router(tags=["warnings"])


class CallOut(Schema):
    caller: str
    callee: str
    called_at: dt.datetime
    summary: str
    promised_date: dt.date | None


class PhoneReminderOut(Schema):
    id: int
    what: str
    due_date: dt.date
    contact_name: str
    contact_phone: str
    status: str
    calls: list[CallOut]


class CallIn(Schema):
    callee: column(PhoneCall, "callee", min_length=1)
    callee_phone: column(PhoneCall, "callee_phone", min_length=1)
    called_at: PlausibleDateTime
    summary: column(PhoneCall, "summary")
    promised_date: PlausibleDate | None = None


class KeyItemOut(Schema):
    id: int
    what: str
    due_date: dt.date
    status: str
    outcome: str
    opened_at: dt.datetime


def _reminder_out(row, person) -> dict:  # type: ignore[no-untyped-def]
    unmasked = person.has_perm("org.view_personal_data")
    return {
        "id": row.pk,
        "what": row.what,
        "due_date": row.deadline.due_date,
        "contact_name": row.contact_name,
        "contact_phone": row.contact_phone if unmasked else mask_phone(row.contact_phone),
        "status": row.status,
        "calls": [
            {
                "caller": c.caller.full_name,
                "callee": c.callee,
                "called_at": c.called_at,
                "summary": c.summary,
                "promised_date": c.promised_date,
            }
            for c in row.calls.all()
        ],
    }


@router.get("/phone-reminders", response=list[PhoneReminderOut])
def phone_reminders(request: HttpRequest, all: bool = False) -> list[dict]:
    person = request.auth
    if not person.has_perm("warnings.view_phone_reminders"):
        raise PermissionDenied()
    return [_reminder_out(r, person) for r in selectors.phone_worklist(person, include_done=all)]


@router.post("/phone-reminders/{reminder_id}/calls", response={201: PhoneReminderOut})
def record_call(request: HttpRequest, reminder_id: Id, payload: CallIn) -> tuple[int, dict]:
    person = request.auth
    if not person.has_perm("warnings.view_phone_reminders"):
        raise PermissionDenied()
    rows = [r for r in selectors.phone_worklist(person, include_done=True) if r.pk == reminder_id]
    if not rows:
        raise PermissionDenied()
    services.record_call(by=person, reminder=rows[0], **payload.dict())
    fresh = [r for r in selectors.phone_worklist(person, include_done=True) if r.pk == reminder_id]
    return 201, _reminder_out(fresh[0], person)


@router.get("/key-items", response=list[KeyItemOut])
def key_items(request: HttpRequest, all: bool = False) -> list[dict]:
    person = request.auth
    if not person.has_perm("warnings.view_key_items"):
        raise PermissionDenied()
    return [
        {
            "id": r.pk,
            "what": r.what,
            "due_date": r.deadline.due_date,
            "status": r.status,
            "outcome": r.outcome,
            "opened_at": r.opened_at,
        }
        for r in selectors.key_items(person, include_closed=all)
    ]


class LevelCount(Schema):
    level: int
    count: int


@router.get("/counts", response=list[LevelCount])
def counts(request: HttpRequest) -> list[dict]:
    person = request.auth
    if not person.has_perm("warnings.view_key_items"):
        raise PermissionDenied()
    return [{"level": k, "count": v} for k, v in selectors.warnings_by_level(person).items()]
