"""Issue 15: the demo reads like a bureau's own work — each task's reports and each weekly line
are about that task, dates follow one another, portal items read like what their titles say."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from zhengwu.core import clock
from zhengwu.core.demo_loader import load_demo
from zhengwu.disclosure.models import InformationItem
from zhengwu.supervision.models import Feedback, Task, TaskStatus
from zhengwu.warnings.models import KeySupervisionItem
from zhengwu.weekly.models import WeeklyReport

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

# A Friday late in the year: this week's and last week's reports exist, every portal item is made.
FRIDAY = dt.datetime(2026, 11, 27, 10, 0)
GUIDE_HEADINGS = (
    "办理依据",
    "办理条件",
    "申请材料",
    "办理流程",
    "办理时限",
    "收费标准",
    "咨询电话",
)
QUARTER_ENDS = {"一": 3, "二": 6, "三": 9, "四": 12}


def test_foundation_demo_is_believable() -> None:
    """One load of the demo (it takes a while), checked rule by rule."""
    with clock.frozen(FRIDAY):
        load_demo()
    reports_and_weekly_lines_are_about_their_task()
    dates_follow_one_another()
    portal_items_read_like_their_titles()


def reports_and_weekly_lines_are_about_their_task() -> None:
    feedback = list(Feedback.objects.select_related("milestone__task"))
    assert len(feedback) > 30
    for fb in feedback:
        task = fb.milestone.task
        assert task.title in fb.text, (task.title, fb.text)
        assert clock.local(fb.drafted_at).date() >= task.assigned_on, task.title
        if fb.reviewed_at:
            assert fb.reviewed_at >= fb.drafted_at, task.title
    assert len({fb.text for fb in feedback}) > len(feedback) * 0.9  # no form letter
    for task in Task.objects.filter(status=TaskStatus.CLOSED):
        assert task.title in task.result and task.closed_on >= task.assigned_on
    reports = list(WeeklyReport.objects.all())
    lines = [row for r in reports for row in r.figures["items"] if row["progress"]]
    assert reports and lines
    for row in lines:
        assert row["title"] in row["progress"], row
    all_titles = set(Task.objects.values_list("title", flat=True))
    for report in [r for r in reports if r.summary]:
        text = report.summary + report.problems + report.next_steps
        titles = {row["title"] for row in report.figures["items"]}
        assert any(t in text for t in titles), report
        for title in all_titles - titles:
            assert title not in text, (report, title)  # only the report's own items


def dates_follow_one_another() -> None:
    items = list(InformationItem.objects.filter(published_on__isnull=False))
    assert len(items) > 20
    for item in items:
        assert item.published_on >= item.formed_on, item.title
        quarter = re.search(r"(\d{4})年第([一二三四])季度", item.title)
        if quarter:  # a quarterly report is made after its quarter
            end = dt.date(int(quarter[1]), QUARTER_ENDS[quarter[2]], 28)
            assert item.formed_on > end, (item.title, item.formed_on)
        year = re.search(r"(\d{4})年", item.title)
        if year and ("状况公报" in item.title or "决算" in item.title):
            assert item.formed_on.year > int(year[1]), item.title  # a past year's account
    key_items = list(KeySupervisionItem.objects.select_related("warning"))
    assert key_items
    for entry in key_items:
        assert clock.local(entry.opened_at).date() == entry.warning.raised_on, entry


def portal_items_read_like_their_titles() -> None:
    items = list(InformationItem.objects.filter(published_on__isnull=False))
    guides = [i for i in items if "办事指南" in i.title or "审批程序" in i.title]
    assert len(guides) >= 2
    for guide in guides:
        for heading in GUIDE_HEADINGS:
            assert heading in guide.body, (guide.title, heading)
    budgets = [i for i in items if "预算" in i.title or "决算" in i.title]
    assert len(budgets) >= 2
    for budget in budgets:
        assert "收支" in budget.body and "“三公”经费" in budget.body, budget.title
        word = "决算" if "决算" in budget.title else "预算"
        assert f"“三公”经费{word}" in budget.body
    for item in items:
        assert item.body.startswith(item.title) or item.title in item.body[:200], item.title
        if "季度" in item.title or "状况公报" in item.title:
            assert "监测" in item.body and "%" in item.body, item.title
        if "批复" in item.title:
            assert "批复如下" in item.body, item.title
        if "办事指南" not in item.title and "审批程序" not in item.title:
            assert "办理流程" not in item.body, item.title
