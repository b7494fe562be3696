"""Demo weekly reports (S-10): last week's set with the leaders' and the director's reports issued
and the consolidated one still a draft, and this week's drafts once the report day has come.
Idempotent: drafting is, and only drafts are edited and issued."""

from __future__ import annotations

import datetime as dt

from zhengwu.core import clock
from zhengwu.core.demo_loader import DemoContext
from zhengwu.weekly import policy, services
from zhengwu.weekly.models import ReportKind, ReportStatus, WeeklyReport

NARRATED = (ReportKind.LEADER, ReportKind.DIRECTOR)  # the consolidated report stays a draft


def _titles(rows: list[dict], limit: int = 2) -> str:
    return "、".join(r["title"] for r in rows[:limit])


def _narrative(report: WeeklyReport) -> tuple[str, str, str]:
    """Summary, problems and next steps written from the report's own items (S-10), naming the
    tasks they are about. Confidential items are left out: copy readers may not be named."""
    rows = [r for r in report.figures.get("items", []) if not r.get("confidential")]
    closed = [r for r in rows if r.get("closed")]
    overdue = [r for r in rows if r.get("overdue")]
    going = [r for r in rows if r.get("in_progress") and not r.get("overdue")]
    whose = "局长交办" if report.kind == ReportKind.DIRECTOR else "分管领域"
    summary = (
        f"本周{whose}督办事项{len(rows)}项，"
        f"其中办结{len(closed)}项、在办{len(rows) - len(closed)}项。"
    )
    if closed:
        summary += f"{_titles(closed)}已办结销号。"
    if going:
        summary += f"{_titles(going)}正按时限推进。"
    if overdue:
        problems = f"{_titles(overdue)}已超过反馈时限，进度慢于预期，需加大督促力度。"
    else:
        problems = "本周无逾期事项。"
    chase = overdue or [r for r in rows if r.get("due_next_week")] or going
    next_steps = (
        f"下周重点督促{_titles(chase)}按时反馈，逐项对账销号。"
        if chase
        else "下周继续跟踪新交办事项。"
    )
    return summary, problems, next_steps


def load(ctx: DemoContext) -> None:
    if ctx.bureau is None:
        return
    today = clock.today()
    last_week = policy.report_day(policy.week_of(today) - dt.timedelta(days=7))
    this_week = policy.report_day(today)
    if last_week is not None:
        _draft_and_issue(ctx, last_week)
    if this_week is not None and this_week <= today:
        with clock.frozen(clock.at_local(this_week, 8, 0)):
            services.draft_week(bureau=ctx.bureau, day=this_week)


def _draft_and_issue(ctx: DemoContext, day: dt.date) -> None:
    with clock.frozen(clock.at_local(day, 8, 0)):
        result = services.draft_week(bureau=ctx.bureau, day=day)
    with clock.frozen(clock.at_local(day, 16, 0)):
        for report in [*result.created, *result.existing]:
            if report.status != ReportStatus.DRAFT or report.kind not in NARRATED:
                continue
            preparer = report.preparer
            if preparer is None:
                continue
            summary, problems, next_steps = _narrative(report)
            report = services.edit_report(by=preparer, report=report, summary=summary,
                                          problems=problems, next_steps=next_steps)  # fmt: skip
            services.issue_report(by=preparer, report=report)
