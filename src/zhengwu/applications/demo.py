"""Demo applications: a year of them for the demo bureau, across every outcome of the national
list, through the real services (intake, confirmation, supplement, consultation, fee, extension,
answer, delivery, filing of refusals, a review and a lawsuit). Idempotent."""

from __future__ import annotations

import datetime as dt

from zhengwu.applications import policy, services
from zhengwu.applications.models import Application
from zhengwu.core import clock
from zhengwu.core.demo_loader import DemoContext
from zhengwu.org.demo import ROLES_START
from zhengwu.workdays.selectors import current_calendar

APPLICANTS = [
    ("natural_person", "", "张伟", "110105194912310028", ""),
    ("natural_person", "", "李娜", "11010519491231002X", ""),
    ("organisation", "commercial", "示例市宏达建设有限公司", "", "91350100M000100Y43"),
    ("organisation", "legal_services", "示例市正义律师事务所", "", "91350100M000100Y43"),
    ("organisation", "research", "示例市环境科学研究院", "", "91350100M000100Y43"),
    ("organisation", "public_interest", "示例市绿色家园环保协会", "", "91350100M000100Y43"),
    ("organisation", "other", "示例市某社区居民委员会", "", "91350100M000100Y43"),
]
SUBJECTS = [
    "2025年城区道路扬尘整治专项资金使用情况",
    "某化工企业环境影响评价报告书及批复",
    "2025年第三季度重点排污单位监督性监测数据",
    "示例河入河排污口整治方案",
    "建设项目竣工环境保护验收意见",
    "某小区周边噪声投诉处理结果",
]


def _id_number(candidate: str) -> str:
    from zhengwu.applications.identity import resident_id_valid

    return candidate if resident_id_valid(candidate) else "11010519491231002X"


