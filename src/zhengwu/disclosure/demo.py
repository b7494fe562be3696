"""Demo disclosure data: published items across the catalogue, drafts in review, a withheld item,
a clarification and the disclosure guide. Every item goes through the real services and gates."""

from __future__ import annotations

import datetime as dt

from zhengwu.core import clock
from zhengwu.core.demo_loader import DemoContext
from zhengwu.disclosure import services
from zhengwu.disclosure.models import Attribute, Category, DisclosureGuide, InformationItem

GUIDE = """一、概述
为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），编制本指南。需要获得本机关政府信息公开服务的公民、法人或者其他组织，建议阅读本指南。

二、主动公开
（一）公开范围：本机关依照《条例》第二十条及本机关政务信息公开工作制度第五条的规定，主动公开机关职能、机构设置、规范性文件、专项规划、行政许可、行政处罚、财政预决算、环境监督检查情况等政府信息，具体见政府信息公开目录。
（二）公开形式：以本局门户网站为第一平台，并视情况通过新闻发布会、政府公报、报刊、广播、电视、政府信息公开专栏等形式公开。
（三）公开时限：属于主动公开范围的政府信息，自该信息形成或者变更之日起20个工作日内予以公开。

三、依申请公开
公民、法人或者其他组织可以向本机关申请获取相关政府信息。申请应当采用书面形式（包括数据电文形式），内容包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；申请公开的政府信息的形式要求，包括获取信息的方式、途径。
本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。
本机关依申请提供政府信息，不收取费用。但申请人申请公开政府信息的数量、频次明显超过合理范围的，依照《政府信息公开信息处理费管理办法》收取信息处理费。

四、受理机构
政府信息公开工作机构：本局办公室。

五、救济方式
公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。"""

