"""Pages, export and API of the dashboards and the annual assessment: permissions, traceability,
the .xlsx, confidentiality and the audit event (S-8 dashboards, S-13, S-14)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from zhengwu.assessment.tests.conftest import TODAY
from zhengwu.audit.models import Event
from zhengwu.core import clock

pytestmark = pytest.mark.django_db


def login(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    return client


def get(person, url):  # type: ignore[no-untyped-def]
    with clock.frozen(TODAY):
        return login(person).get(url)


def test_S14_only_hr_opens_the_annual_assessment_its_export_and_api(ledger) -> None:
    cast = ledger.cast
    for url in ("/assessment/annual/?year=2026", "/assessment/annual/export/?year=2026"):
        assert get(ledger.hr, url).status_code == 200
        for person in (cast.director, cast.office_staff, cast.air_head, cast.outsider, cast.admin):
            assert get(person, url).status_code == 403, (person, url)
    assert get(ledger.hr, "/api/v1/assessment/annual/2026").status_code == 200
    assert get(ledger.hr, "/api/v1/assessment/annual/2026/export").status_code == 200
    for person in (cast.director, cast.air_head, cast.outsider):
        assert get(person, "/api/v1/assessment/annual/2026").status_code == 403
        assert get(person, "/api/v1/assessment/annual/2026/export").status_code == 403
    assert Client().get("/assessment/annual/").status_code == 302
    assert Client().get("/api/v1/assessment/annual/2026").status_code == 401


def test_S8_dashboard_is_for_office_leaders_and_undertakers_each_its_own(ledger) -> None:
    cast = ledger.cast
    for person in (cast.director, cast.leader, cast.office_staff, ledger.supervisor,
                   cast.air_head, cast.water_head, cast.air_liaison, ledger.hr):  # fmt: skip
        assert get(person, "/assessment/dashboard/?year=2026").status_code == 200, person
    for person in (cast.outsider, cast.auditor, cast.admin):
        assert get(person, "/assessment/dashboard/").status_code == 403
        assert get(person, "/assessment/items/?figure=items").status_code == 403
        assert get(person, "/api/v1/assessment/figures").status_code == 403
        assert get(person, "/api/v1/assessment/items?figure=items").status_code == 403
    water = get(cast.water_head, "/assessment/dashboard/?year=2026").content.decode()
    assert 'data-unit="水科"' in water and 'data-unit="大气科"' not in water
    api = get(cast.water_head, "/api/v1/assessment/figures?year=2026").json()
    assert [u["unit"] for u in api["undertakers"]] == ["水科"]
    assert get(cast.water_head, f"/api/v1/assessment/items?figure=items&year=2026"
               f"&unit={cast.air.pk}").json() == []  # fmt: skip


def test_S8_dashboard_charts_are_svg_with_patterns_labels_and_tables(ledger) -> None:
    text = get(ledger.cast.director, "/assessment/dashboard/?year=2026").content.decode()
    assert "<script" not in text.split("<main", 1)[-1].split("</main>")[0]  # no chart library
    for chart in ("open-closed", "on-time", "warnings-by-month", "zeroing"):
        assert f'data-testid="{chart}"' in text and f'data-testid="{chart}-table"' in text
    assert 'fill="url(#warnings-by-month-level-3)"' in text  # a pattern, not colour alone
    assert "<title>大气科 · 按时办结率: 60%</title>" in text  # value label and title
    assert "按时办结率 = 按时办结节点数" in text  # the definition on the page
    assert "/assessment/items/?year=2026&amp;period=&amp;figure=open&amp;unit=" in text


def test_S14_a_figure_links_to_the_items_behind_it(ledger) -> None:
    cast = ledger.cast
    url = f"/assessment/items/?year=2026&figure=warnings_1&unit={cast.air.pk}"
    text = get(ledger.hr, url).content.decode()
    # header + the three level-1 warnings, the confidential task's (S-14) as "机密事项" (S-13)
    assert text.count("<tr>") == 1 + 3
    assert ledger.tasks["T1"].number in text and ledger.tasks["T2"].number in text
    assert "事项T3" not in text and ledger.tasks["T3"].number not in text
    assert text.count("机密事项</td>") == 1
    assert f"/supervision/tasks/{ledger.tasks['T3'].pk}/" not in text
    assert "事项T3" in get(cast.air_head, url).content.decode()
    bad = get(ledger.hr, "/assessment/items/?year=2026&figure=nonsense")
    assert bad.status_code == 400 and "未知的指标" in bad.content.decode()
    bad_year = get(ledger.hr, "/assessment/annual/?year=abc")
    assert bad_year.status_code == 200 and "年份" in bad_year.content.decode()
    api = get(ledger.hr, "/api/v1/assessment/annual/2026?period=q9")
    assert api.status_code == 422


def test_S14_export_has_summary_and_detail_sheets_linked_and_audited(ledger) -> None:
    response = get(ledger.hr, "/assessment/annual/export/?year=2026")
    assert response["Content-Disposition"].endswith('assessment-2026.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["汇总", "事项", "应办节点", "预警", "退回报告", "问责"]
    summary = book["汇总"]
    notes = " ".join(str(summary.cell(row=i, column=1).value) for i in range(1, 6))
    assert "涉密事项对所有人计数" in notes and "2026" in notes
    header = next(r for r in range(1, 20) if summary.cell(row=r, column=1).value == "承办单位")
    headings = [c.value for c in summary[header]]
    air = next(r for r in summary.iter_rows(min_row=header + 1) if r[0].value == "大气科")
    values = dict(zip(headings, [c.value for c in air], strict=True))
    assert values["事项数"] == 3 and values["按时办结率"] == 0.6
    assert (values["第1次预警"], values["第2次预警"], values["第3次预警"]) == (3, 1, 1)
    assert values["退回报告"] == 2 and values["问责"] == 2
    # Every figure is hyperlinked to its detail sheet, and the detail rows add up to it.
    level_1 = air[headings.index("第1次预警")]
    assert level_1.hyperlink.location.startswith("'预警'!A")
    warnings = [r for r in book["预警"].iter_rows(min_row=2, values_only=True) if r[0] == "大气科"]
    assert sorted(r[-1] for r in warnings) == [1, 1, 1, 2, 3]
    detail_row = int(level_1.hyperlink.location.split("!A")[1])
    assert book["预警"].cell(row=detail_row, column=1).value == "大气科"
    items = list(book["事项"].iter_rows(min_row=2, values_only=True))
    assert {r[1] for r in items if r[0] == "大气科"} - {None, ""} == {
        ledger.tasks["T1"].number,
        ledger.tasks["T2"].number,
    }
    # S-14: the confidential task counts; S-13: HR (not named) sees no reference, title or text
    assert [r[2] for r in items if r[0] == "大气科"].count("机密事项") == 1
    assert all("事项T3" not in str(r) and ledger.tasks["T3"].number not in str(r) for r in items)
    event = Event.objects.filter(action="assessment.exported").latest("seq")
    assert event.actor_id == ledger.hr.pk and event.after["year"] == 2026
    assert event.object_id == "2026"


def test_S14_api_gives_the_same_figures_as_the_page(ledger) -> None:
    data = get(ledger.hr, "/api/v1/assessment/annual/2026").json()
    air = next(u for u in data["undertakers"] if u["unit"] == "大气科")
    assert (air["items"], air["due"], air["on_time"], air["on_time_rate"]) == (3, 5, 3, 0.6)
    assert (air["warnings_1"], air["returned"], air["cases"]) == (3, 2, 2)
    assert "milestones met on or before their deadline" in data["definition_on_time_rate"]
    rows = get(ledger.hr, "/api/v1/assessment/items?figure=cases&year=2026").json()
    assert [r["number"] for r in rows] == ["", ledger.tasks["T2"].number]
    assert rows[0]["title"] == "机密事项" and rows[0]["what"] == "" and rows[0]["note"] == ""
