"""Audit log (foundation point 5): append-only, hash-chained, verified by `zhengwu audit verify`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from zhengwu.audit import services as audit
from zhengwu.audit.models import AppendOnlyError, Event
from zhengwu.org import services as org
from zhengwu.org.models import Bureau

pytestmark = pytest.mark.django_db


def make_events(count: int) -> list[Event]:
    events = []
    with transaction.atomic():
        for i in range(count):
            bureau = org.create_bureau(by=None, name=f"审计测试局{i}", code=f"AUD-{i}")
            events.append(Event.objects.for_object(bureau).get())
    return events


def test_verify_passes_on_an_intact_log(capsys: pytest.CaptureFixture[str]) -> None:
    make_events(5)
    call_command("audit", "verify")
    assert "5 events verified" in capsys.readouterr().out


def test_verify_names_the_first_edited_event() -> None:
    events = make_events(5)
    target = events[2]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_event SET object_repr = %s WHERE seq = %s", ["伪造", target.seq]
        )
    with pytest.raises(CommandError, match=rf"#{target.seq}\b.*modified"):
        call_command("audit", "verify")


def test_verify_names_a_deleted_event() -> None:
    events = make_events(5)
    target = events[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE seq = %s", [target.seq])
    with pytest.raises(CommandError, match=rf"#{target.seq}\b.*missing"):
        call_command("audit", "verify")


def test_verify_notices_the_last_event_removed() -> None:
    events = make_events(3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE seq = %s", [events[-1].seq])
    with pytest.raises(CommandError, match=rf"#{events[-1].seq}\b"):
        call_command("audit", "verify")


def test_events_cannot_be_changed_or_deleted_through_the_orm() -> None:
    event = make_events(1)[0]
    event.action = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(seq=event.seq).update(action="x")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()


def test_event_is_written_in_the_same_transaction_as_the_change() -> None:
    before = Event.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        org.create_bureau(by=None, name="回滚局", code="ROLLBACK")
        raise RuntimeError("the change fails after the event was written")
    assert not Bureau.objects.filter(code="ROLLBACK").exists()
    assert Event.objects.count() == before


# serialized_rollback: a transactional test elsewhere on this worker may have emptied the tables
# the migrations fill (catalogue, calendar, time limits); this restores them first.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_record_refuses_to_run_outside_a_transaction() -> None:
    with pytest.raises(RuntimeError, match="inside transaction"):
        audit.record(actor=None, action="test.outside")


def test_each_event_carries_who_what_when_and_the_previous_hash(cast) -> None:
    with transaction.atomic():
        unit = org.create_unit(by=cast.admin, bureau=cast.bureau, name="新科室", kind="section")
    event = Event.objects.for_object(unit).get()
    previous = Event.objects.get(seq=event.seq - 1)
    assert event.actor_id == cast.admin.pk
    assert event.actor_name == cast.admin.full_name
    assert event.action == "org.unit_created"
    assert event.after["name"] == "新科室"
    assert event.prev_hash == previous.hash
    assert event.hash == event.compute_hash()
    assert event.bureau_id == cast.bureau.pk


def test_request_id_is_recorded_from_the_request(client, cast) -> None:
    client.force_login(cast.admin)
    response = client.post(
        "/admin/org/orgunit/add/",
        {"bureau": cast.bureau.pk, "name": "请求科", "kind": "section", "function": "general",
         "sort_order": 1, "is_active": "on"},
        HTTP_X_REQUEST_ID="req-abcdef123456",
    )  # fmt: skip
    assert response.status_code == 302, response.content[:500]
    event = Event.objects.get(action="admin.orgunit_created")
    assert event.request_id == "req-abcdef123456"
    assert event.actor_id == cast.admin.pk


@pytest.mark.parametrize(
    ("persona", "status"), [("auditor", 200), ("admin", 200), ("director", 403), ("outsider", 403)]
)
def test_audit_log_page_is_for_auditors_and_administrators(client, cast, persona, status) -> None:
    client.force_login(getattr(cast, persona))
    response = client.get("/staff/audit/")
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "org.role_assigned" in body
        # the project's wording wins over Django's own catalogue (过滤器)
        assert ">筛选</button>" in body


def test_audit_log_page_filters_by_action(client, cast) -> None:
    make_events(2)
    # A city-level auditor is data: a role assignment in each bureau overseen (here one more).
    org.assign_role(
        by=None, person=cast.auditor, role="auditor", valid_from=dt.date(2020, 1, 1),
        bureau=Bureau.objects.get(name="审计测试局0"),
    )  # fmt: skip
    client.force_login(cast.auditor)
    body = client.get("/staff/audit/", {"action": "org.bureau_created"}).content.decode()
    assert "审计测试局0" in body
    assert "审计测试局1" not in body  # a bureau the auditor does not work for
    rows = body.split("<tbody>")[1].split("</tbody>")[0]
    assert "新增机关" in rows and "分配角色" not in rows


def test_foundation_audit_log_shows_actions_and_objects_in_words(client, cast) -> None:
    from zhengwu.audit.services import record

    with transaction.atomic():
        org.create_bureau(by=cast.admin, name="审计测试局0", code="AUD-0")
        record(
            actor=None, action="org.something_new", object_type="org.orgunit", object_id="7",
            object_repr="", bureau_id=cast.bureau.pk,
        )  # fmt: skip
    client.force_login(cast.auditor)
    body = client.get("/staff/audit/").content.decode()
    rows = body.split("<tbody>")[1].split("</tbody>")[0]
    # an unknown action reads as a general label, the system as 系统, an unnamed object by its kind
    assert "其他操作" in rows and "系统" in rows
    assert "组织单位 #7" in rows
    for code in ("org.something_new", "org.orgunit", "system"):
        assert code not in rows


def test_timeline_lists_an_objects_events_in_order(cast) -> None:
    from zhengwu.audit.selectors import timeline

    assignment = cast.air_liaison.role_assignments.get()
    with transaction.atomic():
        org.end_role(by=cast.admin, assignment=assignment, on=cast.air_liaison.date_joined.date())
    actions = [e.action for e in timeline(assignment)]
    assert actions == ["org.role_assigned", "org.role_ended"]


def test_foundation_the_admin_audit_log_names_actions_and_objects_in_words(client, cast) -> None:
    """The administrators' audit pages read like the staff audit page: "机构已创建"-style actions
    and model names, never the stored codes ("org.bureau_created", "org.bureau")."""
    import re

    from zhengwu.audit.labels import action_label

    event = Event.objects.filter(bureau_id=cast.admin.bureau_id).exclude(object_type="").last()
    assert event is not None
    client.force_login(cast.admin)
    listing = client.get("/admin/audit/event/").content.decode()
    detail = client.get(f"/admin/audit/event/{event.seq}/change/").content.decode()
    filtered = client.get("/admin/audit/event/", {"action": event.action}).content.decode()
    for page in (listing, detail, filtered):
        shown = re.sub(r"<[^>]*>", " ", page)
        assert action_label(event.action) in shown
        assert event.action not in shown and event.object_type not in shown, " ".join(
            shown[shown.find(event.action) - 100 :][:300].split()
        )
