"""Staff screens that fit the work (issue 15, point 3): the menu in groups, weeks and leaders
written one way, several choices made with checkboxes. The browser checks of the same screens
(one row at 1440 px, nothing wrapping, the phone menu) are in tests/e2e/test_staff_screens.py."""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pytest
from django import forms
from django.apps import apps
from django.utils import translation

from zhengwu.core import clock
from zhengwu.core.display import week_label, with_title
from zhengwu.core.widgets import SearchableCheckboxSelectMultiple
from zhengwu.org.models import Person
from zhengwu.supervision.forms import TaskEditForm

pytestmark = pytest.mark.django_db


def _menu(body: str) -> tuple[list[str], dict[str, list[str]]]:
    """The top-level entries of the staff menu, and the pages listed under each group."""
    menu = re.search(r'<ul class="menu" data-testid="staff-menu">(.*?)\n  </ul>', body, re.S)
    assert menu is not None
    top: list[str] = []
    groups: dict[str, list[str]] = {}
    for item in re.findall(r'<li class="menu-top[^"]*">(.*?)</li>\n', menu.group(1), re.S):
        summary = re.search(r"<summary>(.*?)</summary>", item)
        if summary:
            top.append(summary.group(1))
            groups[summary.group(1)] = re.findall(r'<a href="[^"]+">([^<]+)</a>', item)
        elif re.search(r"<a ", item):
            top.append(re.sub(r"<[^>]+>|\s+", "", item))
    return top, groups


def test_foundation_staff_menu_is_one_row_of_groups(client, cast) -> None:
    client.force_login(cast.office_staff)
    top, groups = _menu(client.get("/staff/").content.decode())
    order = ["督查督办", "信息公开", "依申请公开", "报表", "系统"]
    shown = [t for t in top if t in groups]
    assert shown == [g for g in order if g in shown]
    assert {"督查督办", "信息公开", "报表", "系统"} <= set(shown)
    assert len(top) <= 8  # 首页, 消息 and the groups: one row on a 1440 px screen
    assert "12340工作台账" in groups["督查督办"]
    assert "周报" in groups["督查督办"]
    assert "工作日历" in " ".join(groups["系统"]) and "政府信息公开门户" in groups["系统"]


def test_foundation_staff_menu_shows_only_groups_with_a_page_the_person_may_open(
    client, cast
) -> None:
    client.force_login(cast.outsider)
    _top, groups = _menu(client.get("/staff/").content.decode())
    assert "督查督办" not in groups and "报表" not in groups
    assert groups["系统"][-1] == "政府信息公开门户"


def test_foundation_logout_reads_tui_chu(client, cast) -> None:
    client.force_login(cast.office_staff)
    body = client.get("/staff/").content.decode()
    assert re.search(r"<button[^>]*>退出</button>", body)
    assert "注销" not in body


@pytest.mark.parametrize(
    ("day", "zh", "en"),
    [
        (dt.date(2026, 11, 23), "2026年第48周", "Week 48 of 2026"),
        (dt.date(2027, 1, 1), "2026年第53周", "Week 53 of 2026"),  # ISO: Friday of 2026's last
        (dt.date(2024, 12, 30), "2025年第1周", "Week 1 of 2025"),
    ],
)
def test_S10_weeks_read_as_people_write_them(day: dt.date, zh: str, en: str) -> None:
    with translation.override("zh-hans"):
        assert week_label(day) == zh
    with translation.override("en"):
        assert week_label(day) == en


def test_S10_weekly_list_shows_the_week_in_words(client, cast) -> None:
    from zhengwu.weekly.models import WeeklyReport

    WeeklyReport.objects.create(
        bureau=cast.bureau, week=dt.date(2026, 11, 23), kind="director", leader=cast.director,
        preparing_unit=cast.office, report_day=dt.date(2026, 11, 27), figures_at=clock.now(),
        created_at=clock.now(), updated_at=clock.now(),
    )  # fmt: skip
    client.force_login(cast.director)
    body = client.get("/weekly/").content.decode()
    assert "2026年第48周" in body
    assert "-W48" not in body


def test_S9_leaders_are_named_with_their_title() -> None:
    with translation.override("zh-hans"):
        assert with_title(Person(full_name="王建国", job_title="副局长")) == "王建国（副局长）"
        assert with_title(Person(full_name="王建国", job_title="")) == "王建国"
        assert with_title(Person(full_name="局长甲", job_title="局长")) == "局长甲"
        assert with_title(None) == ""
    with translation.override("en"):
        assert with_title(Person(full_name="王建国", job_title="局长")) == "王建国 (局长)"


def test_S9_ledger_names_the_instructing_leader_with_the_title(client, cast) -> None:
    from zhengwu.supervision.tests.helpers import task

    Person.objects.filter(pk=cast.director.pk).update(full_name="王建国", job_title="局长")
    cast.director.refresh_from_db()
    task(cast, instructing_leader=cast.director)
    client.force_login(cast.office_staff)
    body = client.get("/supervision/").content.decode()
    assert re.search(r'data-testid="task-leader">王建国（局长）</td>', body)


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("zhengwu."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, forms.BaseForm)
            and value.__module__ == module.__name__
        ]
    return found


def test_foundation_no_form_asks_for_ctrl_click() -> None:
    """Every multiple choice of the staff forms is a list of checkboxes; a choice among records
    (units, people) has the filter box."""
    classes = _form_classes()
    assert TaskEditForm in classes
    offending = []
    for cls in classes:
        for name, field in cls.base_fields.items():
            if isinstance(field.widget, forms.SelectMultiple):
                offending.append(f"{cls.__module__}.{cls.__name__}.{name}")
            if isinstance(field, forms.ModelMultipleChoiceField) and not isinstance(
                field.widget, SearchableCheckboxSelectMultiple
            ):
                offending.append(f"{cls.__module__}.{cls.__name__}.{name} (no filter box)")
    assert not offending, offending


def test_S9_co_undertakers_and_named_readers_are_checkboxes_in_a_filterable_box(
    client, cast
) -> None:
    from zhengwu.supervision.tests.helpers import task

    one = task(cast)
    client.force_login(cast.office_staff)
    body = client.get(f"/supervision/tasks/{one.pk}/edit/").content.decode()
    assert "<select multiple" not in body and 'multiple="multiple"' not in body
    for name, legend in (("co_units", "协办单位"), ("named_readers", "涉密事项知悉人员")):
        group = re.search(rf"<fieldset[^>]*><legend>{legend}</legend>(.*?)</fieldset>", body, re.S)
        assert group is not None, name
        assert "data-multi-pick" in group.group(1)
        assert re.search(rf'<input type="checkbox" name="{name}"', group.group(1))
    assert "<script>" not in body  # the filter box comes from core/zhengwu.js (CSP: no inline)
