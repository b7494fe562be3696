"""The annual report's tables computed from the records (D-13, R-10), and its invariants.

Table 3 (applications): each application counted once. Its intake date is the receipt date (R-2)
or, while receipt is not yet confirmed, the day it was submitted. It is in row 1 if its intake
date falls in the year, in row 2 if it came in earlier and was still open on 31 December of the
year before; then either in its outcome row if answered (or closed) in the year, or in row 4 if
still open on 31 December. Its column is the applicant category recorded at intake.

Table 4 (review and litigation, D-14): a case counts in the year it was filed, with its result if
concluded by 31 December and as pending otherwise; a case filed earlier counts again, with its
result, in the year it was concluded.

Table 2 (proactive disclosure): from the register, only what it records — normative documents
(行政规范性文件) made (formed in the year), abolished in the year (the register's validity change),
and in force on 31 December. 规章, licensing, penalty, enforcement and fee figures are not kept
by the register: staff enter them for the year with their source (`YearlyFigure`); until then
they are null.

Every cell keeps the applications (tracking numbers) or cases (ids) behind it, so a broken
invariant names them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from zhengwu.applications.models import Application, FeeNotice, RemedyCase
from zhengwu.applications.models import Status as ApplicationStatus
from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.disclosure.models import InformationItem, Validity
from zhengwu.disclosure.models import Status as ItemStatus
from zhengwu.org.models import Bureau
from zhengwu.reports import policy
from zhengwu.reports.models import AnnualReport, ImportedYear, ReportStatus, YearlyFigure

Cell = tuple[str, str]
# "Each application counted once" fails for an application answered before its intake date (it
# would be in no year's 三) or answered without an answer date (it would stay in 四 for ever).
ANSWERED_AFTER_INTAKE = "intake≤answered_on"
ANSWER_DATED = "answered⇒answered_on"


@dataclass(frozen=True)
class Violation:
    table: str  # "table3" or "table4"
    rule: str  # e.g. "1+2=3.7+4"
    where: str  # the row/column or key where it fails
    left: int
    right: int
    applications: tuple[str, ...] = ()  # tracking numbers behind the difference
    cases: tuple[int, ...] = ()  # remedy case ids behind the difference

    def describe(self) -> str:
        names = list(self.applications) + [f"case {pk}" for pk in self.cases]
        return f"{self.table} {self.rule} @ {self.where}: {self.left} != {self.right}" + (
            f" ({', '.join(names)})" if names else ""
        )


@dataclass
class AnnualFigures:
    bureau: Bureau
    year: int
    members3: dict[Cell, set[str]] = field(default_factory=lambda: defaultdict(set))
    members4: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    table2: dict[str, dict[str, Any]] = field(default_factory=dict)
    imported: ImportedYear | None = None  # a year kept outside the system, as published
    # Each application counted once: those the records would count wrongly, by the check that
    # fails (answered before they came in; answered without an answer date).
    miscounted: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def table3(self) -> dict[str, dict[str, int]]:
        if self.imported is not None:
            return self.imported.table3
        return {
            row: {col: len(self.members3.get((row, col), ())) for col in policy.COLUMNS}
            for row in policy.ROWS
        }

    @property
    def table4(self) -> dict[str, int]:
        if self.imported is not None:
            return self.imported.table4
        return {key: len(self.members4.get(key, ())) for key in policy.TABLE4_KEYS}

    def as_dict(self) -> dict[str, Any]:
        return {"table2": self.table2, "table3": self.table3, "table4": self.table4}


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def intake_date(application: Application) -> dt.date:
    """The receipt date (R-2), or the day submitted while receipt is unconfirmed."""
    return application.received_on or clock.local(application.submitted_at).date()


def _table3(
    bureau: Bureau, year: int, members: dict[Cell, set[str]], miscounted: dict[str, set[str]]
) -> None:
    start, end = _bounds(year)
    applications = Application.objects.filter(bureau=bureau).only(
        "tracking_number",
        "applicant_category",
        "received_on",
        "submitted_at",
        "answered_on",
        "outcome",
        "status",
    )
    finished = (ApplicationStatus.ANSWERED, ApplicationStatus.CLOSED)
    for application in applications.iterator():
        came_in = intake_date(application)
        answered = application.answered_on
        if answered is not None and answered < came_in and start <= came_in <= end:
            # Answered before it came in: it would be in no year's 三 (each counted once).
            miscounted[ANSWERED_AFTER_INTAKE].add(application.tracking_number)
        elif (
            answered is None
            and (application.outcome or application.status in finished)
            and came_in <= end
        ):  # answered without a date: it would sit in 四 for ever
            miscounted[ANSWER_DATED].add(application.tracking_number)
        if came_in > end or (answered is not None and answered < start):
            continue  # not yet received, or finished before the year began
        rows: list[str] = [policy.RECEIVED if came_in >= start else policy.CARRIED_IN]
        if answered is not None and answered <= end:
            rows.append(policy.ANSWERED_TOTAL)
            outcome = application.outcome
            rows += [g for g in policy.GROUPS if outcome == g or outcome.startswith(g + ".")]
            if outcome in policy.LEAVES and outcome not in policy.GROUPS:
                rows.append(outcome)
        else:
            rows.append(policy.CARRIED_OUT)
        columns = [policy.TOTAL]
        if application.applicant_category in policy.CATEGORY_COLUMNS:
            columns.append(application.applicant_category)
        for row in rows:
            for column in columns:
                members[(row, column)].add(application.tracking_number)


def _table4(bureau: Bureau, year: int, members: dict[str, set[int]]) -> None:
    start, end = _bounds(year)
    cases = RemedyCase.objects.filter(bureau=bureau, filed_on__lte=end).only(
        "kind", "outcome", "filed_on", "concluded_on"
    )
    for case in cases.iterator():
        concluded = case.concluded_on
        if case.filed_on < start and not (concluded and start <= concluded <= end):
            continue
        if concluded is not None and concluded <= end:
            result = policy.CASE_RESULTS.get(case.outcome)
        else:
            result = "pending"
        members[f"{case.kind}.total"].add(case.pk)
        if result is not None:
            members[f"{case.kind}.{result}"].add(case.pk)


def _abolished(bureau: Bureau, after: dt.date, until: dt.date | None) -> set[int]:
    """Items whose validity was set to abolished between the two days (audit events)."""
    events = Event.objects.filter(
        bureau_id=bureau.pk,
        action="disclosure.validity_changed",
        object_type="disclosure.informationitem",
        occurred_at__date__gte=after,
    )
    if until is not None:
        events = events.filter(occurred_at__date__lte=until)
    return {
        int(pk)
        for pk, change in events.values_list("object_id", "after")
        if (change or {}).get("validity") == Validity.ABOLISHED
    }


def _validity_then(bureau: Bureau, end: dt.date) -> dict[int, str]:
    """The validity on `end` of the items whose validity changed after it (abolished, or amended
    by a new version): the value before their first change after that day (audit events)."""
    events = (
        Event.objects.filter(
            bureau_id=bureau.pk,
            action="disclosure.validity_changed",
            object_type="disclosure.informationitem",
            occurred_at__date__gt=end,
        )
        .order_by("occurred_at", "pk")
        .values_list("object_id", "before")
    )
    then: dict[int, str] = {}
    for pk, before in events:
        then.setdefault(int(pk), (before or {}).get("validity", ""))
    return then


def _table2(bureau: Bureau, year: int) -> dict[str, dict[str, Any]]:
    start, end = _bounds(year)
    normative = InformationItem.objects.filter(
        bureau=bureau, is_normative=True, status=ItemStatus.PUBLISHED
    )
    # In force on 31 December: effective on that day — the validity now, unless it changed
    # after the year (abolished, or amended by a version published since).
    then = _validity_then(bureau, end)
    in_force = sum(
        then.get(pk, validity) == Validity.EFFECTIVE
        for pk, validity in normative.filter(formed_on__lte=end).values_list("pk", "validity")
    )
    table2: dict[str, dict[str, Any]] = {
        group: {column: None for g, column in policy.TABLE2_CELLS if g == group}
        for group in dict.fromkeys(g for g, _c in policy.TABLE2_CELLS)
    }
    table2["normative_documents"] = {
        "made": normative.filter(formed_on__gte=start, formed_on__lte=end).count(),
        "abolished": normative.filter(pk__in=_abolished(bureau, start, end)).count(),
        "in_force": in_force,
    }
    # What the register does not hold: the yearly figures staff entered with their source.
    for figure in YearlyFigure.objects.filter(bureau=bureau, year=year):
        group, _sep, column = figure.key.partition(".")
        if group in table2 and column in table2[group] and group not in policy.FROM_REGISTER:
            table2[group][column] = figure_value(figure.key, figure.value)
    return table2


def figure_value(key: str, value: Decimal) -> int | float:
    """A yearly figure as the tables print it: amounts in 万元 (up to 4 decimals), else counts."""
    if key in policy.AMOUNT_KEYS:
        return float(value.quantize(Decimal("0.0001")))
    return int(value)


def yearly_figures(bureau: Bureau, year: int) -> dict[str, YearlyFigure]:
    return {f.key: f for f in YearlyFigure.objects.filter(bureau=bureau, year=year)}


def missing_table2(table2: dict[str, dict[str, Any]]) -> list[str]:
    """Cells of table 2 still empty (`group.column`): the report cannot be approved with them."""
    return [f"{g}.{c}" for g, c in policy.TABLE2_CELLS if table2.get(g, {}).get(c) is None]


def fees(bureau: Bureau, year: int) -> dict[str, int]:
    """Section 六: processing fees (信息处理费) charged (notices sent) and collected (paid) in the
    year, from the applications' fee records, in yuan."""
    start, end = _bounds(year)
    notices = FeeNotice.objects.filter(application__bureau=bureau)
    charged = notices.filter(notified_on__gte=start, notified_on__lte=end)
    paid = notices.filter(paid_on__gte=start, paid_on__lte=end)
    return {
        "charged_count": charged.count(),
        "charged_yuan": charged.aggregate(n=Sum("amount"))["n"] or 0,
        "collected_count": paid.count(),
        "collected_yuan": paid.aggregate(n=Sum("amount"))["n"] or 0,
    }