# title, category code, author, concerned unit keys, document number, publisher unit key, summary
ITEMS = [
    (
        "示例市生态环境局机构职能",
        "R20-02",
        "office_zhou",
        [],
        "",
        None,
        "本局主要职责、内设机构和直属单位。",
    ),
    ("示例市生态环境局领导信息", "R20-02", "office_zhou", [], "", None, "局领导姓名、职务和分工。"),
    (
        "示例市2026年大气污染防治工作方案",
        "R20-03",
        "air_liaison",
        ["monitor"],
        "示环发〔2026〕3号",
        "air",
        "明确全年细颗粒物和臭氧协同控制目标及重点任务。",
    ),
    (
        "示例市重污染天气应急预案（2026年修订）",
        "R20-12",
        "air_liaison",
        [],
        "示环发〔2026〕5号",
        "air",
        "重污染天气预警分级、应急减排措施和响应程序。",
    ),
    (
        "示例市挥发性有机物综合治理实施方案",
        "R20-03",
        "air_liaison",
        [],
        "示环发〔2026〕8号",
        "air",
        "推进石化、化工、工业涂装、包装印刷等重点行业挥发性有机物减排。",
    ),
    (
        "示例市扬尘污染防治管理办法",
        "R20-01",
        "legal_head",
        ["air"],
        "示环规〔2026〕1号",
        None,
        "规范建设工程、道路保洁和物料堆场扬尘污染防治。",
    ),
    (
        "示例市饮用水水源地保护区划定方案",
        "D5-1",
        "water_liaison",
        [],
        "示环发〔2026〕11号",
        "water",
        "划定城市集中式饮用水水源一级、二级保护区范围。",
    ),
    (
        "2026年第一季度地表水环境质量状况",
        "R20-13",
        "monitor_liaison",
        [],
        "",
        "monitor",
        "全市国控、省控断面水质优良比例及主要超标因子。",
    ),
    (
        "2026年第二季度地表水环境质量状况",
        "R20-13",
        "monitor_liaison",
        [],
        "",
        "monitor",
        "全市国控、省控断面水质优良比例同比提高。",
    ),
    (
        "2026年第三季度环境空气质量状况",
        "R20-13",
        "monitor_liaison",
        [],
        "",
        "monitor",
        "全市空气质量优良天数比例、PM2.5和臭氧浓度变化情况。",
    ),
    (
        "示例市河湖长制工作要点",
        "D5-2",
        "water_liaison",
        ["office"],
        "示环办〔2026〕6号",
        "water",
        "河湖长巡河、问题整改和考核工作安排。",
    ),
    (
        "建设项目环境影响报告书审批程序",
        "R20-05",
        "eia_liaison",
        [],
        "",
        "eia",
        "受理条件、申报材料、办理期限、收费标准、设立依据、结果查询及咨询电话。",
    ),
    (
        "关于某化工有限公司年产5万吨精细化学品项目环境影响报告书的批复",
        "R20-05",
        "eia_liaison",
        [],
        "示环审〔2026〕21号",
        None,
        "同意项目在落实报告书提出的污染防治措施后建设。",
    ),
    (
        "关于某新材料科技有限公司扩建项目环境影响报告表的批复",
        "R20-05",
        "eia_liaison",
        [],
        "示环审〔2026〕35号",
        None,
        "项目审批结果及主要环境保护要求。",
    ),
    (
        "排污许可证核发办事指南",
        "R20-05",
        "eia_liaison",
        [],
        "",
        "eia",
        "排污许可证申请条件、申请材料、办理流程和时限。",
    ),
    (
        "示例市生态环境行政处罚裁量基准",
        "R20-06",
        "enforce_liaison",
        ["legal"],
        "示环规〔2026〕2号",
        None,
        "规范行政处罚自由裁量权，明确违法情节与处罚幅度。",
    ),
    (
        "2026年上半年生态环境行政处罚决定信息",
        "R20-06",
        "enforce_liaison",
        [],
        "",
        "enforce",
        "对具有一定社会影响的行政处罚决定予以公开。",
    ),
    (
        "示例市生态环境局2026年部门预算",
        "R20-07",
        "office_zhou",
        [],
        "",
        None,
        "部门收支总体情况、财政拨款收支和“三公”经费预算。",
    ),
    (
        "示例市生态环境局2025年部门决算",
        "R20-07",
        "office_zhou",
        [],
        "",
        None,
        "部门收支决算情况及绩效评价结果。",
    ),
    (
        "生态环境监测服务政府采购项目中标公告",
        "R20-09",
        "office_zhou",
        [],
        "",
        None,
        "采购项目名称、中标供应商、中标金额。",
    ),
    (
        "2026年“双随机、一公开”监管抽查计划",
        "R20-13",
        "enforce_liaison",
        [],
        "",
        "enforce",
        "抽查对象、抽查比例和检查事项。",
    ),
    (
        "危险废物经营许可证发放情况",
        "R20-05",
        "waste_liaison",
        [],
        "",
        "solidwaste",
        "危险废物经营许可证持证单位名单、核准经营类别和规模。",
    ),
    (
        "示例市土壤污染重点监管单位名录",
        "R20-13",
        "soil_liaison",
        [],
        "",
        "soil",
        "土壤污染重点监管单位名单及其主要义务。",
    ),
    (
        "示例市“十四五”生态环境保护规划",
        "R20-03",
        "office_zhou",
        ["air", "water", "soil"],
        "示政办发〔2022〕9号",
        None,
        "全市生态环境保护的总体目标、主要任务和保障措施。",
    ),
    (
        "2025年示例市生态环境状况公报",
        "R20-04",
        "monitor_liaison",
        [],
        "",
        None,
        "全市大气、水、土壤、声环境质量和生态状况统计。",
    ),
    (
        "2026年度公开招聘事业单位工作人员公告",
        "R20-14",
        "office_zhou",
        [],
        "",
        None,
        "招聘岗位、名额、报考条件和报名方式。",
    ),
    (
        "环境科学研究院2026年科研成果公示",
        "R20-15",
        "office_zhou",
        [],
        "",
        "research",
        "环境科学研究院承担课题的研究成果。",
    ),
    (
        "关于征求《示例市噪声污染防治实施方案（征求意见稿）》意见的公告",
        "D5-2",
        "air_liaison",
        [],
        "",
        "air",
        "公开征求社会公众对噪声污染防治实施方案的意见。",
    ),
    (
        "生态环境违法行为有奖举报办法",
        "R20-01",
        "enforce_liaison",
        ["legal"],
        "示环规〔2026〕3号",
        None,
        "举报受理范围、奖励标准和举报人保护措施。",
    ),
    (
        "2026年世界环境日主题宣传活动安排",
        "D5-2",
        "office_zhou",
        [],
        "",
        None,
        "六五环境日宣传活动时间、地点和参与方式。",
    ),
]

BODY = (
    "{title}\n\n"
    "一、背景和依据\n根据《中华人民共和国环境保护法》等法律法规和市委、市政府工作部署，结合本市实际，"
    "现将有关事项公开如下。\n\n"
    "二、主要内容\n{summary}各有关单位要提高思想认识，加强组织领导，细化工作措施，确保各项任务落实到位。\n\n"
    "三、工作要求\n各区生态环境分局、局机关各科室、直属各单位要按照职责分工抓好落实，及时报送工作进展。"
    "社会公众如有疑问，可通过本局政府信息公开专栏或咨询电话联系。"
)

