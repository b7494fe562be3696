"""Staff pages, permissions, the banner and the admin of the calendar (issue 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.workdays import services
from zhengwu.workdays.models import CalendarDay, CalendarYear, DaySource, TimeLimit
from zhengwu.workdays.policy import current_limit
from zhengwu.workdays.tests.samples import NOTICE_2027, sample

pytestmark = pytest.mark.django_db

D = dt.date


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_S1_calendar_page_is_readable_by_every_staff_member(cast) -> None:
    url = reverse("workdays:calendar-year", kwargs={"year": 2025})
    for person in (cast.director, cast.air_liaison, cast.water_head, cast.auditor):
        response = _client(person).get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "2025年工作日历" in html and "已确认" in html
        assert 'class="cal-holiday" title="国庆节' in html and 'data-date="2025-10-01"' in html
        assert 'class="cal-adjusted"' in html  # 2025-09-28, a Sunday worked
    assert Client().get(url).status_code == 302  # anonymous: to the login page


def test_S1_calendar_of_an_unconfirmed_year_says_so(cast) -> None:
    html = _client(cast.air_head).get(reverse("workdays:calendar-year", args=[2027])).content
    assert "未确认" in html.decode()


def test_R3_notice_page_previews_then_applies(cast) -> None:
    client = _client(cast.admin)
    url = reverse("workdays:import-notice")
    assert client.get(url).status_code == 200
    preview = client.post(url, {"action": "preview", "text": NOTICE_2027})
    html = preview.content.decode()
    assert preview.status_code == 200 and "预览" in html
    assert "2027-02-14" in html and "新增" in html
    assert not CalendarYear.objects.filter(year=2027).exists()  # nothing stored by a preview
    done = client.post(url, {"action": "confirm", "notice_text": [NOTICE_2027]}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("workdays:calendar-year", args=[2027])
    assert "2027年：新增11天" in done.content.decode()
    assert CalendarDay.objects.get(day=D(2027, 1, 1)).source == DaySource.NOTICE
    assert Event.objects.filter(action=services.Actions.NOTICE_IMPORTED).get().actor_id == (
        cast.admin.pk
    )


def test_R3_notice_upload_as_a_txt_file(cast) -> None:
    upload = SimpleUploadedFile("2025.txt", sample("2025.txt").encode("gb18030"))
    response = _client(cast.admin).post(
        reverse("workdays:import-notice"), {"action": "preview", "file": upload}
    )
    assert response.status_code == 200
    assert "国务院办公厅关于2025年部分节假日安排的通知" in response.content.decode()


def test_R3_unreadable_notice_is_refused_in_chinese_and_nothing_stored(cast) -> None:
    broken = NOTICE_2027.replace("1月1日(周五)至3日", "1月1日(周五)至X日")
    count = CalendarDay.objects.count()
    client = _client(cast.admin)
    for data in (
        {"action": "preview", "text": broken},
        {"action": "confirm", "notice_text": [broken]},
        {"action": "preview", "text": "  "},
    ):
        response = client.post(reverse("workdays:import-notice"), data)
        assert response.status_code == 400
        html = response.content.decode()
        assert "无法完整读取" in html or "请粘贴通知全文" in html
    assert CalendarDay.objects.count() == count


def test_R3_only_administrators_load_notices(cast) -> None:
    url = reverse("workdays:import-notice")
    for person in (cast.office_staff, cast.air_liaison, cast.director, cast.auditor, cast.outsider):
        assert _client(person).get(url).status_code == 403
        assert (
            _client(person)
            .post(url, {"action": "confirm", "notice_text": [NOTICE_2027]})
            .status_code
            == 403
        )
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_R3_compute_page_explains_a_deadline_in_one_line(cast) -> None:
    response = _client(cast.air_liaison).get(
        reverse("workdays:compute"), {"rule": "R-3", "start": "2025-09-26"}
    )
    html = response.content.decode()
    assert "2025-10-30" in html and "条例》第三十三条" in html and "2025-09-26" in html
    computed = html.split('data-testid="computation"')[1]
    assert "R-3" not in computed and "答复期限" in computed  # the rule shown by its name
    bad = _client(cast.air_liaison).get(reverse("workdays:compute"), {"rule": "R-3", "start": "x"})
    assert bad.status_code == 200 and "输入一个有效的日期" in bad.content.decode()


def test_D7_time_limits_page_lists_every_version(cast) -> None:
    services.set_time_limit(by=cast.admin, rule_id="D-7", amount=15, unit="workdays", note="测试")
    html = _client(cast.water_head).get(reverse("workdays:time-limits")).content.decode()
    assert "第2版" in html and "第1版" in html and "现行" in html and "已被取代" in html
    assert "主动公开期限" in html and "D-7" not in html


def test_S1_banner_from_1_october_while_next_year_is_unconfirmed(cast) -> None:
    client = _client(cast.air_head)
    url = reverse("staff-home")
    banner = "2027年工作日历尚未确认"
    with clock.frozen(dt.datetime(2026, 9, 30, 12)):
        assert banner not in client.get(url).content.decode()
    with clock.frozen(dt.datetime(2026, 10, 1, 9)):
        assert banner in client.get(url).content.decode()
        services.import_notice(by=cast.admin, texts=[NOTICE_2027])
        assert banner not in client.get(url).content.decode()


def test_D7_admin_edits_go_through_the_services_and_are_audited(cast) -> None:
    client = _client(cast.admin)
    response = client.post(
        reverse("admin:workdays_calendarday_add"),
        {"day": "2026-03-10", "is_workday": "", "name": "临时休假"},
    )
    assert response.status_code == 302
    row = CalendarDay.objects.get(day=D(2026, 3, 10))
    assert (row.is_workday, row.source) == (False, DaySource.MANUAL)
    assert Event.objects.filter(action=services.Actions.CALENDAR_DAY_CHANGED).count() == 1
    response = client.post(
        reverse("admin:workdays_calendarday_delete", args=[row.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(day=D(2026, 3, 10)).exists()
    assert Event.objects.filter(action=services.Actions.CALENDAR_DAY_REMOVED).count() == 1

    # A time limit: a new version, the old row untouched; editing in place is not offered.
    old = current_limit("R-4")
    response = client.post(
        reverse("admin:workdays_timelimit_add"),
        {"rule_id": "R-4", "amount": "5", "unit": "workdays", "note": "试行"},
    )
    assert response.status_code == 302
    assert current_limit("R-4").version == old.version + 1 and current_limit("R-4").amount == 5
    assert TimeLimit.objects.get(pk=old.pk).amount == old.amount
    change = reverse("admin:workdays_timelimit_change", args=[old.pk])
    client.post(change, {"rule_id": "R-4", "amount": "1", "unit": "workdays"})
    assert TimeLimit.objects.get(pk=old.pk).amount == old.amount

    # The auditor reads, the liaison does not enter the admin at all.
    assert (
        _client(cast.auditor).get(reverse("admin:workdays_calendarday_changelist")).status_code
        == 200
    )
    assert (
        _client(cast.auditor).post(reverse("admin:workdays_calendarday_add"), {}).status_code == 403
    )
    assert (
        _client(cast.air_liaison).get(reverse("admin:workdays_calendarday_changelist")).status_code
        == 302
    )


def test_S4_admin_marks_a_year_unconfirmed_through_the_service(cast) -> None:
    client = _client(cast.admin)
    response = client.post(
        reverse("admin:workdays_calendaryear_change", args=[2026]), {"status": "unconfirmed"}
    )
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2026).status == "unconfirmed"
    assert Event.objects.filter(action=services.Actions.CALENDAR_YEAR_CHANGED).count() == 1
    html = client.get(reverse("workdays:calendar-year", args=[2026])).content.decode()
    assert "未确认" in html


def test_D7_admin_refuses_a_zero_time_limit_and_changes_nothing(cast) -> None:
    before = current_limit("D-7")
    response = _client(cast.admin).post(
        reverse("admin:workdays_timelimit_add"),
        {"rule_id": "D-7", "amount": "0", "unit": "workdays"},
    )
    assert response.status_code == 200 and "时限至少为1" in response.content.decode()
    assert current_limit("D-7") == before
