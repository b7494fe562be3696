"""Demo weekly reports (S-10): last week's set with the leaders' and the director's reports issued
and the consolidated one still a draft, and this week's drafts once the report day has come.
Idempotent: drafting is, and only drafts are edited and issued."""

from __future__ import annotations

import datetime as dt

from zhengwu.core import clock
from zhengwu.core.demo_loader import DemoContext
from zhengwu.weekly import policy, services
from zhengwu.weekly.models import ReportKind, ReportStatus

NARRATIVE = {
    ReportKind.LEADER: (
        "本周分管领域督办事项总体推进有序，阶段性反馈均按时限报送，已办结事项均经科室负责人审核把关。",
        "个别事项涉及多部门协同，进度慢于预期。",
        "下周重点推进逾期事项整改，逐项对账销号。",
    ),
    ReportKind.DIRECTOR: (
        "局长交办事项本周按计划推进，重大事项已按要求报送书面方案。",
        "污水处理厂提标改造资金尚未落实到位。",
        "下周督促承办单位报送落实情况，逾期事项纳入电话催办。",
    ),
}


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
            if report.status != ReportStatus.DRAFT or report.kind not in NARRATIVE:
                continue
            preparer = report.preparer
            if preparer is None:
                continue
            summary, problems, next_steps = NARRATIVE[report.kind]
            report = services.edit_report(by=preparer, report=report, summary=summary,
                                          problems=problems, next_steps=next_steps)  # fmt: skip
            services.issue_report(by=preparer, report=report)
