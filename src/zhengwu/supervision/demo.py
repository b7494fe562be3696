# ruff: noqa: E501 — the demo tables read best one row per line
"""A living 12340 ledger for the demo bureau: meetings, instructions and dozens of tasks in every
state, dated relative to today, some overdue, one confidential. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhengwu.core import clock
from zhengwu.core.demo_loader import DemoContext
from zhengwu.org.selectors import head_of, liaison_of
from zhengwu.supervision import policy, services
from zhengwu.supervision.models import IssueKind, Meeting, MeetingType, MilestoneStatus
from zhengwu.workdays.selectors import current_calendar

MEETINGS = [
    ("m1", MeetingType.DIRECTOR_OFFICE, 30, "局长办公会（第12次）",
     "研究部署秋冬季大气污染防治攻坚、固体废物排查整治和中央环保督察反馈问题整改工作。"),
    ("m2", MeetingType.PARTY_GROUP, 21, "局党组会议（第9次）",
     "传达学习上级生态环境保护督察工作要求，研究河长制重点任务。"),
    ("m3", MeetingType.PLENARY, 14, "全局干部职工大会",
     "部署年度目标任务冲刺，强调12340工作落实制度，要求各科室、直属单位对账销号。"),
    ("m4", MeetingType.SPECIAL, 6, "臭氧污染防控专题会议",
     "分析近期臭氧超标成因，研究VOCs治理和错峰生产措施。"),
]  # fmt: skip

INSTRUCTIONS = [
    ("i1", "director", 12, "请大气科牵头，会同执法支队对群众反映强烈的餐饮油烟扰民问题开展集中整治，一周内报情况。"),
    ("i2", "deputy_zhao", 9, "关于某河段死鱼舆情，请水科立即核查水质并报送处置情况。"),
    ("i3", "deputy_sun", 4, "请固废中心梳理全市危险废物经营单位规范化管理评估结果，提出整改清单。"),
]  # fmt: skip

# title, lead, co-undertakers, leader, source, days ago, major, urgent, state
TASKS: list[tuple[str, str, list[str], str, str, int, bool, bool, str]] = [
    ("开展秋冬季重点行业错峰生产督导检查", "air", ["enforce"], "director", "m1", 30, False, False, "closed"),
    ("建筑工地扬尘“六个百分百”专项检查", "air", ["enforce"], "deputy_zhao", "m1", 30, False, False, "closed"),
    ("重污染天气应急减排清单修订", "air", ["monitor"], "director", "m1", 30, True, False, "plan_approved"),
    ("中央环保督察反馈问题第3项整改（工业园区VOCs治理）", "air", ["eia", "enforce"], "director", "m1", 30, True, False, "plan_pending"),
    ("中央环保督察反馈问题第7项整改（城镇污水处理厂提标）", "water", [], "director", "m1", 30, True, False, "progress"),
    ("全市固体废物堆存场所排查整治", "soil", ["solidwaste", "enforce"], "deputy_sun", "m1", 30, False, False, "closed"),
    ("一般工业固废跨区转移核查", "solidwaste", [], "deputy_sun", "m1", 30, False, False, "overdue"),
    ("河长制年度考核自查报告", "water", [], "deputy_zhao", "m2", 21, False, False, "closed"),
    ("入河排污口排查溯源第二阶段", "water", ["monitor"], "deputy_zhao", "m2", 21, True, False, "plan_approved"),
    ("饮用水水源地环境问题清理整治", "water", ["enforce"], "director", "m2", 21, False, True, "progress"),
    ("督察整改销号材料归档规范", "office", [], "deputy_li", "m2", 21, False, False, "closed"),
    ("黑臭水体返黑返臭排查", "water", [], "deputy_zhao", "m2", 21, False, False, "overdue"),
    ("土壤污染重点监管单位隐患排查", "soil", [], "deputy_sun", "m2", 21, False, False, "returned"),
    ("年度目标任务对账销号", "office", [], "director", "m3", 14, False, False, "progress"),
    ("环评审批“放管服”改革事项梳理", "eia", ["legal"], "deputy_sun", "m3", 14, False, False, "closed"),
    ("执法监测联动机制运行评估", "monitor", ["enforce"], "deputy_zhao", "m3", 14, False, False, "signed"),
    ("干部职工年度培训计划落实", "hr", [], "deputy_li", "m3", 14, False, False, "closed"),
    ("行政执法案卷评查问题整改", "enforce", ["legal"], "deputy_sun", "m3", 14, False, False, "overdue"),
    ("涉VOCs企业“一企一策”核查", "air", ["enforce"], "deputy_zhao", "m4", 6, False, True, "checked"),
    ("臭氧来源解析阶段报告", "monitor", ["air"], "deputy_zhao", "m4", 6, False, False, "drafted"),
    ("加油站油气回收专项检查", "enforce", ["air"], "deputy_zhao", "m4", 6, False, True, "returned"),
    ("工业涂装企业错峰生产落实情况抽查", "air", [], "deputy_zhao", "m4", 6, False, False, "overdue"),
    ("VOCs走航监测点位优化", "monitor", [], "deputy_zhao", "m4", 6, False, False, "assigned"),
    ("餐饮油烟扰民集中整治", "air", ["enforce"], "director", "i1", 12, False, True, "closed"),
    ("某河段死鱼舆情核查处置", "water", ["monitor"], "deputy_zhao", "i2", 9, False, True, "closed"),
    ("危险废物经营单位规范化管理整改清单", "solidwaste", ["soil"], "deputy_sun", "i3", 4, False, False, "drafted"),
    ("医疗废物收运处置情况摸底", "solidwaste", [], "deputy_sun", "i3", 4, False, False, "assigned"),
    ("秸秆禁烧巡查值守安排", "air", ["enforce"], "deputy_zhao", "m4", 1, False, True, "assigned"),
    ("冬季供暖锅炉低氮改造进度调度", "air", [], "director", "m4", 0, False, False, "assigned"),
    ("农村生活污水治理设施运维排查", "water", [], "deputy_zhao", "m3", 14, False, False, "progress"),
    ("土壤污染状况调查报告评审积压清理", "soil", ["eia"], "deputy_sun", "m3", 14, False, False, "progress"),
    ("新污染物治理工作方案起草", "soil", ["legal"], "deputy_sun", "m4", 2, True, False, "draft"),
    ("信访件办理情况回头看", "enforce", [], "director", "i1", 12, False, False, "closed"),
]  # fmt: skip

CONFIDENTIAL = (
    "重点排污单位自动监测数据弄虚作假线索核查",
    "enforce", ["monitor"], "director", "m1", 21,
)  # fmt: skip

# What each task's reports say (S-1 deployment, S-2 progress, S-3/S-4 result): who, what was
# checked or done, what was found, why, what was fixed — about that task, not a form letter.
# title → (how it was deployed, what the first round found, the result at closing)
DETAILS: dict[str, tuple[str, str, str]] = {
    "开展秋冬季重点行业错峰生产督导检查": (
        "对照错峰生产企业清单分4个组开展督导检查",
        "已督导检查钢铁、水泥、铸造企业31家，发现2家未按方案停限产，原因是企业生产调度未落实减排要求，已责令立即停产并移交执法支队",
        "31家错峰生产企业全部按方案落实停限产，2家违规企业已立案查处",
    ),
    "建筑工地扬尘“六个百分百”专项检查": (
        "按“六个百分百”标准制定建筑工地扬尘检查清单",
        "已检查建筑工地23个，发现围挡不全3个、裸土未覆盖4个，根源在于施工单位扬尘防治主体责任落实不到位，已督促整改5个，其余限期3日内完成",
        "23个建筑工地扬尘问题全部整改到位，复查均达到“六个百分百”要求，已建立每周巡查机制",
    ),
    "重污染天气应急减排清单修订": (
        "组织监测站核对重污染天气应急减排清单涉及企业",
        "已完成应急减排清单涉及的412家企业现场核对，新增纳入企业37家，调整减排措施58项，原因是部分企业产能和工艺发生变化",
        "重污染天气应急减排清单修订完成并经专家论证",
    ),
    "中央环保督察反馈问题第3项整改（工业园区VOCs治理）": (
        "会同环评科、执法支队对工业园区VOCs治理问题逐企建档",
        "工业园区涉VOCs企业56家已全部建档，其中19家治理设施简易低效，原因是企业治理投入不足，已下达整改通知19份",
        "工业园区VOCs治理整改完成",
    ),
    "中央环保督察反馈问题第7项整改（城镇污水处理厂提标）": (
        "召开城镇污水处理厂提标改造推进会，明确3座污水处理厂的改造责任人",
        "3座城镇污水处理厂提标改造中，城东厂已完成设备安装，城西厂、开发区厂完成土建60%，主要制约因素是改造资金拨付滞后",
        "城镇污水处理厂提标改造完成",
    ),
    "全市固体废物堆存场所排查整治": (
        "组织固废中心、执法支队对全市固体废物堆存场所拉网排查",
        "已排查固体废物堆存场所47处，发现无防渗、无覆盖问题9处，原因是产废单位擅自堆放，已责令清运6处",
        "47处固体废物堆存场所问题全部整改，9处违规堆存已清运处置完毕并回填复绿",
    ),
    "河长制年度考核自查报告": (
        "对照河长制考核细则逐项梳理本年度工作台账",
        "已完成河长制考核细则28项指标自查，其中巡河记录不全等3项失分，原因是部分镇街巡河台账填报不规范",
        "河长制年度考核自查报告已报市河长办，3项失分问题已督促镇街补齐台账",
    ),
    "入河排污口排查溯源第二阶段": (
        "会同监测站制定入河排污口第二阶段排查溯源方案",
        "第二阶段已排查入河排污口138个，完成溯源96个，发现雨污混接排口21个，原因是老旧小区管网错接",
        "入河排污口排查溯源第二阶段完成",
    ),
    "饮用水水源地环境问题清理整治": (
        "对饮用水水源地一级、二级保护区内环境问题逐一登记",
        "饮用水水源地保护区内排查出环境问题7个（违章建筑2处、农家乐排污3处、垂钓点2处），已拆除违章建筑1处，其余正在协调属地政府清理",
        "饮用水水源地环境问题清理整治完成",
    ),
    "督察整改销号材料归档规范": (
        "制定督察整改销号材料归档目录和格式要求",
        "已对照归档目录检查督察整改销号材料46卷，发现缺少验收签字页等问题8卷，原因是承办科室对归档要求不熟悉，已退回补齐",
        "督察整改销号材料46卷全部按规范归档，归档目录已印发各科室执行",
    ),
    "土壤污染重点监管单位隐患排查": (
        "督促土壤污染重点监管单位开展隐患排查",
        "",
        "",
    ),
    "年度目标任务对账销号": (
        "对照年度目标任务分解表逐项对账",
        "年度目标任务共64项，已完成销号52项，剩余12项中有3项进度滞后，原因是项目审批手续未办结，已逐项明确完成时限",
        "年度目标任务对账销号完成",
    ),
    "环评审批“放管服”改革事项梳理": (
        "会同法规科逐项梳理环评审批“放管服”改革事项",
        "已梳理环评审批事项14项，提出告知承诺制事项3项、豁免环评登记事项5项，原因是现行审批环节存在重复提交材料",
        "环评审批“放管服”改革事项清单已经局长办公会审定并公开，审批时限平均压缩30%",
    ),
    "干部职工年度培训计划落实": (
        "按年度培训计划分解各科室、直属单位培训任务",
        "年度培训计划12个班次已举办9个，参训干部职工286人次，3个班次因师资调整延后",
        "干部职工年度培训计划12个班次全部完成，参训386人次，培训档案已归档",
    ),
    "餐饮油烟扰民集中整治": (
        "会同执法支队对群众反映集中的餐饮油烟扰民点位逐一上门检查",
        "已检查餐饮单位42家，发现油烟净化设施未正常运行9家，原因是设施清洗维护不及时，已责令限期整改",
        "42家餐饮单位油烟问题全部整改到位，9家问题单位净化设施已清洗并复测达标，相关投诉已回复群众",
    ),
    "某河段死鱼舆情核查处置": (
        "立即组织水科、监测站赶赴死鱼河段现场核查",
        "死鱼河段上下游5个点位水质监测显示溶解氧偏低，未发现工业废水排放，初步判断为持续高温导致水体缺氧",
        "死鱼河段水质已恢复正常，核查结果已向社会公开，相关舆情已平息",
    ),
    "信访件办理情况回头看": (
        "调取本年度环境信访件办理台账逐件回访",
        "已回访环境信访件128件，群众不满意11件，原因是噪声、油烟问题反复，已重新交办执法支队",
        "128件环境信访件回头看全部完成，11件不满意件重新办理后群众满意率提高到96%",
    ),
    "农村生活污水治理设施运维排查": (
        "组织对全市农村生活污水治理设施运行情况逐站排查",
        "已排查农村生活污水治理设施86座，发现停运或出水超标14座，原因是运维经费不足、管网破损，已通报属地镇街",
        "农村生活污水治理设施运维排查完成",
    ),
    "土壤污染状况调查报告评审积压清理": (
        "梳理待评审的土壤污染状况调查报告清单",
        "积压的土壤污染状况调查报告23份已完成评审15份，剩余8份因补充采样延后",
        "土壤污染状况调查报告评审积压清理完成",
    ),
    "重点排污单位自动监测数据弄虚作假线索核查": (
        "组织执法支队、监测站对自动监测数据弄虚作假线索开展调查",
        "已调取重点排污单位自动监测数据和运维记录，发现某企业存在篡改参数嫌疑，已固定证据",
        "自动监测数据弄虚作假线索核查完成",
    ),
    "冬季道路安全保畅应急预案修订": (
        "组织公路科梳理去年冬季道路保畅处置情况",
        "冬季道路安全保畅应急预案已完成修订稿，新增雨雪冰冻预警分级响应和除雪物资储备要求",
        "冬季道路安全保畅应急预案修订完成并印发，除雪物资已储备到位",
    ),
    "农村公路养护工程进度调度": (
        "建立农村公路养护工程周调度机制",
        "农村公路养护工程计划58公里，已完成36公里，进度滞后路段2段，原因是沥青材料供应不足",
        "农村公路养护工程完成",
    ),
}


def _reports(title: str, head: Any, liaison: Any) -> dict[str, str]:
    """The S-1…S-4 reports of one task, in its own words (S-3: 见人见事、见根见效)."""
    deploy, progress, result = DETAILS.get(title, ("", "", ""))
    deploy = deploy or "制定工作清单，倒排时间节点"
    progress = progress or "已完成第一阶段工作，正按时限推进"
    result = result or "各项任务全部完成"
    return {
        "S-1": f"已召开科务会研究部署“{title}”，{deploy}，明确由{head}负责，{liaison}具体联络。",
        "S-2": f"“{title}”进展情况：{progress}。",
        "S-3": f"“{title}”落实结果：{result}。责任人{head}，经复查验收合格。",
        "S-4": f"“{title}”四周内完成主要任务：{result}。责任人{head}，效果经监测站复核。",
        "result": f"{title}已办结：{result}，责任人{head}，经复查验收合格，予以销号。",
    }


def _day(days_ago: int) -> dt.datetime:
    return clock.at_local(clock.today() - dt.timedelta(days=days_ago), 9, 30)  # demo dating only


def _later(moment: dt.datetime, workdays: int) -> dt.datetime:
    cal = current_calendar()
    day = clock.local(moment).date()
    for _i in range(workdays):
        day = cal.next_workday(day)
    return min(clock.at_local(day, 10), clock.now())


def load(ctx: DemoContext) -> None:
    if ctx.bureau is None:
        return
    bureau = ctx.bureau
    if Meeting.objects.filter(bureau=bureau, title=MEETINGS[0][3]).exists():
        return  # already loaded
    people: dict[str, Any] = ctx.people
    units: dict[str, Any] = ctx.units
    office = people["office_zhou"]
    sources: dict[str, Any] = {}
    for key, mtype, days_ago, title, minutes in MEETINGS:
        with clock.frozen(_day(days_ago)):
            sources[key] = services.record_meeting(
                by=office, bureau=bureau, meeting_type=mtype,
                held_on=clock.today(), title=title, minutes=minutes,
            )  # fmt: skip
    for key, leader, days_ago, text in INSTRUCTIONS:
        with clock.frozen(_day(days_ago)):
            sources[key] = services.record_instruction(
                by=office, bureau=bureau, leader=people[leader], given_on=clock.today(), text=text
            )

    for title, lead, co, leader, source, days_ago, major, urgent, state in TASKS:
        _task(ctx, title, lead, co, leader, sources[source], days_ago, major, urgent, state)

    title, lead, co, leader, source, days_ago = CONFIDENTIAL
    named = [
        people["director"],
        *services.leaders_in_charge_of(units["enforce"]),  # S-13: the leader who checks reports
        head_of(units["enforce"]),
        liaison_of(units["enforce"]),
    ]
    _task(ctx, title, lead, co, leader, sources[source], days_ago, False, True, "progress",
          confidential=named)  # fmt: skip


# The second bureau (示例市交通运输局): one meeting and a few tasks in different states.
TRANSPORT_MEETING = (MeetingType.DIRECTOR_OFFICE, 20, "交通运输局局长办公会（第5次）",
                     "研究部署冬季道路安全保畅、农村公路养护和城市公交线网优化工作。")  # fmt: skip
TRANSPORT_TASKS = [
    ("冬季道路安全保畅应急预案修订", "roads", [], "jt_director", 20, False, True, "closed"),
    ("农村公路养护工程进度调度", "roads", ["transit"], "jt_deputy", 20, False, False, "progress"),
    ("城市公交线网优化方案征求意见", "transit", [], "jt_deputy", 20, False, False, "assigned"),
    ("出租汽车服务质量投诉分析", "transit", [], "jt_director", 20, False, False, "draft"),
]  # fmt: skip


def load_transport(ctx: DemoContext) -> None:
    if ctx.bureau is None or "jt_office" not in ctx.people:
        return
    mtype, days_ago, title, minutes = TRANSPORT_MEETING
    if Meeting.objects.filter(bureau=ctx.bureau, title=title).exists():
        return  # already loaded
    ctx.extra["office"] = "jt_office"
    with clock.frozen(_day(days_ago)):
        meeting = services.record_meeting(
            by=ctx.people["jt_office"], bureau=ctx.bureau, meeting_type=mtype,
            held_on=clock.today(), title=title, minutes=minutes,
        )  # fmt: skip
    for title, lead, co, leader, days_ago, major, urgent, state in TRANSPORT_TASKS:
        _task(ctx, title, lead, co, leader, meeting, days_ago, major, urgent, state)


def _task(
    ctx: DemoContext, title: str, lead: str, co: list[str], leader: str, source: Any,
    days_ago: int, major: bool, urgent: bool, state: str, confidential: list[Any] | None = None,
) -> None:  # fmt: skip
    people, units = ctx.people, ctx.units
    office = people[ctx.extra.get("office", "office_zhou")]
    head = head_of(units[lead])
    liaison = liaison_of(units[lead]) or head
    # S-13: whoever writes or signs a report never accepts it nor closes the task (the office's
    # own liaison wears two hats; another clerk of the office reviews the office's reports).
    reviewer = (
        people["office_wu"] if office.pk in {getattr(head, "pk", None), liaison.pk} else office
    )
    start = _day(days_ago)
    data = services.TaskInput(
        title=title,
        content=f"{title}。请按12340制度时限反馈，结果须见人见事、见根见效。",
        lead_unit=units[lead],
        co_units=[units[c] for c in co],
        instructing_leader=people[leader],
        issue_kind=IssueKind.MAJOR if major else IssueKind.GENERAL,
        urgent=urgent,
        confidential=bool(confidential),
        named_readers=confidential or [],
    )
    kwargs = {"meeting": source} if isinstance(source, Meeting) else {"instruction": source}
    with clock.frozen(start):
        task = services.create_task(
            by=office, bureau=ctx.bureau, data=data, assign=state != "draft", **kwargs
        )
    if state in ("draft", "assigned", "overdue"):
        return

    def report(rule: str, step: int, *, accept: bool = True, text: str = "") -> Any:
        milestone = task.milestones.get(rule_id=rule)
        if milestone.status != MilestoneStatus.OPEN:
            return None
        body = text or _reports(title, head, liaison)[rule]
        with clock.frozen(_later(start, step)):
            fb = services.draft_feedback(by=liaison, milestone=milestone, text=body)
            if state == "drafted" and rule == "S-1":
                return fb
            fb = services.sign_off_feedback(by=head, feedback=fb)
            if not accept:
                return fb
            fb = check(fb)
            services.accept_feedback(by=reviewer, feedback=fb)
        return fb

    def check(fb: Any) -> Any:
        # S-13: the leader in charge of the lead undertaker checks the report after its head.
        if not policy.leader_check_required():
            return fb
        checker = services.leaders_in_charge_of(units[lead])[0]
        return services.check_feedback(by=checker, feedback=fb)

    if state == "drafted":
        report("S-1", 0)
        return
    if state == "signed":
        report("S-1", 0, accept=False)
        return
    if state == "checked":  # S-13: checked by the leader in charge, awaiting the office
        fb = report("S-1", 0, accept=False)
        with clock.frozen(_later(start, 0)):
            check(fb)
        return
    if state == "returned":
        fb = report("S-1", 1, accept=False, text=f"已部署{title}。")
        with clock.frozen(_later(start, 1)):
            fb = check(fb)
            services.return_feedback(
                by=reviewer, feedback=fb,
                reason="反馈过于简单，未写明责任人、排查范围和问题根源，请按见人见事、见根见效重写。",
            )  # fmt: skip
        return
    report("S-1", 1)
    report("S-2", 2)
    if state == "progress":
        return
    if state in ("plan_pending", "plan_approved"):
        cal = current_calendar()
        with clock.frozen(_later(start, 3)):
            today = clock.today()
            nodes = []
            # S-4: node dates lie after the submission; the plan still awaiting the leaders
            # names nodes that are all still ahead today, so both can approve it in the demo.
            steps = (5, 8, 12) if state == "plan_pending" else (3, 6, 10)
            for weeks, text in zip(steps, ("完成现状排查和方案细化", "完成主体工程或整改措施",
                                           "完成验收评估并报送总结"), strict=True):  # fmt: skip
                day = today + dt.timedelta(weeks=weeks)  # plan nodes are dates the plan names
                nodes.append((day if cal.is_workday(day) else cal.next_workday(day), text))
            plan = services.submit_plan(
                by=liaison, task=task, nodes=nodes,
                text=f"“{title}”涉及面广、工程量大，四周内难以全部解决，现报送时间节点和方案，分三阶段推进。",
            )  # fmt: skip
            services.forward_plan(by=office, plan=plan)
            if state == "plan_approved":
                services.approve_plan(by=people["director"], plan=plan)
                services.approve_plan(by=people["deputy_zhao"], plan=plan)
        return
    if state == "closed":
        report("S-3" if not major else "S-4", 3)
        with clock.frozen(_later(start, 4)):
            task.refresh_from_db()
            services.close_task(
                by=reviewer, task=task,
                result=_reports(title, head, liaison)["result"],
            )  # fmt: skip