INTERPRETATION = (
    "《示例市扬尘污染防治管理办法》政策解读\n\n"
    "一、制定背景\n扬尘是本市细颗粒物的重要来源之一。为规范建设工程、道路保洁和物料堆场扬尘污染防治，"
    "本局起草了《示例市扬尘污染防治管理办法》。\n\n"
    "二、适用范围\n本市行政区域内建设工程施工、道路保洁、物料运输和堆放等活动的扬尘污染防治。\n\n"
    "三、主要措施\n施工工地落实围挡、覆盖、洒水、车辆冲洗、硬化道路和密闭运输等措施；"
    "道路实行机械化清扫；物料堆场密闭或者覆盖。\n\n"
    "四、责任分工\n生态环境部门统一监督管理，住房城乡建设、城市管理、交通运输等部门按照职责分工负责。"
)


def _run(ctx: DemoContext, day: dt.date, item: InformationItem, concerned: list[str]) -> None:
    p = ctx.people
    with clock.frozen(clock.at_local(day, 10)):
        services.submit_for_review(by=item.author, item=item)
        services.review_item(
            by=p["reviewer"], item=item, conclusion="passed", note="不涉及国家秘密"
        )
        item.refresh_from_db()
        for signoff in item.signoffs.select_related("unit"):
            key = next(k for k, u in ctx.units.items() if u.pk == signoff.unit_id)
            services.sign_off(by=p[f"{key}_head"], signoff=signoff, confirm=True)
        services.approve_item(by=p["deputy_li"], item=item)
        services.publish_item(by=p["office_head"], item=item)


def load(ctx: DemoContext) -> None:
    bureau = ctx.bureau
    if bureau is None or DisclosureGuide.objects.filter(bureau=bureau).exists():
        return
    p = ctx.people
    services.save_guide(
        by=p["office_head"], bureau=bureau, body=GUIDE, online_contact="gongkai@example.gov.cn"
    )
    cats = {c.code: c for c in Category.objects.all()}
    start = dt.date(2026, 1, 12)
    published: list[InformationItem] = []
    for n, (title, code, author, concerned, docno, unit, summary) in enumerate(ITEMS):
        formed = start + dt.timedelta(days=n * 10)  # demo spacing of dates, not a legal deadline
        publish_on = formed + dt.timedelta(days=3 if n % 7 else 40)  # a few published late
        if publish_on > clock.today():
            publish_on = clock.today()
        with clock.frozen(clock.at_local(formed, 9)):
            item = services.create_item(
                by=p[author],
                bureau=bureau,
                title=title,
                category=cats[code],
                formed_on=formed,
                summary=summary,
                document_number=docno,
                body=BODY.format(title=title, summary=summary),
                publisher_unit=ctx.units[unit] if unit else None,
                is_normative=code == "R20-01" or "规〔" in docno,
                concerned_units=[ctx.units[k] for k in concerned],
            )
        _run(ctx, publish_on, item, concerned)
        published.append(item)
    # 政策解读: the interpretation of the dust regulation, published a few days after it.
    policy = next(i for i in published if "扬尘污染防治管理办法" in i.title)
    policy.refresh_from_db()
    interpreted_on = min(policy.published_on + dt.timedelta(days=2), clock.today())
    with clock.frozen(clock.at_local(interpreted_on, 9)):
        interpretation = services.create_item(
            by=p["legal_head"], bureau=bureau, title="《示例市扬尘污染防治管理办法》政策解读",
            category=policy.category, formed_on=interpreted_on, interprets=policy,
            summary="解读管理办法的制定背景、适用范围、主要措施和责任分工。",
            body=INTERPRETATION,
        )  # fmt: skip
    _run(ctx, interpreted_on, interpretation, [])
    published.append(interpretation)
    for n, item in enumerate(published):
        InformationItem.objects.filter(pk=item.pk).update(view_count=(n * 37) % 500)

    today = clock.today()
    # Drafts in the workflow.
    in_review = services.create_item(
        by=p["air_liaison"], bureau=bureau, title="示例市臭氧污染防治攻坚行动方案（送审稿）",
        category=cats["R20-03"], formed_on=today, summary="夏秋季臭氧污染防控重点措施。",
        body="夏秋季臭氧污染防控重点措施。", publisher_unit=ctx.units["air"],
    )  # fmt: skip
    services.submit_for_review(by=p["air_liaison"], item=in_review)
    signing = services.create_item(
        by=p["water_liaison"], bureau=bureau, title="示例市入河排污口排查整治方案",
        category=cats["R20-03"], formed_on=today, summary="入河排污口排查、监测、溯源、整治。",
        body="入河排污口排查、监测、溯源、整治。", concerned_units=[ctx.units["enforce"]],
    )  # fmt: skip
    services.submit_for_review(by=p["water_liaison"], item=signing)
    services.review_item(by=p["reviewer"], item=signing, conclusion="passed")
    services.create_item(
        by=p["soil_liaison"], bureau=bureau, title="示例市受污染耕地安全利用方案（草稿）",
        category=cats["R20-03"], formed_on=today, body="受污染耕地分类管理与安全利用措施。",
    )  # fmt: skip
    # One withheld item with its R-12 reason.
    services.create_item(
        by=p["office_zhou"], bureau=bureau, title="局党组会议研究督察整改工作的会议纪要",
        category=cats["R20-02"], formed_on=today - dt.timedelta(days=30),
        attribute=Attribute.WITHHELD, withhold_reason="internal_affairs",
        withhold_note="属于行政机关内部事务信息（条例第十六条第一款）。",
    )  # fmt: skip
    # A clarification of a rumour about published data, published through the gates.
    clarification = services.record_clarification(
        by=p["office_head"],
        bureau=bureau,
        found_where="某短视频平台",
        found_on=today - dt.timedelta(days=2),
        false_information="网传本市第三季度PM2.5浓度同比上升50%",
        title="关于网传本市空气质量数据的澄清说明",
        body="经核实，本市第三季度PM2.5平均浓度同比下降8.1%，网传数据不实。请以本局发布的数据为准。",
        category=cats["D5-2"],
        corrects=next(i for i in published if "空气质量状况" in i.title),
    )
    _run(ctx, today, clarification.clarification, [])