def load(ctx: DemoContext) -> None:
    bureau = ctx.bureau
    if bureau is None or Application.objects.filter(bureau=bureau).exists():
        return
    officer = ctx.people.get("office_wu")  # the disclosure officer
    head = ctx.people.get("office_head")
    if officer is None or head is None:
        return
    cal = current_calendar()
    today = clock.today()
    outcomes = [o.key for o in policy.OUTCOMES if o.key not in ("3.4.3", "3.6.1", "3.6.2")]
    # The year before today, from the day the demo people hold their roles.
    day = cal.workday_on_or_after(max(today - dt.timedelta(days=360), ROLES_START))
    n = 0
    while True:
        day = cal.add_workdays(day, 6)  # demo spacing: one application every six working days
        answer_day = cal.add_workdays(day, 8)
        if answer_day >= today:
            break
        kind, category, name, id_number, code = APPLICANTS[n % len(APPLICANTS)]
        organisation = kind == "organisation"
        with clock.frozen(clock.at_local(day, 10)):
            application, _secret = services.submit_application(
                by=None if n % 3 == 0 else officer,
                bureau=bureau,
                channel="online" if n % 3 == 0 else ("in_person", "registered_post")[n % 2],
                handed_in_on=None if n % 3 == 0 else day,
                applicant_kind=kind,
                applicant_category=category,
                name=name,
                legal_representative="王强" if organisation else "",
                credit_code=code,
                id_type="resident_id",
                id_number=_id_number(id_number or "11010519491231002X"),
                phone=f"1390000{n % 10000:04d}",
                email=f"applicant{n}@example.com",
                address="示例市人民路1号",
                description=SUBJECTS[n % len(SUBJECTS)],
                info_title=SUBJECTS[n % len(SUBJECTS)],
                form="electronic",
                delivery="email",
            )
            if n % 3 == 0:
                services.confirm_receipt(
                    by=officer, application=application, confirmed_on=day, method="phone"
                )
        outcome = outcomes[n % len(outcomes)]
        if n % 11 == 4:
            asked = cal.add_workdays(day, 2)
            with clock.frozen(clock.at_local(asked, 10)):
                services.ask_supplement(
                    by=officer,
                    application=application,
                    asked_on=asked,
                    what="请写明所需信息的文号或形成时间",
                )
            back = cal.add_workdays(asked, 3)
            with clock.frozen(clock.at_local(back, 10)):
                services.receive_supplement(by=officer, application=application, received_on=back)
            answer_day = cal.add_workdays(back, 6)
            outcome = "3.4.3"
        if n % 7 == 3:
            sent = cal.add_workdays(day, 1)
            with clock.frozen(clock.at_local(sent, 10)):
                consultation = services.start_consultation(
                    by=officer,
                    application=application,
                    kind="third_party",
                    party="示例市某化工有限公司",
                    sent_on=sent,
                )
            opinion = cal.add_workdays(sent, 5)
            with clock.frozen(clock.at_local(opinion, 10)):
                services.record_consultation_answer(
                    by=officer, consultation=consultation, answered_on=opinion, opinion="不同意公开"
                )
            answer_day = cal.add_workdays(opinion, 4)
        if n % 10 == 6:
            with clock.frozen(clock.at_local(cal.add_workdays(day, 3), 10)):
                services.extend(by=head, application=application, days=10, reason="需调取档案")
        if answer_day >= today:
            break
        with clock.frozen(clock.at_local(answer_day, 15)):
            services.answer(
                by=officer,
                application=application,
                outcome=outcome,
                answered_on=answer_day,
                answer_text="" if outcome in ("3.1", "3.2") else "详见告知书",
            )
            services.record_delivery(
                by=officer, application=application, way="email", on=answer_day
            )
            if outcome.startswith("3.3") and n % 2 == 0:
                services.file_refusal(
                    by=officer,
                    application=application,
                    authority="示例市人民政府办公室",
                    filed_on=answer_day,
                )
        if outcome == "3.3.4" and n < 40:
            filed = cal.add_workdays(answer_day, 10)
            if filed < today:
                with clock.frozen(clock.at_local(filed, 10)):
                    services.open_case(
                        by=officer,
                        application=application,
                        kind="review",
                        body="示例市人民政府",
                        filed_on=filed,
                    )
        n += 1
    # （六）1 and （六）2: no supplement, and a fee not paid, within their periods.
    for index, step in enumerate(("supplement", "fee")):
        start = cal.add_workdays(ROLES_START, 20 + index)
        with clock.frozen(clock.at_local(start, 10)):
            application, _secret = services.submit_application(
                by=officer,
                bureau=bureau,
                channel="in_person",
                handed_in_on=start,
                applicant_kind="natural_person",
                name="钱程",
                id_type="resident_id",
                id_number="11010519491231002X",
                phone="13900007777",
                description="近十年全部行政处罚案卷" if step == "fee" else "有关文件",
                form="paper",
                delivery="in_person",
            )
            if step == "supplement":
                request = services.ask_supplement(
                    by=officer, application=application, asked_on=start, what="请写明文件名称"
                )
                end = cal.add_workdays(request.reply_by, 1)
            else:
                fee = services.send_fee_notice(
                    by=officer,
                    application=application,
                    method="pages",
                    quantity=150,
                    notified_on=start,
                )
                end = cal.add_workdays(fee.pay_by, 1)
        with clock.frozen(clock.at_local(end, 2)):
            services.close_expired(today=end)
    # Two that are still open: one awaiting confirmation, one being handled.
    with clock.frozen(clock.at_local(today, 9)):
        services.submit_application(
            by=None,
            bureau=bureau,
            channel="online",
            applicant_kind="natural_person",
            name="赵敏",
            id_type="resident_id",
            id_number="11010519491231002X",
            phone="13900009999",
            description="本年度建设项目环评审批目录",
            form="electronic",
            delivery="portal",
        )
    recent = cal.add_workdays(today - dt.timedelta(days=20), 0)
    with clock.frozen(clock.at_local(recent, 9)):
        services.submit_application(
            by=officer,
            bureau=bureau,
            channel="in_person",
            handed_in_on=recent,
            applicant_kind="natural_person",
            name="孙丽",
            id_type="resident_id",
            id_number="11010519491231002X",
            phone="13900008888",
            description="某路段改造工程环评批复",
            form="paper",
            delivery="in_person",
        )
