"""Default time limits of the two regulations and 条例, loaded as version 1 of the policy data.

A bureau changes them as data (a new TimeLimit version), never here; these are only the defaults a
fresh database starts with (requirements.md, "Defaults").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhengwu.core import policy as core_policy
from zhengwu.core.errors import DomainError
from zhengwu.workdays.models import LimitUnit, TimeLimit


@dataclass(frozen=True)
class DefaultLimit:
    rule_id: str
    amount: int
    unit: str
    label: str
    legal_basis: str


# How the rules are named when a deadline is explained ("依据《…》第一条"): the full titles.
RULES_12340 = "《强化工作落实“12340”制度》"
REGULATIONS = "《中华人民共和国政府信息公开条例》"

DEFAULT_LIMITS: tuple[DefaultLimit, ...] = (
    # S-1: research and deploy the same day — deployment feedback within 1 working day.
    DefaultLimit("S-1", 1, LimitUnit.WORKDAYS, "研究部署反馈", f"{RULES_12340}第一条"),
    # S-2: basic handling status within 2 working days (section 四 is the rule, not 一's 3).
    DefaultLimit("S-2", 2, LimitUnit.WORKDAYS, "办理情况反馈", f"{RULES_12340}第一条、第四条"),
    # S-3: general issues resolved and reported in writing within 3 working days.
    DefaultLimit("S-3", 3, LimitUnit.WORKDAYS, "落实情况报告", f"{RULES_12340}第一条、第四条"),
    # S-4: major issues within 4 weeks (28 calendar days, rolled forward to a working day).
    DefaultLimit("S-4", 4, LimitUnit.WEEKS, "重大问题办结", f"{RULES_12340}第一条、第四条"),
    # S-8: more than 1 / 2 / 3 working days overdue → warning level 1 / 2 / 3.
    DefaultLimit("S-8.1", 1, LimitUnit.WORKDAYS, "第1次预警", f"{RULES_12340}第三条"),
    DefaultLimit("S-8.2", 2, LimitUnit.WORKDAYS, "第2次预警（电话催办）", f"{RULES_12340}第三条"),
    DefaultLimit(
        "S-8.3", 3, LimitUnit.WORKDAYS, "第3次预警（督查重点事项）", f"{RULES_12340}第三条"
    ),
    # D-7: proactive information published within 20 working days of formation or change.
    DefaultLimit("D-7", 20, LimitUnit.WORKDAYS, "主动公开期限", f"{REGULATIONS}第二十六条"),
    # answer within 20 working days of receipt; one extension of at most 20 working days.
    DefaultLimit("R-3", 20, LimitUnit.WORKDAYS, "答复期限", f"{REGULATIONS}第三十三条"),
    DefaultLimit("R-3.ext", 20, LimitUnit.WORKDAYS, "延期答复", f"{REGULATIONS}第三十三条第二款"),
    # one supplement request within 7 working days of receipt.
    DefaultLimit("R-4", 7, LimitUnit.WORKDAYS, "补正告知期限", f"{REGULATIONS}第三十条"),
    # third parties / other agencies have 15 working days to give their opinion.
    DefaultLimit(
        "R-5", 15, LimitUnit.WORKDAYS, "征求意见期限", f"{REGULATIONS}第三十二条、第三十四条"
    ),
    # the applicant pays a processing fee within the 20 working days after the notice's date.
    DefaultLimit("R-6", 20, LimitUnit.WORKDAYS, "缴费期限", "《政府信息公开信息处理费管理办法》"),
)

# Working-day limits counted from the day after the event even when the event falls on a day off
# (no move to the next working day first). R-6: the applicant pays within the 20 working days
# after the fee notice's date, whatever day that is (国办函〔2020〕109号).
COUNTED_FROM_THE_DAY_ITSELF: frozenset[str] = frozenset({"R-6"})

# The defaults as the first releases seeded them (rule codes in the citations, English notes):
# migration 0004 rewrites a version-1 row that still reads so (a bureau's own wording stays).
# rule_id: (old label, old legal basis, old note) -> (label, legal basis, note)
REWORDED_DEFAULTS: dict[str, tuple[tuple[str, str, str], tuple[str, str, str]]] = {
    "S-1": (
        ("研究部署反馈", "12340制度第一条“1”", ""),
        ("研究部署反馈", f"{RULES_12340}第一条", ""),
    ),
    "S-2": (
        ("办理情况反馈", "12340制度第一条“2”、第四条", ""),
        ("办理情况反馈", f"{RULES_12340}第一条、第四条", ""),
    ),
    "S-3": (
        ("落实情况报告", "12340制度第一条“3”、第四条", ""),
        ("落实情况报告", f"{RULES_12340}第一条、第四条", ""),
    ),
    "S-4": (
        ("重大问题办结", "12340制度第一条“4”、第四条", ""),
        ("重大问题办结", f"{RULES_12340}第一条、第四条", ""),
    ),
    "S-8.1": (("一次预警", "12340制度第三条", ""), ("第1次预警", f"{RULES_12340}第三条", "")),
    "S-8.2": (
        ("二次预警（电话催办）", "12340制度第三条", ""),
        ("第2次预警（电话催办）", f"{RULES_12340}第三条", ""),
    ),
    "S-8.3": (
        ("三次预警（督查重点事项）", "12340制度第三条", ""),
        ("第3次预警（督查重点事项）", f"{RULES_12340}第三条", ""),
    ),
    "D-7": (
        ("主动公开期限", "条例第二十六条", ""),
        ("主动公开期限", f"{REGULATIONS}第二十六条", ""),
    ),
    "R-3": (("答复期限", "条例第三十三条", ""), ("答复期限", f"{REGULATIONS}第三十三条", "")),
    "R-3.ext": (
        ("延期答复", "条例第三十三条第二款", ""),
        ("延期答复", f"{REGULATIONS}第三十三条第二款", ""),
    ),
    "R-4": (
        ("补正告知期限", "条例第三十条", ""),
        ("补正告知期限", f"{REGULATIONS}第三十条", ""),
    ),
    "R-5": (
        ("征求意见期限", "条例第三十二条、第三十四条", ""),
        ("征求意见期限", f"{REGULATIONS}第三十二条、第三十四条", ""),
    ),
    "R-4.reply": (
        ("补正期限", "条例第三十条", "Default: 15 working days to supplement."),
        (
            "补正期限",
            f"{REGULATIONS}第三十条",
            "默认：申请人自收到补正通知之日起15个工作日内补正。",
        ),
    ),
    "R-8": (
        ("更正答复期限", "条例第四十一条", "Default: correction answered in 20 working days."),
        ("更正答复期限", f"{REGULATIONS}第四十一条", "默认：更正申请在20个工作日内答复。"),
    ),
    "D-2.reassess": (
        (
            "不予公开信息定期评估",
            "条例第十八条",
            "Default: withheld information is re-assessed once a year.",
        ),
        ("不予公开信息定期评估", f"{REGULATIONS}第十八条", "默认：不予公开的信息每年评估一次。"),
    ),
}


class UnknownRule(LookupError):
    pass


def current_limit(rule_id: str) -> TimeLimit:
    """The time limit in force now for a rule: its highest version."""
    limit = TimeLimit.objects.filter(rule_id=rule_id).order_by("-version").first()
    if limit is None:
        raise UnknownRule(_("No time limit is defined for rule %(rule)s.") % {"rule": rule_id})
    return limit


def calendar_days_of(limit: TimeLimit) -> int:
    """Length in calendar days of a calendar-day or week limit (S-4: 4 weeks = 28 days)."""
    if limit.unit == LimitUnit.WEEKS:
        return limit.amount * 7
    return limit.amount


@dataclass(frozen=True)
class NoticePlausibility:
    """What a real holiday notice looks like (security review: a made-up notice with a 32-day New
    Year holiday was applied). A notice outside these bounds is flagged in the preview and is
    applied only with an explicit confirmation and a reason. The 2020 extension of the Spring
    Festival (10 days off in a row) is a real notice beyond them: it is confirmed, not refused."""

    # Longest run of consecutive holiday days one notice year may give.
    max_holiday_run_days: int = 9
    # Holiday days a year gains net of 调休: holidays on weekdays minus working weekend days
    # (the statutory holidays: 11 until 2024, 13 from 2025).
    max_holidays_per_year: int = 15
    # A notice for year Y only fixes days of Y-1 … Y+1.
    year_margin: int = 1


NOTICE_PLAUSIBILITY = NoticePlausibility()


# Dates the commands accept (as the API and pages do): from the founding of the People's Republic
# to ten years ahead; beyond, no notice exists and a result would only mislead.
# The supported range of dates is the system's one plausible range (core.policy).
# The most working days one query may add (as the API's `n`).
MAX_WORKDAYS = 1000


def earliest_date() -> dt.date:
    return core_policy.earliest_date()


def latest_date() -> dt.date:
    return core_policy.latest_date()


def check_date(day: dt.date, *, what: str = "") -> dt.date:
    """`day` if within the supported range, else a DomainError (code "out_of_range")."""
    earliest, latest = earliest_date(), latest_date()
    if not earliest <= day <= latest:
        raise DomainError(
            _("%(what)s%(day)s is outside the supported range %(first)s to %(last)s.")
            % {
                "what": f"{what} " if what else "",
                "day": day.isoformat(),
                "first": earliest.isoformat(),
                "last": latest.isoformat(),
            },
            code="out_of_range",
        )
    return day
