"""Demo applications for the demo bureau: the whole previous year and the current year up to
today, through the real services (intake, confirmation, supplement, consultation, fee, extension,
answer, delivery, filing of refusals, reviews and lawsuits, correction requests), so that the
annual report of both years (table 3: every outcome row and applicant column, applications
carried over 31 December; table 4: every kind and result of review and litigation) shows real
figures. Dates follow the rules: answers after receipt and mostly within the legal period, a few
late. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from zhengwu.applications import policy, services
from zhengwu.applications.models import Application, CaseKind, CaseOutcome
from zhengwu.core import clock
from zhengwu.core.demo_loader import DemoContext
from zhengwu.org.demo import ROLES_START
from zhengwu.workdays.selectors import current_calendar

# (kind, table-3 column, name, resident id, unified social credit code): every column of table 3.
APPLICANTS = [
    ("natural_person", "", "张伟", "11010519491231002X", ""),
    ("organisation", "commercial", "示例市宏达建设有限公司", "", "91350100M000100Y43"),
    ("natural_person", "", "李娜", "11010519491231002X", ""),
    ("organisation", "legal_services", "示例市正义律师事务所", "", "91350100M000100Y43"),
    ("organisation", "research", "示例市环境科学研究院", "", "91350100M000100Y43"),
    ("organisation", "public_interest", "示例市绿色家园环保协会", "", "91350100M000100Y43"),
    ("organisation", "other", "示例市某社区居民委员会", "", "91350100M000100Y43"),
]
SUBJECTS = [
    "城区道路扬尘整治专项资金使用情况",
    "某化工企业环境影响评价报告书及批复",
    "第三季度重点排污单位监督性监测数据",
    "示例河入河排污口整治方案",
    "建设项目竣工环境保护验收意见",
    "某小区周边噪声投诉处理结果",
]
# Outcomes reached through their own steps, not chosen in the answer.
SPECIAL = (policy.NO_SUPPLEMENT_OUTCOME, policy.UNPAID_FEE_OUTCOME, "3.4.3")
SPACING = 5  # demo: one application every five working days
OPINION = "不同意公开"


def _at(day: dt.date, hour: int = 10) -> Any:
    return clock.frozen(clock.at_local(day, hour))


def _earlier_roles(people: list[Any], since: dt.date) -> None:
    """The office's staff held the same roles in the previous year (the demo's roles start on
    ROLES_START), so the previous year's steps are theirs."""
    from zhengwu.org import services as org_services
    from zhengwu.org.models import RoleAssignment
    from zhengwu.org.selectors import forget_roles

    if since >= ROLES_START:
        return
    for person in people:
        for role in RoleAssignment.objects.filter(person=person, valid_from=ROLES_START):
            if RoleAssignment.objects.filter(
                person=person, role=role.role, valid_from=since
            ).exists():
                continue
            org_services.assign_role(
                by=None,
                person=person,
                role=role.role,
                bureau=role.bureau,
                unit=role.unit,
                units_in_charge=list(role.units_in_charge.all()),
                valid_from=since,
                valid_until=ROLES_START - dt.timedelta(days=1),
            )
        forget_roles(person)


def _submit(bureau: Any, officer: Any, n: int, day: dt.date) -> Application:
    kind, category, name, id_number, code = APPLICANTS[n % len(APPLICANTS)]
    organisation = kind == "organisation"
    online = n % 3 == 0
    subject = f"{day.year - (n % 2)}年{SUBJECTS[n % len(SUBJECTS)]}"
    with _at(day):
        application, _secret = services.submit_application(
            by=None if online else officer,
            bureau=bureau,
            channel="online" if online else ("in_person", "registered_post")[n % 2],
            handed_in_on=None if online else day,
            applicant_kind=kind,
            applicant_category=category,
            name=name,
            legal_representative="王强" if organisation else "",
            credit_code=code,
            id_type="resident_id",
            id_number=id_number or "11010519491231002X",
            phone=f"1390000{n % 10000:04d}",
            email=f"applicant{n}@example.com",
            address="示例市人民路1号",
            description=subject,
            info_title=subject,
            form="electronic",
            delivery="email",
        )
    if online:  # counts as received on the day staff confirm (here the same afternoon)
        with _at(day, 15):
            services.confirm_receipt(
                by=officer, application=application, confirmed_on=day, method="phone"
            )
    return application


