"""Demo annual report (D-13, R-10): last year's report of the demo bureau, drafted by the
disclosure officer in January with its narratives and table 2 figures, approved by the director
and published on the portal — through the services, so only if every check of the national
format passes; otherwise it stays submitted and the reason is logged. Idempotent: a bureau whose
report of that year exists is left alone."""

from __future__ import annotations

import datetime as dt
import logging

from zhengwu.core import clock
from zhengwu.core.demo_loader import DemoContext
from zhengwu.core.errors import DomainError
from zhengwu.reports import services
from zhengwu.reports.models import AnnualReport

log = logging.getLogger(__name__)

NARRATIVES = {
    "overview": (
        "{year}年，我局认真贯彻《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
        "围绕生态环境保护中心工作做好政府信息公开。\n"
        "一是主动公开。通过门户网站政府信息公开专栏及时发布环境质量、建设项目环评审批、"
        "行政处罚等信息，规范性文件全部按时公开。\n"
        "二是依申请公开。严格按照法定时限答复，统一答复文书格式，做到件件有回音。\n"
        "三是政府信息管理。落实公开前保密审查和公开属性认定，动态更新政府信息公开目录。\n"
        "四是平台建设。优化公开专栏栏目设置，提升检索和无障碍浏览功能。\n"
        "五是监督保障。将政务公开纳入年度绩效考核，定期通报工作进展。"
    ),
    "problems": (
        "一是部分业务科室对公开属性认定把握不够准确；二是政策解读形式较为单一。\n"
        "下一步，我局将加强业务培训，推行图解、音视频等多种解读形式，进一步提升公开质量。"
    ),
    "other": (
        "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费的情况见下。"
        "本年度无其他需要报告的事项。"
    ),
}
TABLE2 = {
    "regulations.made": ("0", "本局无规章制定权"),
    "regulations.abolished": ("0", "本局无规章制定权"),
    "regulations.in_force": ("0", "本局无规章制定权"),
    "licensing.decisions": ("286", "行政审批科行政许可办件台账"),
    "penalty.decisions": ("143", "执法监督科行政处罚案件台账"),
    "enforcement.decisions": ("12", "执法监督科行政强制措施台账"),
    "fees.amount_10k_yuan": ("0", "财务科：本局无行政事业性收费项目"),
}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return min(clock.at_local(day, hour), clock.now())


def load(ctx: DemoContext) -> None:
    bureau = ctx.bureau
    officer, director = ctx.people.get("office_wu"), ctx.people.get("director")
    if bureau is None or officer is None or director is None:
        return
    year = clock.today().year - 1
    if AnnualReport.objects.filter(bureau=bureau, year=year).exists():
        return
    january = dt.date(year + 1, 1, 1)
    with clock.frozen(_at(january + dt.timedelta(days=4), 9)):
        report, _created = services.draft_report(by=officer, bureau=bureau, year=year)
    with clock.frozen(_at(january + dt.timedelta(days=7), 10)):
        for key, (value, source) in TABLE2.items():
            services.enter_figure(
                by=officer, bureau=bureau, year=year, key=key, value=value, source=source
            )
        for section, text in NARRATIVES.items():
            report = services.save_narrative(
                by=officer, report=report, section=section, text=text.format(year=year)
            )
        report = services.submit(by=officer, report=report)
    try:
        with clock.frozen(_at(january + dt.timedelta(days=13), 15)):
            report = services.approve(by=director, report=report)
        with clock.frozen(_at(january + dt.timedelta(days=14), 10)):
            services.publish(by=officer, report=report)
    except DomainError as error:
        # The records of the year do not yet add up: the report waits for approval.
        log.warning("demo annual report %s %d not published: %s", bureau.code, year, error)
