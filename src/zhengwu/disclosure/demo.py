# ruff: noqa: E501 — the demo texts read best one paragraph per line
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
        "示例市“十四五”生态环境保护规划中期调整",
        "R20-03",
        "office_zhou",
        ["air", "water", "soil"],
        "示政办发〔2026〕9号",
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

# When each item was formed (made or obtained): a quarterly report after its quarter, a budget
# early in the year, the final accounts and the yearly bulletin in summer (D-7 runs from here).
FORMED = {
    "示例市生态环境局机构职能": "2026-01-12",
    "示例市生态环境局领导信息": "2026-01-15",
    "示例市2026年大气污染防治工作方案": "2026-02-26",
    "示例市重污染天气应急预案（2026年修订）": "2026-03-10",
    "示例市挥发性有机物综合治理实施方案": "2026-04-08",
    "示例市扬尘污染防治管理办法": "2026-03-20",
    "示例市饮用水水源地保护区划定方案": "2026-05-12",
    "2026年第一季度地表水环境质量状况": "2026-04-16",
    "2026年第二季度地表水环境质量状况": "2026-07-15",
    "2026年第三季度环境空气质量状况": "2026-10-14",
    "示例市河湖长制工作要点": "2026-02-10",
    "建设项目环境影响报告书审批程序": "2026-01-20",
    "关于某化工有限公司年产5万吨精细化学品项目环境影响报告书的批复": "2026-06-05",
    "关于某新材料科技有限公司扩建项目环境影响报告表的批复": "2026-09-08",
    "排污许可证核发办事指南": "2026-01-22",
    "示例市生态环境行政处罚裁量基准": "2026-05-18",
    "2026年上半年生态环境行政处罚决定信息": "2026-07-08",
    "示例市生态环境局2026年部门预算": "2026-02-06",
    "示例市生态环境局2025年部门决算": "2026-08-20",
    "生态环境监测服务政府采购项目中标公告": "2026-06-22",
    "2026年“双随机、一公开”监管抽查计划": "2026-03-02",
    "危险废物经营许可证发放情况": "2026-08-05",
    "示例市土壤污染重点监管单位名录": "2026-03-25",
    "示例市“十四五”生态环境保护规划中期调整": "2026-04-28",
    "2025年示例市生态环境状况公报": "2026-06-03",
    "2026年度公开招聘事业单位工作人员公告": "2026-04-20",
    "环境科学研究院2026年科研成果公示": "2026-10-20",
    "关于征求《示例市噪声污染防治实施方案（征求意见稿）》意见的公告": "2026-09-15",
    "生态环境违法行为有奖举报办法": "2026-07-22",
    "2026年世界环境日主题宣传活动安排": "2026-05-20",
}

BODY = (
    "{title}\n\n"
    "一、背景和依据\n根据《中华人民共和国环境保护法》等法律法规和市委、市政府工作部署，结合本市实际，"
    "制定本{kind}。\n\n"
    "二、主要内容\n{summary}\n\n"
    "三、工作要求\n各区生态环境分局、局机关各科室、直属各单位要按照职责分工抓好落实，及时报送工作进展。"
    "社会公众如有疑问，可通过本局政府信息公开专栏或咨询电话联系。"
)