def _plan(
    application: Application, n: int, day: dt.date, outcome: str, officer: Any, head: Any
) -> list[tuple[dt.date, Callable[[], Any]]]:
    """The steps of one application, each on its day, ending with the answer and its delivery."""
    cal = current_calendar()
    a = application
    steps: list[tuple[dt.date, Callable[[], Any]]] = []
    answer_after = 4 + (n * 7) % 15  # 4…18 working days: within the 20 of R-3
    start = day
    if n % 11 == 4:  # supplement asked, received; the period restarts
        asked, back = cal.add_workdays(day, 2), cal.add_workdays(day, 5)
        steps += [
            (
                asked,
                lambda: services.ask_supplement(
                    by=officer, application=a, asked_on=asked, what="请写明所需信息的文号或形成时间"
                ),
            ),
            (
                back,
                lambda: services.receive_supplement(
                    by=officer, application=a, received_on=back, content="文号为示环〔2024〕12号"
                ),
            ),
        ]
        start, answer_after, outcome = back, 6, "3.4.3"
    elif n % 7 == 3:  # a third party is consulted; the clock pauses meanwhile
        sent, opinion = cal.add_workdays(day, 1), cal.add_workdays(day, 9)
        holder: dict[str, Any] = {}

        def consult() -> None:
            holder["c"] = services.start_consultation(
                by=officer,
                application=a,
                kind="third_party",
                party="示例市某化工有限公司",
                sent_on=sent,
            )

        steps += [
            (sent, consult),
            (
                opinion,
                lambda: services.record_consultation_answer(
                    by=officer, consultation=holder["c"], answered_on=opinion, opinion=OPINION
                ),
            ),
        ]
        start, answer_after = opinion, 5
    elif n % 19 == 9:  # a fee notice, paid; the clock pauses until payment
        notified, paid = cal.add_workdays(day, 2), cal.add_workdays(day, 7)
        steps += [
            (
                notified,
                lambda: services.send_fee_notice(
                    by=officer, application=a, method="pages", quantity=150, notified_on=notified
                ),
            ),
            (paid, lambda: services.record_fee_paid(by=officer, application=a, paid_on=paid)),
        ]
        start, answer_after = paid, 6
    elif n % 10 == 6:  # extended by the head of the office, answered within the extension
        asked = cal.add_workdays(day, 15)
        steps.append(
            (
                asked,
                lambda: services.extend(by=head, application=a, days=10, reason="需调取历史档案"),
            )
        )
        answer_after = 26
    elif n % 13 == 7:  # a few answers come late
        answer_after = 22
    answered = cal.add_workdays(start, answer_after)

    def answer() -> None:
        services.answer(
            by=officer,
            application=a,
            outcome=outcome,
            answered_on=answered,
            answer_text="" if outcome in ("3.1", "3.2") else "详见告知书",
        )
        services.record_delivery(by=officer, application=a, way="email", on=answered)

    steps.append((answered, answer))
    if outcome.startswith("3.3") and n % 2 == 0:  # D-11: the refusal filed with the city
        filed = cal.add_workdays(answered, 3)
        steps.append(
            (
                filed,
                lambda: services.file_refusal(
                    by=officer, application=a, authority="示例市人民政府办公室", filed_on=filed
                ),
            )
        )
    return steps


def _run(steps: list[tuple[dt.date, Callable[[], Any]]], today: dt.date) -> None:
    """Do the steps whose day has come; later ones are still to come (the application is open)."""
    for day, step in steps:
        if day >= today:
            return
        with _at(day, 11 if step.__name__ != "answer" else 15):
            step()


