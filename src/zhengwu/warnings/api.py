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


class OverdueItemOut(Schema):
    """One overdue item a call or a key-list entry is about (a milestone of the task)."""

    label: str
    due_date: dt.date
    status: str


class PhoneReminderOut(Schema):
    id: int
    what: str
    subject_type: str
    subject_id: str
    level: int
    due_date: dt.date
    items: list[OverdueItemOut]
    contact_name: str
    contact_phone: str
    status: str
    outcome: str
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
    subject_type: str
    subject_id: str
    level: int
    due_date: dt.date
    items: list[OverdueItemOut]
    status: str
    outcome: str
    opened_at: dt.datetime


def _subject_out(row) -> dict:  # type: ignore[no-untyped-def]
    """S-8: the task a row chases and its overdue items (the earliest due date first)."""
    return {
        "subject_type": row.subject_type,
        "subject_id": row.subject_id,
        "level": row.level,
        "due_date": row.first_due,
        "items": [
            {"label": i["label"], "due_date": i["due_date"], "status": i["status"]}
            for i in row.items
        ],
    }


def _reminder_out(row, person) -> dict:  # type: ignore[no-untyped-def]
    unmasked = person.has_perm("org.view_personal_data")
    return {
        "id": row.pk,
        "what": row.what,
        **_subject_out(row),
        "contact_name": row.contact_name,
        "contact_phone": row.contact_phone if unmasked else mask_phone(row.contact_phone),
        "status": row.status,
        "outcome": row.outcome,
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
            **_subject_out(r),
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