def annual_figures(*, bureau: Bureau, year: int, with_table2: bool = True) -> AnnualFigures:
    figures = AnnualFigures(bureau=bureau, year=year)
    if with_table2:
        figures.table2 = _table2(bureau, year)
    figures.imported = ImportedYear.objects.filter(bureau=bureau, year=year).first()
    if figures.imported is not None:
        return figures
    _table3(bureau, year, figures.members3, figures.miscounted)
    _table4(bureau, year, figures.members4)
    return figures


# --- invariants -------------------------------------------------------------------------------


def _union(members: dict[Any, set[Any]], keys: list[Any]) -> set[Any]:
    out: set[Any] = set()
    for key in keys:
        out |= members.get(key, set())
    return out


def _compare3(
    found: list[Violation],
    rule: str,
    where: str,
    left: list[set[str]],
    right: list[set[str]],
) -> None:
    """Left and right are lists of cells whose counts are summed; differing sums name the
    applications counted on one side only (or counted twice on one side)."""
    left_n, right_n = sum(len(s) for s in left), sum(len(s) for s in right)
    if left_n == right_n:
        return
    left_all, right_all = set().union(*left), set().union(*right)
    names = left_all ^ right_all
    if not names:  # the same applications, but one counted twice on one side
        names = {
            n for side in (left, right) for s in side for n in s if sum(n in t for t in side) > 1
        }
    found.append(Violation("table3", rule, where, left_n, right_n, tuple(sorted(names))))


