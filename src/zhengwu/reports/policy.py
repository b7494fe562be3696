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