def _closed_without_answer(bureau: Any, officer: Any, day: dt.date, step: str) -> None:
    """（六）1 and （六）2: no supplement, or a fee not paid, within their periods."""
    cal = current_calendar()
    with _at(day):
        application, _secret = services.submit_application(
            by=officer,
            bureau=bureau,
            channel="in_person",
            handed_in_on=day,
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
                by=officer, application=application, asked_on=day, what="请写明文件名称"
            )
            end = cal.add_workdays(request.reply_by, 1)
        else:
            fee = services.send_fee_notice(
                by=officer, application=application, method="pages", quantity=150, notified_on=day
            )
            end = cal.add_workdays(fee.pay_by, 1)
    with _at(end, 2):
        services.close_expired(today=end)


# D-14: the days a review or a lawsuit takes in the demo (working days).
REVIEW_FILED_AFTER, REVIEW_TAKES = 15, 40
LAWSUIT_FILED_AFTER, LAWSUIT_TAKES = 20, 70
SECOND_STEP_AFTER = 10  # a lawsuit after the review's decision
RESULTS = (CaseOutcome.MAINTAINED, CaseOutcome.CORRECTED, CaseOutcome.OTHER)


def _case_days(kind: str, answered: dt.date) -> tuple[dt.date | None, dt.date, dt.date]:
    """(review decided on, filed on, decided on) of a case about an answer of `answered`."""
    cal = current_calendar()
    if kind == CaseKind.REVIEW:
        filed = cal.add_workdays(answered, REVIEW_FILED_AFTER)
        return None, filed, cal.add_workdays(filed, REVIEW_TAKES)
    if kind == CaseKind.LITIGATION_DIRECT:
        filed = cal.add_workdays(answered, LAWSUIT_FILED_AFTER)
        return None, filed, cal.add_workdays(filed, LAWSUIT_TAKES)
    review_filed = cal.add_workdays(answered, REVIEW_FILED_AFTER)
    review_decided = cal.add_workdays(review_filed, REVIEW_TAKES)
    filed = cal.add_workdays(review_decided, SECOND_STEP_AFTER)
    return review_decided, filed, cal.add_workdays(filed, LAWSUIT_TAKES)


def _open_case(
    officer: Any, application: Application, kind: str, answered: dt.date, result: str | None
) -> None:
    review_decided, filed, decided = _case_days(kind, answered)
    body = {
        CaseKind.REVIEW: "示例市人民政府",
        CaseKind.LITIGATION_DIRECT: "示例市城东区人民法院",
        CaseKind.LITIGATION_AFTER_REVIEW: "示例市中级人民法院",
    }[kind]
    if review_decided is not None:  # the review that came first, upheld
        review_filed = current_calendar().add_workdays(answered, REVIEW_FILED_AFTER)
        with _at(review_filed):
            first = services.open_case(
                by=officer,
                application=application,
                kind=CaseKind.REVIEW,
                body="示例市人民政府",
                filed_on=review_filed,
                case_number=f"示政复〔{review_filed.year}〕{application.pk}号",
            )
        with _at(review_decided):
            services.conclude_case(
                by=officer, case=first, outcome=CaseOutcome.MAINTAINED, concluded_on=review_decided
            )
    with _at(filed):
        case = services.open_case(
            by=officer,
            application=application,
            kind=kind,
            body=body,
            filed_on=filed,
            case_number=f"（{filed.year}）示{application.pk:04d}号",
        )
    if result is not None:
        note = {
            CaseOutcome.MAINTAINED: "维持原答复",
            CaseOutcome.CORRECTED: "责令重新答复",
            CaseOutcome.OTHER: "申请人撤回",
        }[result]
        with _at(decided):
            services.conclude_case(
                by=officer, case=case, outcome=result, concluded_on=decided, note=note
            )