def check(figures: AnnualFigures, previous: AnnualFigures | None = None) -> list[Violation]:
    """Every invariant of the format document; `previous` is year N−1 (computed when omitted)."""
    if figures.imported is not None:
        found = check_counts(figures.table3, figures.table4)
        # 二 of year N = 四 of year N−1 holds between two published years kept outside the
        # system too (a computed N−1 next to an imported N would only hold the records the
        # system was started with, so it is not compared).
        before = (
            previous.imported
            if previous is not None
            else ImportedYear.objects.filter(bureau=figures.bureau, year=figures.year - 1).first()
        )
        if before is not None:
            for column in policy.COLUMNS:
                left = figures.table3[policy.CARRIED_IN][column]
                right = before.table3[policy.CARRIED_OUT][column]
                if left != right:
                    found.append(Violation("table3", "2(N)=4(N-1)", column, left, right))
        return found
    if previous is None:
        previous = annual_figures(bureau=figures.bureau, year=figures.year - 1, with_table2=False)
    m = figures.members3
    found: list[Violation] = []

    def cell(row: str, column: str) -> set[str]:
        return m.get((row, column), set())

    for row in policy.ROWS:  # 总计 = 自然人 + the five organisation columns
        _compare3(
            found,
            "total=sum(columns)",
            f"{row}/total",
            [cell(row, policy.TOTAL)],
            [cell(row, c) for c in policy.CATEGORY_COLUMNS],
        )
    for column in policy.COLUMNS:
        for group, subs in policy.SUB_ROWS.items():
            if subs:  # each of （三）…（六） = the sum of its numbered rows
                _compare3(
                    found,
                    f"{group}=sum({group}.n)",
                    f"{group}/{column}",
                    [cell(group, column)],
                    [cell(s, column) for s in subs],
                )
        _compare3(  # 三（七） = （一）+…+（六）
            found,
            "3.7=3.1+…+3.6",
            f"3.7/{column}",
            [cell(policy.ANSWERED_TOTAL, column)],
            [cell(g, column) for g in policy.GROUPS],
        )
        _compare3(  # 一 + 二 = 三（七） + 四
            found,
            "1+2=3.7+4",
            column,
            [cell(policy.RECEIVED, column), cell(policy.CARRIED_IN, column)],
            [cell(policy.ANSWERED_TOTAL, column), cell(policy.CARRIED_OUT, column)],
        )
        carried_in = cell(policy.CARRIED_IN, column)
        carried_out = previous.table3[policy.CARRIED_OUT][column]
        if len(carried_in) != carried_out:  # 二 of year N = 四 of year N−1
            names = carried_in ^ previous.members3.get((policy.CARRIED_OUT, column), set())
            found.append(
                Violation(
                    "table3",
                    "2(N)=4(N-1)",
                    column,
                    len(carried_in),
                    carried_out,
                    tuple(sorted(names)),
                )
            )
    for rule, names in figures.miscounted.items():  # each application counted once
        if names:
            found.append(Violation("table3", rule, "1/4", len(names), 0, tuple(sorted(names))))
    m4 = figures.members4
    for group in policy.CASE_GROUPS:  # each 总计 = the four before it
        parts = [m4.get(f"{group}.{c}", set()) for c in policy.CASE_COLUMNS[:-1]]
        total = m4.get(f"{group}.total", set())
        if len(total) != sum(len(p) for p in parts):
            found.append(
                Violation(
                    "table4",
                    "total=upheld+corrected+other+pending",
                    group,
                    len(total),
                    sum(len(p) for p in parts),
                    cases=tuple(sorted(total ^ set().union(*parts))),
                )
            )
    return found