# Bodies of the kinds of information that read differently from a policy document.
GUIDE_BODY = (
    "{title}\n\n"
    "一、事项名称\n{subject}\n\n"
    "二、办理依据\n{basis}\n\n"
    "三、办理条件\n{conditions}\n\n"
    "四、申请材料\n{materials}\n\n"
    "五、办理流程\n申请→受理（材料齐全、符合法定形式的当场受理）→审查（必要时现场核查）→决定→"
    "送达。申请人可通过本局政务服务窗口或网上办事大厅提交申请。\n\n"
    "六、办理时限\n{limit}\n\n"
    "七、收费标准\n不收费。\n\n"
    "八、结果查询\n办理结果在本局门户网站公示，申请人可凭受理编号查询。\n\n"
    "九、咨询电话\n0000-12345678（工作日 9:00—12:00，13:30—17:30）"
)
GUIDES = {
    "建设项目环境影响报告书审批程序": {
        "subject": "建设项目环境影响报告书审批",
        "basis": "《中华人民共和国环境影响评价法》第二十二条；《建设项目环境保护管理条例》第九条。",
        "conditions": "建设项目符合生态环境保护法律法规和相关法定规划，满足生态环境分区管控要求；"
        "环境影响报告书编制规范，污染防治措施可行。",
        "materials": "1. 建设项目环境影响报告书审批申请书；2. 环境影响报告书（全本及删除涉密、商业秘密内容的公开版）；"
        "3. 公众参与说明；4. 建设单位营业执照复印件。",
        "limit": "自受理之日起60日内作出审批决定（技术评估、公示时间不计入）。",
    },
    "排污许可证核发办事指南": {
        "subject": "排污许可证核发",
        "basis": "《排污许可管理条例》第八条至第十五条；《排污许可管理办法》。",
        "conditions": "依法取得建设项目环境影响报告书（表）批准文件或者登记备案；污染防治设施和排放口符合要求；"
        "自行监测方案符合规定。",
        "materials": "1. 排污许可证申请表；2. 自行监测方案；3. 由排污单位法定代表人或者主要负责人签字的承诺书；"
        "4. 排污单位有关排污口规范化的情况说明；5. 建设项目环境影响评价批复文号。",
        "limit": "自受理之日起20日内作出决定；实行重点管理的排污单位，自受理之日起30日内作出决定。",
    },
}

BUDGET_BODY = (
    "{title}\n\n"
    "一、部门基本情况\n本部门由局机关和所属事业单位组成，主要职责见本局机构职能栏目。\n\n"
    "二、收支总体情况\n{total}\n\n"
    "三、财政拨款收支情况\n一般公共预算财政拨款{grant}，主要用于大气、水、土壤污染防治，生态环境监测和执法监管。\n\n"
    "四、“三公”经费{word}情况\n“三公”经费{word}合计42.6万元，其中：因公出国（境）费0元，公务用车购置及运行费31.2万元，"
    "公务接待费11.4万元，比上年减少3.5万元。\n\n"
    "五、机关运行经费\n机关运行经费{word}186.3万元。\n\n"
    "六、名词解释\n“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。"
)

QUALITY_BODY = (
    "{title}\n\n"
    "一、总体情况\n{summary}\n\n"
    "二、监测结果\n{result}\n\n"
    "三、说明\n以上数据为实时监测数据统计结果，最终以生态环境部门发布的审核数据为准。"
)
QUALITY = {
    "2026年第一季度地表水环境质量状况": "第一季度全市12个国控、省控断面中，水质优良（Ⅰ～Ⅲ类）断面10个，占83.3%；"
    "Ⅳ类断面2个，主要超标因子为总磷、化学需氧量；无劣Ⅴ类断面。",
    "2026年第二季度地表水环境质量状况": "第二季度全市12个国控、省控断面中，水质优良（Ⅰ～Ⅲ类）断面11个，占91.7%，"
    "同比提高8.4个百分点；无劣Ⅴ类断面。",
    "2026年第三季度环境空气质量状况": "第三季度全市环境空气质量优良天数82天，优良天数比例89.1%；"
    "PM2.5平均浓度23微克/立方米，同比下降8.1%；臭氧日最大8小时平均第90百分位浓度152微克/立方米。",
    "2025年示例市生态环境状况公报": "2025年全市环境空气质量优良天数比例86.3%，PM2.5年均浓度31微克/立方米；"
    "地表水国控断面水质优良比例88.9%；集中式饮用水水源地水质达标率100%；土壤环境质量总体稳定。",
}

