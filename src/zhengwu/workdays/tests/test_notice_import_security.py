"""Holiday notices are loaded by calendar administrators only, and checked (security review): a
made-up notice with a 32-day New Year holiday was applied by an office clerk and moved 19
deadlines. A notice that does not look like a real one is flagged in the preview and applied only
with an explicit confirmation and a reason, on the page and on the command line alike (audited)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from zhengwu.audit.models import Event
from zhengwu.core.errors import DomainError
from zhengwu.org import services as org_services
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import PersonFactory
from zhengwu.workdays import policy, selectors, services
from zhengwu.workdays.models import CalendarDay, CalendarYear
from zhengwu.workdays.tests.samples import NOTICE_2027, sample

pytestmark = pytest.mark.django_db

D = dt.date

# Invented (NOT a real notice): the forged notice of the report, a 32-day New Year holiday.
FORGED_2027 = """国务院办公厅关于2027年部分节假日安排的通知
各省、自治区、直辖市人民政府,国务院各部委、各直属机构:
经国务院批准,现将2027年元旦放假调休日期的具体安排通知如下。
一、元旦:1月1日(周五)至2月1日(周一)放假调休,共32天。
国务院办公厅
2026年11月20日
"""


def calendar_admin(cast):
    person = PersonFactory(username="calendar", full_name="日历管理员", bureau=cast.bureau)
    org_services.assign_role(
        by=None, person=person, role=Role.CALENDAR_ADMIN, valid_from=D(2020, 1, 1)
    )
    return person


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _notice(body: str) -> str:
    return (
        "国务院办公厅关于2027年部分节假日安排的通知\n各省、自治区、直辖市人民政府:\n"
        f"经国务院批准,现将2027年放假调休日期的具体安排通知如下。\n{body}\n国务院办公厅\n"
        "2026年11月20日\n"
    )


def test_foundation_only_calendar_and_system_administrators_load_notices(cast) -> None:
    url = reverse("workdays:import-notice")
    for person in (cast.office_staff, cast.air_liaison, cast.director, cast.auditor):
        assert _client(person).get(url).status_code == 403
        response = _client(person).post(url, {"action": "confirm", "notice_text": [NOTICE_2027]})
        assert response.status_code == 403
        with pytest.raises(DomainError):
            services.import_notice(by=person, texts=[NOTICE_2027])
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert Role.CALENDAR_ADMIN in Role.values
    for person in (calendar_admin(cast), cast.admin):
        assert _client(person).get(url).status_code == 200
    services.import_notice(by=cast.admin, texts=[NOTICE_2027])
    assert CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize(
    "text,why",
    [
        (FORGED_2027, "32"),  # a holiday longer than 9 days in a row
        # adjusted working day on a weekday
        (_notice("一、春节:2月5日(周五)至11日(周四)放假调休,共7天。2月15日(周一)上班。"),
         "2027-02-15"),
        # dates outside the notice's year ± 1
        (_notice("一、元旦:1月1日(周五)至3日(周日)放假,共3天。\n二、国庆节:2029年10月1日放假,共1天。"),
         "2029-10-01"),
        # more holidays than a year has
        (_notice("\n".join(
            f"{n}、节日{n}:{m}月{d}日至{d + 3}日放假,共4天。"
            for n, (m, d) in enumerate([(3, 1), (4, 5), (5, 10), (6, 14), (7, 12), (8, 9)], 1)
        )), "净"),
    ],
)  # fmt: skip
def test_foundation_an_implausible_notice_is_flagged_and_needs_a_confirmation_with_a_reason(
    cast, text: str, why: str
) -> None:
    plan = selectors.plan_notice_import([text])
    assert plan.implausible() and why in " ".join(plan.implausible())
    before = CalendarDay.objects.count()
    for confirm, reason in ((False, ""), (True, ""), (False, "核对过")):
        with pytest.raises(DomainError, match="不像"):
            services.import_notice(
                by=cast.admin, texts=[text], confirm_implausible=confirm, reason=reason
            )
    assert (
        CalendarDay.objects.count() == before
        and not Event.objects.filter(action=services.Actions.NOTICE_IMPORTED).exists()
    )
    services.import_notice(
        by=cast.admin, texts=[text], confirm_implausible=True, reason="与国务院网站原文核对一致"
    )
    event = Event.objects.get(action=services.Actions.NOTICE_IMPORTED)
    assert event.after["reason"] == "与国务院网站原文核对一致"
    assert event.after["implausible"] == plan.implausible()


def test_foundation_thresholds_are_policy_data(cast, monkeypatch) -> None:
    assert selectors.plan_notice_import([NOTICE_2027]).implausible() == []
    monkeypatch.setattr(
        selectors, "NOTICE_PLAUSIBILITY", policy.NoticePlausibility(max_holiday_run_days=6)
    )
    assert "7" in " ".join(selectors.plan_notice_import([NOTICE_2027]).implausible())


@pytest.mark.parametrize("name", ["2012.txt", "2017.txt", "2025.txt", "2020.txt"])
def test_foundation_real_notices_are_not_flagged(name: str) -> None:
    assert selectors.plan_notice_import([sample(name)]).implausible() == []


def test_foundation_the_2020_extension_ten_days_off_is_flagged_and_confirmed(cast) -> None:
    """The one real notice beyond the bounds: 24 January to 2 February 2020, 10 days off."""
    texts = [sample("2020.txt"), sample("2020-extra.txt")]
    warnings = selectors.plan_notice_import(texts).implausible()
    assert len(warnings) == 1 and "2020-01-24" in warnings[0] and "2020-02-02" in warnings[0]
    services.import_notice(
        by=cast.admin, texts=texts, confirm_implausible=True, reason="疫情防控延长春节假期"
    )
    assert CalendarDay.objects.get(day=D(2020, 2, 1)).is_workday is False


def test_foundation_the_page_shows_why_and_applies_only_with_confirmation_and_reason(
    cast,
) -> None:
    client = _client(calendar_admin(cast))
    url = reverse("workdays:import-notice")
    html = client.post(url, {"action": "preview", "text": FORGED_2027}).content.decode()
    assert "不像真实的通知" in html and "32" in html and 'name="reason"' in html
    refused = client.post(url, {"action": "confirm", "notice_text": [FORGED_2027]})
    assert refused.status_code == 400 and "理由" in refused.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    no_reason = client.post(
        url, {"action": "confirm", "notice_text": [FORGED_2027], "confirm_implausible": "on"}
    )
    assert no_reason.status_code == 400
    assert not CalendarYear.objects.filter(year=2027).exists()
    done = client.post(
        url,
        {
            "action": "confirm",
            "notice_text": [FORGED_2027],
            "confirm_implausible": "on",
            "reason": "演练数据",
        },
    )
    assert done.status_code == 302 and CalendarYear.objects.filter(year=2027).exists()
    assert Event.objects.get(action=services.Actions.NOTICE_IMPORTED).after["reason"] == "演练数据"


def test_foundation_the_command_refuses_an_implausible_notice_without_confirmation(
    tmp_path,
) -> None:
    path = tmp_path / "forged.txt"
    path.write_text(FORGED_2027, encoding="utf-8")
    with pytest.raises(CommandError, match="--confirm-implausible") as refused:
        call_command("workdays", "import-notice", str(path), stdout=StringIO())
    assert refused.value.returncode == 2
    with pytest.raises(CommandError):
        call_command(
            "workdays", "import-notice", str(path), "--confirm-implausible", stdout=StringIO()
        )
    assert not CalendarYear.objects.filter(year=2027).exists()
    out = StringIO()
    call_command(
        "workdays", "import-notice", str(path), "--confirm-implausible", "--reason", "演练",
        stdout=out,
    )  # fmt: skip
    assert CalendarYear.objects.filter(year=2027).exists()
    assert Event.objects.get(action=services.Actions.NOTICE_IMPORTED).after["reason"] == "演练"


def test_foundation_the_api_loads_notices_for_administrators_only_and_checks_them(cast) -> None:
    import json

    def post(person, url, data):
        client = Client()
        client.force_login(person)
        return client.post(url, json.dumps(data), content_type="application/json")

    url = "/api/v1/workdays/notices"
    for person in (cast.office_staff, cast.air_liaison):
        assert post(person, url, {"texts": [NOTICE_2027]}).status_code == 403
        assert post(person, url + "/preview", {"texts": [NOTICE_2027]}).status_code == 403
    admin = calendar_admin(cast)
    preview = post(admin, url + "/preview", {"texts": [FORGED_2027]})
    assert preview.status_code == 200 and "32" in " ".join(preview.json()["implausible"])
    assert not CalendarYear.objects.filter(year=2027).exists()
    refused = post(admin, url, {"texts": [FORGED_2027], "confirm_implausible": True})
    assert refused.status_code == 400 and refused.json()["code"] == "implausible"
    assert not CalendarYear.objects.filter(year=2027).exists()
    done = post(
        admin, url, {"texts": [FORGED_2027], "confirm_implausible": True, "reason": "演练数据"}
    )
    assert done.status_code == 201 and done.json()["years"] == [2027]
    assert Event.objects.get(action=services.Actions.NOTICE_IMPORTED).after["reason"] == "演练数据"
