"""S-8 follow-ups worked by people: phone calls (office) and key supervision items (监察室)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.warnings import services
from zhengwu.warnings.models import KeyItemStatus, KeySupervisionItem, PhoneReminder

pytestmark = pytest.mark.django_db


def raise_to(items, level_day: str):  # type: ignore[no-untyped-def]
    deadline = items.deadline(dt.date(2025, 11, 14))
    services.sweep(at=clock.at_local(dt.date.fromisoformat(level_day), 9))
    services.process_all_new_warnings()
    return deadline


def login(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    return client


def test_S8_office_records_the_phone_call(items, cast) -> None:
    deadline = raise_to(items, "2025-11-19")
    reminder = PhoneReminder.objects.get(deadline=deadline)
    called = clock.now() - dt.timedelta(minutes=5)
    call = services.record_call(
        by=cast.office_staff, reminder=reminder, callee=cast.air_liaison.full_name,
        callee_phone=cast.air_liaison.mobile, called_at=called,
        summary="联络员表示周五前报送", promised_date=clock.today() + dt.timedelta(days=3),
    )  # fmt: skip
    reminder.refresh_from_db()
    assert reminder.status == "called"
    assert call.caller == cast.office_staff
    event = Event.objects.get(action=services.Actions.PHONE_CALL_RECORDED)
    assert (event.object_type, event.object_id) == ("test.item", deadline.owner_id)
    assert event.after["summary"] == "联络员表示周五前报送"


def test_S8_bad_call_input_changes_nothing(items, cast) -> None:
    deadline = raise_to(items, "2025-11-19")
    reminder = PhoneReminder.objects.get(deadline=deadline)
    with pytest.raises(DomainError) as exc:
        services.record_call(by=cast.office_staff, reminder=reminder, callee="某人",
                             callee_phone="1", called_at=clock.now(), summary="  ")  # fmt: skip
    assert exc.value.message == "请记录通话内容。"
    with pytest.raises(PermissionDenied):
        services.record_call(by=cast.air_head, reminder=reminder, callee="x", callee_phone="1",
                             called_at=clock.now(), summary="x")  # fmt: skip
    reminder.refresh_from_db()
    assert reminder.status == "open" and not reminder.calls.exists()


def test_S8_supervision_office_works_key_item(items, cast, supervisor) -> None:
    deadline = raise_to(items, "2025-11-20")
    item = KeySupervisionItem.objects.get(deadline=deadline)
    services.add_key_item_entry(by=supervisor, item=item, kind="action", text="约谈大气科负责人")
    services.add_key_item_entry(by=supervisor, item=item, kind="note", text="已制定整改方案")
    with pytest.raises(PermissionDenied):
        services.close_key_item(by=cast.office_staff, item=item, outcome="x")
    with pytest.raises(DomainError):
        services.close_key_item(by=supervisor, item=item, outcome=" ")
    services.close_key_item(by=supervisor, item=item, outcome="已办结，问责提醒一次")
    item.refresh_from_db()
    assert item.status == KeyItemStatus.CLOSED
    assert item.entries.count() == 2
    with pytest.raises(DomainError):
        services.add_key_item_entry(by=supervisor, item=item, kind="note", text="晚了")
    actions = set(
        Event.objects.filter(object_type="test.item", object_id=deadline.owner_id).values_list(
            "action", flat=True
        )
    )
    assert {services.Actions.KEY_ITEM_ENTRY, services.Actions.KEY_ITEM_CLOSED} <= actions


def test_S8_phone_worklist_page_shows_the_liaison_phone_to_the_office(items, cast) -> None:
    raise_to(items, "2025-11-19")
    page = login(cast.office_staff).get("/warnings/phone-reminders/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "测试事项1" in text and cast.air_liaison.mobile in text
    # Leaders follow the list but see the number masked; sections don't see the office's list.
    leader_page = login(cast.leader).get("/warnings/phone-reminders/").content.decode()
    assert "测试事项1" in leader_page and cast.air_liaison.mobile not in leader_page
    assert login(cast.air_head).get("/warnings/phone-reminders/").status_code == 403
    assert login(cast.outsider).get("/warnings/phone-reminders/").status_code == 403


def test_S8_record_call_through_the_page(items, cast) -> None:
    deadline = raise_to(items, "2025-11-19")
    reminder = PhoneReminder.objects.get(deadline=deadline)
    client = login(cast.office_staff)
    url = f"/warnings/phone-reminders/{reminder.pk}/"
    bad = client.post(url, {"callee": "戊", "callee_phone": "139", "summary": "",
                            "called_at": "2025-11-19T10:00"})  # fmt: skip
    assert bad.status_code == 200 and not reminder.calls.exists()
    form = {"callee": "戊", "callee_phone": "13900000000", "summary": "已催办",
            "called_at": "2025-11-19T10:00", "promised_date": "2025-11-21"}  # fmt: skip
    ok = client.post(url, form)
    assert ok.status_code == 302
    assert "已催办" in client.get(url).content.decode()


def test_S13_confidential_items_are_hidden_from_lists_and_api(items, cast, supervisor) -> None:
    secret = items.deadline(dt.date(2025, 11, 14))
    items.confidential.add(secret.owner_id)
    services.sweep(at=clock.at_local(dt.date(2025, 11, 20), 9))
    services.process_all_new_warnings()
    office_page = login(cast.office_staff).get("/warnings/phone-reminders/").content.decode()
    assert "测试事项" not in office_page
    assert "测试事项" not in login(supervisor).get("/warnings/key-items/").content.decode()
    item = KeySupervisionItem.objects.get()
    assert login(supervisor).get(f"/warnings/key-items/{item.pk}/").status_code == 404
    # The director is named on it and sees it.
    assert "测试事项" in login(cast.director).get("/warnings/key-items/").content.decode()
    api = login(cast.office_staff).get("/api/v1/warnings/phone-reminders")
    assert api.status_code == 200 and api.json() == []
    counts = login(supervisor).get("/api/v1/warnings/counts").json()
    assert counts == []


def test_S8_key_item_page_and_api(items, cast, supervisor) -> None:
    deadline = raise_to(items, "2025-11-20")
    item = KeySupervisionItem.objects.get(deadline=deadline)
    client = login(supervisor)
    url = f"/warnings/key-items/{item.pk}/"
    entry = {"action": "entry", "kind": "action", "text": "督办"}
    assert client.post(url, entry).status_code == 302
    assert client.post(url, {"action": "close", "outcome": "已整改"}).status_code == 302
    assert "已整改" in client.get(url).content.decode()
    office = login(cast.office_staff)
    assert office.post(url, {"action": "close", "outcome": "x"}).status_code == 403
    rows = login(cast.director).get("/api/v1/warnings/key-items?all=true").json()
    assert rows[0]["status"] == "closed" and rows[0]["outcome"] == "已整改"
    api = login(cast.office_staff).get("/api/v1/warnings/phone-reminders?all=true").json()
    assert api[0]["contact_phone"] == cast.air_liaison.mobile
    levels = login(cast.director).get("/api/v1/warnings/counts").json()
    assert levels == [{"level": 1, "count": 1}, {"level": 2, "count": 1}, {"level": 3, "count": 1}]


def test_S8_staff_home_panel_counts_what_to_chase(items, cast, supervisor) -> None:
    raise_to(items, "2025-11-20")
    office_home = login(cast.office_staff).get("/staff/").content.decode()
    assert "待电话催办" in office_home and "第3次预警" in office_home
    assert "督查中的重点事项" in login(supervisor).get("/staff/").content.decode()
    head_home = login(cast.air_head).get("/staff/").content.decode()
    assert 'data-testid="warnings-panel"' not in head_home


def test_S8_dashboard_draws_warnings_by_level_without_scripts(items, cast, supervisor) -> None:
    with clock.frozen(clock.at_local(dt.date(2025, 11, 20), 10)):
        raise_to(items, "2025-11-20")
        page = login(cast.director).get("/warnings/dashboard/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="warnings-chart"' in text and "<script>" not in text
    assert 'fill="url(#warnings-level-3)"' in text  # patterns, not colour alone
    assert "2025年第47周" in text  # the week of the warnings (Monday 2025-11-17), in the table
    assert login(cast.air_head).get("/warnings/dashboard/").status_code == 403


def test_S14_supervision_office_opens_and_concludes_an_accountability_case(
    items, cast, supervisor
) -> None:
    deadline = raise_to(items, "2025-11-20")
    item = KeySupervisionItem.objects.get(deadline=deadline)
    client = login(supervisor)
    url = f"/warnings/key-items/{item.pk}/"
    bad = client.post(url, {"action": "case", "subject": "大气科", "reason": " "})
    assert bad.status_code == 200 and not deadline.accountability_cases.exists()
    client.post(url, {"action": "case", "subject": "大气科负责人", "reason": "超期三次预警未办结"})
    case = deadline.accountability_cases.get()
    client.post(url, {"action": "outcome", "case": str(case.pk), "outcome": "诫勉谈话"})
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("concluded", "诫勉谈话")
    assert "诫勉谈话" in client.get(url).content.decode()
    with pytest.raises(PermissionDenied):
        services.open_accountability_case(by=cast.office_staff, on=item, subject="x", reason="y")
    actions = set(
        Event.objects.filter(object_type="test.item", object_id=deadline.owner_id).values_list(
            "action", flat=True
        )
    )
    assert {services.Actions.CASE_OPENED, services.Actions.CASE_CONCLUDED} <= actions


def test_foundation_admin_names_the_follow_ups_subject_in_words(items, cast) -> None:
    """The administrators' read-only pages of phone reminders and key supervision items name the
    kind of subject ("督办事项"), not its stored code."""
    import re

    from zhengwu.supervision.models import Task

    deadline = raise_to(items, "2025-11-26")
    PhoneReminder.objects.filter(deadline=deadline).update(subject_type="supervision.task")
    KeySupervisionItem.objects.filter(deadline=deadline).update(subject_type="supervision.task")
    client = login(cast.admin)
    for row in (PhoneReminder.objects.get(deadline=deadline), KeySupervisionItem.objects.get()):
        meta = row._meta
        page = client.get(f"/admin/warnings/{meta.model_name}/{row.pk}/change/")
        assert page.status_code == 200
        shown = re.sub(r"<[^>]*>", " ", page.content.decode())
        assert "supervision.task" not in shown
        assert str(Task._meta.verbose_name) in shown