SPECIAL_BODIES = {
    "示例市生态环境局机构职能": "{title}\n\n一、主要职责\n负责建立健全生态环境基本制度；负责重大生态环境问题的统筹协调和监督管理；"
    "负责监督管理污染防治工作；负责生态环境监测和执法工作。\n\n二、内设机构\n办公室、法规科、大气环境科、水生态环境科、"
    "土壤生态环境科、环境影响评价科、人事科。\n\n三、直属单位\n生态环境保护综合行政执法支队、生态环境监测站、固体废物管理中心、"
    "环境科学研究院。\n\n四、办公地址及电话\n示例市人民路100号，0000-12345678。",
    "示例市生态环境局领导信息": "{title}\n\n局长：主持局全面工作。\n副局长（分管大气、水）：负责大气环境、水生态环境、生态环境监测工作。"
    "\n副局长（分管土壤、固废）：负责土壤生态环境、固体废物管理、环境影响评价工作。\n副局长（分管综合）：负责办公室、法规、人事工作。",
    "关于某化工有限公司年产5万吨精细化学品项目环境影响报告书的批复": "{title}\n\n某化工有限公司：\n你公司报送的《年产5万吨精细化学品项目环境影响报告书》"
    "收悉。经研究，批复如下：\n一、该项目位于示例市化工园区，在全面落实报告书提出的各项污染防治措施后，环境不利影响能够得到缓解和控制。"
    "我局同意你公司按照报告书所列建设项目的性质、规模、地点和环境保护措施进行建设。\n二、项目建设和运营中应重点做好挥发性有机物收集处理、"
    "废水预处理和危险废物规范贮存。\n三、项目竣工后，须按规定开展竣工环境保护验收。\n\n示例市生态环境局\n{date}",
    "关于某新材料科技有限公司扩建项目环境影响报告表的批复": "{title}\n\n某新材料科技有限公司：\n你公司报送的《扩建项目环境影响报告表》收悉。"
    "经研究，批复如下：\n一、同意该扩建项目按报告表所列性质、规模、地点和环境保护措施建设。\n二、扩建工程产生的有机废气须经收集后"
    "采用活性炭吸附处理，达标排放；噪声须满足厂界标准。\n三、项目竣工后，须按规定开展竣工环境保护验收。\n\n示例市生态环境局\n{date}",
    "2026年上半年生态环境行政处罚决定信息": "{title}\n\n2026年上半年，本局共作出行政处罚决定46件，罚没款合计312.5万元。"
    "对具有一定社会影响的处罚决定公开如下：\n1. 示环罚〔2026〕7号，某印染有限公司超标排放水污染物，罚款28万元；\n"
    "2. 示环罚〔2026〕15号，某建材有限公司未落实扬尘污染防治措施，罚款5万元；\n3. 示环罚〔2026〕22号，某机械制造有限公司"
    "危险废物未规范贮存，罚款12万元。",
    "生态环境监测服务政府采购项目中标公告": "{title}\n\n一、项目编号：SLCG-2026-0618\n二、项目名称：生态环境监测服务\n"
    "三、中标供应商：某环境检测技术有限公司\n四、中标金额：人民币186.00万元\n五、主要标的：地表水、环境空气手工监测及质控服务，服务期一年。"
    "\n六、公告期限：自本公告发布之日起1个工作日。\n七、联系方式：采购人示例市生态环境局，0000-12345678。",
    "2026年度公开招聘事业单位工作人员公告": "{title}\n\n一、招聘岗位及名额：生态环境监测站监测岗3名，环境科学研究院研究岗2名。\n"
    "二、报考条件：具有中华人民共和国国籍，遵守宪法和法律，具备岗位所需的专业（环境科学、环境工程、化学等）和学历（本科及以上）。\n"
    "三、报名方式：网上报名，报名时间另行公告。\n四、考试：笔试、面试，按综合成绩确定考察人选。\n五、咨询电话：0000-12345679。",
    "环境科学研究院2026年科研成果公示": "{title}\n\n一、“示例市细颗粒物和臭氧协同控制研究”，已通过验收；\n"
    "二、“重点流域总磷污染来源解析”，已通过验收。\n公示期5个工作日，如有异议，请以书面形式向环境科学研究院反映。",
    "关于征求《示例市噪声污染防治实施方案（征求意见稿）》意见的公告": "{title}\n\n为做好噪声污染防治工作，我局起草了《示例市噪声污染防治实施方案"
    "（征求意见稿）》，现向社会公开征求意见。\n一、征求意见时间：自本公告发布之日起30日。\n二、反馈方式：电子邮件发送至"
    "gongkai@example.gov.cn，或邮寄至示例市人民路100号示例市生态环境局大气环境科（请注明“噪声方案意见”）。",
    "2026年世界环境日主题宣传活动安排": "{title}\n\n一、活动时间：2026年6月5日上午9:00\n二、活动地点：示例市人民广场\n"
    "三、活动内容：生态环境保护成果展、环保设施开放、垃圾分类互动体验。\n四、参与方式：市民可现场参加，"
    "环保设施开放需提前在本局门户网站预约。",
    "危险废物经营许可证发放情况": "{title}\n\n截至目前，全市持有危险废物经营许可证的单位共6家，核准经营规模合计18.6万吨/年：\n"
    "1. 某环保科技有限公司，综合经营HW08、HW12、HW49类，5万吨/年；\n2. 某固废处置有限公司，焚烧处置HW02、HW06类，3万吨/年；\n"
    "（其余单位略，详见附件名单）。",
    "示例市土壤污染重点监管单位名录": "{title}\n\n根据《中华人民共和国土壤污染防治法》第二十一条，确定2026年度土壤污染重点监管单位"
    "28家。列入名录的单位应当严格控制有毒有害物质排放，建立土壤污染隐患排查制度，制定自行监测方案。名录见附件。",
    "2026年“双随机、一公开”监管抽查计划": "{title}\n\n一、抽查对象：全市排污许可重点管理单位、危险废物产生单位。\n"
    "二、抽查比例：重点排污单位不低于20%，一般排污单位不低于5%。\n三、检查事项：排污许可证执行情况、污染防治设施运行、"
    "自行监测和危险废物规范化管理。\n四、结果公开：抽查结果于检查结束后20个工作日内公开。",
}