def check_counts(table3: dict[str, dict[str, int]], table4: dict[str, int]) -> list[Violation]:
    """The sums of the format on bare numbers (an imported year has no records to name)."""
    found: list[Violation] = []

    def compare(table: str, rule: str, where: str, left: int, right: int) -> None:
        if left != right:
            found.append(Violation(table, rule, where, left, right))

    for row in policy.ROWS:
        compare(
            "table3",
            "total=sum(columns)",
            f"{row}/total",
            table3[row][policy.TOTAL],
            sum(table3[row][c] for c in policy.CATEGORY_COLUMNS),
        )
    for column in policy.COLUMNS:
        for group, subs in policy.SUB_ROWS.items():
            if subs:
                compare(
                    "table3",
                    f"{group}=sum({group}.n)",
                    f"{group}/{column}",
                    table3[group][column],
                    sum(table3[s][column] for s in subs),
                )
        compare(
            "table3",
            "3.7=3.1+…+3.6",
            f"3.7/{column}",
            table3[policy.ANSWERED_TOTAL][column],
            sum(table3[g][column] for g in policy.GROUPS),
        )
        compare(
            "table3",
            "1+2=3.7+4",
            column,
            table3[policy.RECEIVED][column] + table3[policy.CARRIED_IN][column],
            table3[policy.ANSWERED_TOTAL][column] + table3[policy.CARRIED_OUT][column],
        )
    for group in policy.CASE_GROUPS:
        compare(
            "table4",
            "total=upheld+corrected+other+pending",
            group,
            table4[f"{group}.total"],
            sum(table4[f"{group}.{c}"] for c in policy.CASE_COLUMNS[:-1]),
        )
    return found


# --- the report (D-13, R-10) --------------------------------------------------------------------


def snapshot(figures: AnnualFigures) -> dict[str, Any]:
    """What a report stores: tables 2–4, the sources of the entered figures and the fees of
    section 六. Frozen from approval on, so a published report never changes."""
    entered = yearly_figures(figures.bureau, figures.year)
    return {
        **figures.as_dict(),
        "sources": {key: f.source for key, f in entered.items()},
        "fees": fees(figures.bureau, figures.year),
        "imported": figures.imported is not None,
    }