def _cases(
    officer: Any, answered: list[tuple[Application, dt.date]], years: list[int], today: dt.date
) -> None:
    """D-14: in each year a case of every kind with every result, and some still pending on
    31 December (the previous year's are decided in the next; the current year's are open)."""
    used: set[int] = set()
    disputed = [p for p in answered if p[0].outcome[:3] in ("3.3", "3.4", "3.5", "3.2")]
    for year in years:
        end = min(dt.date(year, 12, 31), today - dt.timedelta(days=1))
        for kind in CaseKind.values:
            wanted: list[str | None] = [*RESULTS, None]
            for result in wanted:
                pool = disputed if result is not None else list(reversed(disputed))
                for application, day in pool:
                    if application.pk in used or day.year != year:
                        continue
                    _review, filed, decided = _case_days(kind, day)
                    if filed.year != year or filed > end:
                        continue
                    if result is not None and decided > end:
                        continue
                    if result is None and year < today.year and decided >= today:
                        continue
                    decision = result
                    if result is None and year < today.year:  # pending on 31 Dec, decided later
                        if decided.year == year:
                            continue
                        decision = CaseOutcome.CORRECTED
                    used.add(application.pk)
                    _open_case(officer, application, kind, day, decision)
                    break


def _corrections(
    bureau: Any, officer: Any, answered: list[tuple[Application, dt.date]], today: dt.date
) -> None:
    """R-8: requests to correct records about oneself — answered ones of both years (corrected,
    not corrected, referred) and one still open."""
    cal = current_calendar()
    requests = [
        ("周杰", "排污许可登记中的法定代表人姓名", "姓名应为周洁", "corrected", "已核实并更正"),
        ("吴芳", "信访答复意见书中的住址", "住址应为人民路12号", "refused", "经核实原记录无误"),
        ("郑军", "社保缴费记录", "缴费月份有误", "referred", "已转送市人力资源和社会保障局"),
    ]
    firsts = [cal.workday_on_or_after(dt.date(today.year - 1, 6, 2))]
    firsts += [cal.workday_on_or_after(dt.date(today.year, 4, 1))]
    firsts += [cal.workday_on_or_after(dt.date(today.year, 6, 1))]
    for index, (name, record, correction, status, answer) in enumerate(requests):
        received = firsts[index]
        linked = next((a for a, day in answered if day < received), None)
        with _at(received):
            request = services.receive_correction(
                by=officer,
                bureau=bureau,
                name=name,
                phone=f"1370000{index:04d}",
                record=record,
                correction=correction,
                received_on=received,
                application=linked if index == 0 else None,
            )
        answered_on = cal.add_workdays(received, 8 + 4 * index)
        if answered_on < today:
            with _at(answered_on, 15):
                services.answer_correction(
                    by=officer,
                    request=request,
                    status=status,
                    answer=answer,
                    answered_on=answered_on,
                )
    recent = cal.add_workdays(today - dt.timedelta(days=14), 0)
    with _at(recent):
        services.receive_correction(
            by=officer,
            bureau=bureau,
            name="冯敏",
            phone="13700009999",
            record="环境违法举报奖励名单中的身份证号",
            correction="身份证号末四位应为002X",
            received_on=recent,
        )


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
    first = dt.date(today.year - 1, 1, 1)
    _earlier_roles([officer, head], first)
    outcomes = [o.key for o in policy.OUTCOMES if o.key not in SPECIAL]
    answered: list[tuple[Application, dt.date]] = []
    day, n = cal.workday_on_or_after(dt.date(first.year, 1, 6)), 0
    while day < today:
        application = _submit(bureau, officer, n, day)
        steps = _plan(application, n, day, outcomes[n % len(outcomes)], officer, head)
        _run(steps, today)
        application.refresh_from_db()
        if application.answered_on is not None:
            answered.append((application, application.answered_on))
        day, n = cal.add_workdays(day, SPACING), n + 1
    for year in (first.year, today.year):
        for index, step in enumerate(("supplement", "fee")):
            _closed_without_answer(
                bureau, officer, cal.workday_on_or_after(dt.date(year, 3, 10 + index)), step
            )
    _cases(officer, answered, [first.year, today.year], today)
    _corrections(bureau, officer, answered, today)
    # One that came in online today: awaiting confirmation of receipt.
    with _at(today, 9):
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