def _body(title: str, summary: str, formed: dt.date) -> str:
    """A body that reads like the kind of document its title names."""
    if title in GUIDES:
        return GUIDE_BODY.format(title=title, **GUIDES[title])
    if title in QUALITY:
        return QUALITY_BODY.format(title=title, summary=summary, result=QUALITY[title])
    if "预算" in title or "决算" in title:
        final = "决算" in title
        return BUDGET_BODY.format(
            title=title,
            word="决算" if final else "预算",
            total="收入总计8,652.4万元，支出总计8,431.7万元，年末结转和结余220.7万元。"
            if final else "收入预算、支出预算总计9,016.8万元，比上年增加5.2%。",
            grant="支出7,985.6万元" if final else "9,016.8万元",
        )  # fmt: skip
    if title in SPECIAL_BODIES:
        return SPECIAL_BODIES[title].format(title=title, date=f"{formed:%Y年%-m月%-d日}")
    kind = next(
        (k for k in ("实施方案", "工作方案", "方案", "预案", "办法", "基准", "规划", "要点")
         if k in title), "文件"
    )  # fmt: skip
    return BODY.format(title=title, summary=summary, kind=kind)


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
    published: list[InformationItem] = []
    for n, (title, code, author, concerned, docno, unit, summary) in enumerate(ITEMS):
        formed = dt.date.fromisoformat(FORMED[title])
        if formed > clock.today():
            continue  # not yet made on the day the demo is loaded
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
                body=_body(title, summary, formed),
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
        false_information="网传本市今年PM2.5浓度同比上升50%",
        title="关于网传本市空气质量数据的澄清说明",
        body="关于网传本市空气质量数据的澄清说明\n\n近日，某短视频平台流传“本市今年PM2.5浓度同比上升50%”的说法。"
        "经核实，本市今年以来PM2.5平均浓度同比下降，网传数据不实。请以本局发布的环境质量数据为准。",
        category=cats["D5-2"],
        corrects=next(
            (i for i in published if "空气质量" in i.title or "状况公报" in i.title), None
        ),
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
                summary=summary, body=f"{title}\n\n{summary}",
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