@dataclass(frozen=True)
class Blockers:
    """Why a report cannot be approved: broken invariants and empty cells of table 2."""

    violations: list[Violation]
    missing: list[str]

    def __bool__(self) -> bool:
        return bool(self.violations or self.missing)


def blockers(bureau: Bureau, year: int) -> tuple[AnnualFigures, Blockers]:
    """The year's figures as now computed, and what keeps them from approval (carry-over against
    the previous year, computed or imported, included)."""
    figures = annual_figures(bureau=bureau, year=year)
    return figures, Blockers(check(figures), missing_table2(figures.table2))


def visible_reports(person: Any) -> Any:
    """THE visibility selector of annual reports for staff: the bureaus the person works for."""
    from zhengwu.org.selectors import bureaus_for

    return AnnualReport.objects.filter(bureau_id__in=bureaus_for(person)).select_related("bureau")


def published_reports() -> Any:
    """THE public selector: published reports only, of every bureau (the portal's archive)."""
    return AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).select_related("bureau")


def violation_links(bureau: Bureau, violations: list[Violation]) -> list[dict[str, Any]]:
    """Each violation with the applications and cases behind it, as (label, staff URL) pairs."""
    from django.urls import reverse

    numbers = {n for v in violations for n in v.applications}
    case_ids = {c for v in violations for c in v.cases}
    by_number = dict(
        Application.objects.filter(bureau=bureau, tracking_number__in=numbers).values_list(
            "tracking_number", "pk"
        )
    )
    by_case = dict(
        RemedyCase.objects.filter(bureau=bureau, pk__in=case_ids).values_list(
            "pk", "application_id"
        )
    )
    out = []
    for v in violations:
        links = [
            (n, reverse("applications:detail", args=[by_number[n]]) if n in by_number else "")
            for n in v.applications
        ]
        links += [
            (f"#{c}", reverse("applications:detail", args=[by_case[c]]) if c in by_case else "")
            for c in v.cases
        ]
        out.append({"violation": v, "links": links})
    return out


def table3_rows(table3: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    labels = policy.row_labels()
    rows = []
    for key in policy.ROWS:
        depth = (
            0
            if key in (policy.RECEIVED, policy.CARRIED_IN, policy.CARRIED_OUT)
            else (1 if key in (*policy.GROUPS, policy.ANSWERED_TOTAL) else 2)
        )
        rows.append(
            {
                "key": key,
                "label": labels.get(key, key),
                "depth": depth,
                "cells": [table3.get(key, {}).get(c, 0) for c in policy.COLUMNS],
            }
        )
    return rows


def table2_rows(table2: dict[str, dict[str, Any]], sources: dict[str, str]) -> list[dict[str, Any]]:
    labels = policy.table2_labels()
    return [
        {
            "key": f"{group}.{column}",
            "group": labels[group],
            "column": labels[column],
            "value": table2.get(group, {}).get(column),
            "source": sources.get(f"{group}.{column}", ""),
            "from_register": group in policy.FROM_REGISTER,
        }
        for group, column in policy.TABLE2_CELLS
    ]


def table4_groups(table4: dict[str, int]) -> list[dict[str, Any]]:
    from zhengwu.applications.models import CaseKind

    return [
        {
            "key": group,
            "label": CaseKind(group).label,
            "cells": [table4.get(f"{group}.{c}", 0) for c in policy.CASE_COLUMNS],
        }
        for group in policy.CASE_GROUPS
    ]


def waiting_for(person: Any) -> list[Any]:
    """待我处理: submitted reports the person may approve, approved ones they may publish."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from zhengwu.core.registry import Waiting

    out = []
    for kind, status, perm, label in (
        ("reports.approve", ReportStatus.SUBMITTED, "reports.decide_report",
         _("Annual reports awaiting your approval")),
        ("reports.publish", ReportStatus.APPROVED, "reports.publish_report",
         _("Approved annual reports to publish")),
    ):  # fmt: skip
        rows = [
            r for r in visible_reports(person).filter(status=status) if person.has_perm(perm, r)
        ]
        if not rows:
            continue
        entries = [
            (f"{r.bureau.name} {r.year}", reverse("reports:annual-report", args=[r.pk]))
            for r in rows[:10]
        ]
        out.append(
            Waiting(
                kind=kind,
                label=label,
                count=len(rows),
                url=entries[0][1] if len(rows) == 1 else reverse("reports:annual-list"),
                entries=entries,
            )
        )
    return out
