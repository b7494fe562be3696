"""The layout of the annual report's tables (D-13, R-10; ../shared/spec/annual-report-format.md).

Row keys of table 3 are the outcome keys of `applications.policy.OUTCOMES` plus the group, total
and carry-over rows; column keys are `applications.ApplicantCategory` values plus "total".
"""

from __future__ import annotations

from zhengwu.applications import policy as applications_policy
from zhengwu.applications.models import ApplicantCategory, CaseKind, CaseOutcome

# Table 3 columns (申请人情况): 自然人, the five organisation columns, 总计.
CATEGORY_COLUMNS: tuple[str, ...] = tuple(ApplicantCategory.values)
TOTAL = "total"
COLUMNS: tuple[str, ...] = (*CATEGORY_COLUMNS, TOTAL)

RECEIVED = "1"  # 一、本年新收
CARRIED_IN = "2"  # 二、上年结转
ANSWERED_TOTAL = "3.7"  # 三（七）总计
CARRIED_OUT = "4"  # 四、结转下年度继续办理

# 三（一）…（六）: a group row with its numbered rows; （一）and（二）have none.
GROUPS: tuple[str, ...] = ("3.1", "3.2", "3.3", "3.4", "3.5", "3.6")
LEAVES: tuple[str, ...] = tuple(o.key for o in applications_policy.OUTCOMES)
SUB_ROWS: dict[str, tuple[str, ...]] = {
    group: tuple(key for key in LEAVES if key.startswith(group + ".")) for group in GROUPS
}
# The rows in the order of the national format.
ROWS: tuple[str, ...] = (
    RECEIVED,
    CARRIED_IN,
    "3.1",
    "3.2",
    "3.3",
    *SUB_ROWS["3.3"],
    "3.4",
    *SUB_ROWS["3.4"],
    "3.5",
    *SUB_ROWS["3.5"],
    "3.6",
    *SUB_ROWS["3.6"],
    ANSWERED_TOTAL,
    CARRIED_OUT,
)

# Table 4: three groups of five numbers (结果维持, 结果纠正, 其他结果, 尚未审结, 总计).
CASE_GROUPS: tuple[str, ...] = tuple(CaseKind.values)
CASE_RESULTS: dict[str, str] = {
    CaseOutcome.MAINTAINED: "upheld",
    CaseOutcome.CORRECTED: "corrected",
    CaseOutcome.OTHER: "other",
    CaseOutcome.PENDING: "pending",
}
CASE_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", TOTAL)
TABLE4_KEYS: tuple[str, ...] = tuple(f"{g}.{c}" for g in CASE_GROUPS for c in CASE_COLUMNS)

# --- table 2 (proactive disclosure, 条例第二十条) ----------------------------------------------

# (group, column) of table 2. The register holds the normative documents; the others are yearly
# figures staff enter with their source (`YearlyFigure.key` is "group.column").
TABLE2_CELLS: tuple[tuple[str, str], ...] = (
    ("regulations", "made"),
    ("regulations", "abolished"),
    ("regulations", "in_force"),
    ("normative_documents", "made"),
    ("normative_documents", "abolished"),
    ("normative_documents", "in_force"),
    ("licensing", "decisions"),
    ("penalty", "decisions"),
    ("enforcement", "decisions"),
    ("fees", "amount_10k_yuan"),
)
FROM_REGISTER: frozenset[str] = frozenset({"normative_documents"})
ENTERED_KEYS: tuple[str, ...] = tuple(f"{g}.{c}" for g, c in TABLE2_CELLS if g not in FROM_REGISTER)
AMOUNT_KEYS: frozenset[str] = frozenset({"fees.amount_10k_yuan"})  # 万元, up to 4 decimals
MAX_FIGURE = 10_000_000


def table2_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "regulations": _("Regulations (规章)"),
        "normative_documents": _("Normative documents (行政规范性文件)"),
        "licensing": _("Administrative licensing (行政许可)"),
        "penalty": _("Administrative penalty (行政处罚)"),
        "enforcement": _("Administrative enforcement (行政强制)"),
        "fees": _("Administrative fees (行政事业性收费)"),
        "made": _("Made this year"),
        "abolished": _("Abolished this year"),
        "in_force": _("In force"),
        "decisions": _("Decisions this year"),
        "amount_10k_yuan": _("Amount charged this year (10,000 yuan)"),
    }


def row_labels() -> dict[str, str]:
    """Table 3's rows as the national format names them."""
    from django.utils.translation import gettext as _

    labels = {o.key: str(o.label) for o in applications_policy.OUTCOMES}
    labels.update(
        {
            RECEIVED: _("I. New applications received this year"),
            CARRIED_IN: _("II. Applications carried over from last year"),
            "3.1": _("(1) Disclosed"),
            "3.2": _("(2) Partly disclosed"),
            "3.3": _("(3) Not disclosed"),
            "3.4": _("(4) Cannot be provided"),
            "3.5": _("(5) Not processed"),
            "3.6": _("(6) Otherwise handled"),
            ANSWERED_TOTAL: _("(7) Total handled"),
            CARRIED_OUT: _("IV. Carried over to next year"),
        }
    )
    return labels


# R-10 (条例第四十九条): last year's report is published by 31 January.
DUE_MONTH, DUE_DAY = 1, 31
FIRST_YEAR = 2019  # the first year of the 2019/2021 national format