# The second bureau (示例市交通运输局): its guide, two published items, one in review, one withheld.
# title, category code, author, publisher unit key, summary
TRANSPORT_PUBLISHED = [
    ("示例市交通运输局机构职能", "R20-02", "jt_office", None,
     "本局负责全市公路、水路、城市客运等交通运输行业管理。"),
    ("2026年冬季道路安全保畅工作方案", "R20-03", "jt_roads_liaison", "roads",
     "冬季雨雪冰冻天气道路安全保畅的组织、预警、处置和保障措施。"),
]  # fmt: skip


def load_transport(ctx: DemoContext) -> None:
    bureau = ctx.bureau
    p = ctx.people
    if bureau is None or "jt_office" not in p:
        return
    if DisclosureGuide.objects.filter(bureau=bureau).exists():
        return
    services.save_guide(
        by=p["jt_office"],
        bureau=bureau,
        body=GUIDE.replace("环境监督检查情况", "交通运输行政执法情况"),
        online_contact="jtgongkai@example.gov.cn",
    )
    cats = {c.code: c for c in Category.objects.all()}
    today = clock.today()
    for n, (title, code, author, unit, summary) in enumerate(TRANSPORT_PUBLISHED):
        formed = today - dt.timedelta(days=20 - 5 * n)  # demo dating only
        with clock.frozen(clock.at_local(formed, 9)):
            item = services.create_item(
                by=p[author], bureau=bureau, title=title, category=cats[code], formed_on=formed,
                summary=summary, body=BODY.format(title=title, summary=summary),
                publisher_unit=ctx.units[unit] if unit else None,
            )  # fmt: skip
        with clock.frozen(clock.at_local(formed + dt.timedelta(days=2), 10)):
            services.submit_for_review(by=item.author, item=item)
            services.review_item(by=p["jt_reviewer"], item=item, conclusion="passed")
            services.approve_item(by=p["jt_deputy"], item=item)
            services.publish_item(by=p["jt_office"], item=item)
    in_review = services.create_item(
        by=p["jt_transit_liaison"], bureau=bureau, title="示例市城市公交线网优化方案（征求意见稿）",
        category=cats["R20-03"], formed_on=today, summary="优化调整公交线路，提高站点覆盖率。",
        body="优化调整公交线路，提高站点覆盖率。", publisher_unit=ctx.units["transit"],
    )  # fmt: skip
    services.submit_for_review(by=p["jt_transit_liaison"], item=in_review)
    services.create_item(
        by=p["jt_office"], bureau=bureau, title="局党组会议研究交通安全生产工作的会议纪要",
        category=cats["R20-02"], formed_on=today - dt.timedelta(days=10),
        attribute=Attribute.WITHHELD, withhold_reason="internal_affairs",
        withhold_note="属于行政机关内部事务信息（条例第十六条第一款）。",
    )  # fmt: skip
