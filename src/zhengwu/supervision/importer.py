"""Import an existing ledger workbook: map columns, validate every row, preview, then commit all
rows or none (one transaction)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengwu.audit import services as audit
from zhengwu.core import clock, inputs
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.org.models import Bureau, OrgUnit, Person
from zhengwu.org.selectors import undertaking_units
from zhengwu.supervision import policy
from zhengwu.supervision.models import IssueKind, Task
from zhengwu.supervision.selectors import leaders

# field → (label, header names offices use for it)
FIELDS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "title": (gettext_lazy("Task (required)"), ("事项", "督办事项", "工作事项", "任务")),
    "content": (gettext_lazy("Content"), ("内容", "具体内容", "工作要求", "事项内容")),
    "source": (gettext_lazy("Source"), ("来源", "事项来源", "交办来源")),
    "leader": (gettext_lazy("Instructing leader (required)"), ("交办领导", "领导", "批示领导")),
    "lead_unit": (gettext_lazy("Lead undertaker (required)"), ("主办", "主办单位", "牵头单位")),
    "co_units": (gettext_lazy("Co-undertakers"), ("协办", "协办单位", "配合单位")),
    "issue_kind": (gettext_lazy("Issue kind"), ("性质", "事项性质", "问题类型")),
    "urgent": (gettext_lazy("Urgent"), ("紧急", "急办", "是否紧急")),
    "assigned_on": (gettext_lazy("Assigned on"), ("交办日期", "交办时间", "日期")),
}  # fmt: skip


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_workbook(content: bytes) -> tuple[list[str], list[list[str]]]:
    """The header row (the first row with at least three filled cells) and the rows below it."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise DomainError(_("This file is not an Excel workbook (.xlsx).")) from exc
    ws = wb.worksheets[0]
    headers: list[str] | None = None
    rows: list[list[str]] = []
    for raw in ws.iter_rows(values_only=True):
        values = [_text(v) for v in raw]
        if headers is None:
            if sum(1 for v in values if v) >= 3:
                headers = values
            continue
        if any(values):
            rows.append(values + [""] * (len(headers) - len(values)))
    wb.close()
    if headers is None:
        raise DomainError(_("No header row found in the first sheet."))
    if len(rows) > policy.max_import_rows():
        raise DomainError(
            _("The workbook has more than %(n)d rows.") % {"n": policy.max_import_rows()}
        )
    return headers, rows


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    mapping: dict[str, int | None] = {}
    for key, (_label, names) in FIELDS.items():
        mapping[key] = next((i for i, h in enumerate(headers) if h in names), None)
    return mapping


@dataclass
class RowCheck:
    line: int  # the row number users see (1 = first data row)
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    data: Any = None


class _Lookup:
    def __init__(self, bureau: Bureau) -> None:
        self.units = {u.name: u for u in undertaking_units(bureau.pk)}
        self.leaders: dict[str, Person] = {}
        for person in leaders(bureau.pk):
            self.leaders[person.full_name] = person
            self.leaders[person.username] = person

    def unit(self, name: str) -> OrgUnit | None:
        return self.units.get(name.strip())


def check_rows(
    bureau: Bureau, rows: list[list[str]], mapping: dict[str, int | None]
) -> list[RowCheck]:
    from zhengwu.supervision.services import TaskInput

    if (
        mapping.get("title") is None
        or mapping.get("lead_unit") is None
        or (mapping.get("leader") is None)
    ):
        raise DomainError(_("Map at least the task, lead undertaker and instructing leader."))
    lookup = _Lookup(bureau)
    today = clock.today()
    checks = []
    for line, row in enumerate(rows, start=1):
        values = {
            key: (row[i] if i is not None and i < len(row) else "") for key, i in mapping.items()
        }
        check = RowCheck(line=line, values=values)
        if any(inputs.control_character_error(v) for v in values.values()):
            check.errors.append(inputs.control_character_message())
        title = values["title"]
        if not title:
            check.errors.append(_("The task is empty."))
        elif len(title) > inputs.max_length_of(Task, "title"):
            check.errors.append(
                _("The task is longer than %(n)d characters.")
                % {"n": inputs.max_length_of(Task, "title")}
            )
        if len(values.get("content", "")) > inputs.max_length_of(Task, "content"):
            check.errors.append(_("The content is too long."))
        leader = lookup.leaders.get(values["leader"])
        if leader is None:
            check.errors.append(
                _("“%(name)s” is not the director or a leader in charge.")
                % {"name": values["leader"]}
            )
        lead = lookup.unit(values["lead_unit"])
        if lead is None:
            check.errors.append(
                _("“%(name)s” is not a section or affiliated unit.") % {"name": values["lead_unit"]}
            )
        co_units = []
        for name in values.get("co_units", "").replace("，", "、").replace(",", "、").split("、"):
            if not name.strip():
                continue
            unit = lookup.unit(name)
            if unit is None:
                check.errors.append(
                    _("Co-undertaker “%(name)s” is not a section or affiliated unit.")
                    % {"name": name.strip()}
                )
            elif lead is not None and unit.pk == lead.pk:
                check.errors.append(_("The lead undertaker cannot also be a co-undertaker."))
            else:
                co_units.append(unit)
        kind_text = values.get("issue_kind", "")
        issue_kind = (
            IssueKind.MAJOR
            if ("重大" in kind_text or kind_text == "major")
            else (IssueKind.GENERAL)
        )
        if kind_text and issue_kind == IssueKind.GENERAL and kind_text not in (
            "一般", "一般性问题", "general", "一般问题",
        ):  # fmt: skip
            check.errors.append(
                _("Issue kind “%(value)s” is neither general nor major.") % {"value": kind_text}
            )
        urgent = values.get("urgent", "") in ("是", "急", "紧急", "1", "yes", "Y", "√")
        assigned_on = today
        if values.get("assigned_on"):
            try:
                assigned_on = dt.date.fromisoformat(values["assigned_on"][:10])
            except ValueError:
                check.errors.append(
                    _("“%(value)s” is not a date like 2026-03-31.")
                    % {"value": values["assigned_on"]}
                )
            else:
                if inputs.date_error(assigned_on):
                    check.errors.append(inputs.date_error(assigned_on))
                elif assigned_on > today:
                    check.errors.append(_("The assignment date is in the future."))
        if not check.errors:
            check.data = TaskInput(
                title=title,
                content=values.get("content", ""),
                lead_unit=lead,  # type: ignore[arg-type]
                instructing_leader=leader,  # type: ignore[arg-type]
                co_units=co_units,
                issue_kind=issue_kind,
                urgent=urgent,
                source_note=values.get("source", "")[:200],
                assigned_on=assigned_on,
            )
        checks.append(check)
    return checks


@transaction.atomic
def commit_rows(
    *, by: Any, bureau: Bureau, rows: list[list[str]], mapping: dict[str, int | None],
    file_name: str = "",
) -> list[Any]:  # fmt: skip
    """All rows or none: one bad row refuses the whole import and nothing is written."""
    from zhengwu.supervision.services import create_task

    if by is None or not by.has_perm("supervision.import_ledger"):
        raise PermissionDenied()
    checks = check_rows(bureau, rows, mapping)
    bad = [c for c in checks if c.errors]
    if bad:
        raise DomainError(
            _("%(n)d rows have errors; nothing was imported.") % {"n": len(bad)}, code="rows"
        )
    if not checks:
        raise DomainError(_("The workbook has no rows to import."))
    tasks = [create_task(by=by, bureau=bureau, data=c.data) for c in checks]
    audit.record(
        actor=by, action="supervision.ledger_imported", bureau_id=bureau.pk,
        object_type="supervision.import", object_id=clock.now().isoformat(),
        object_repr=file_name[:300], after={"tasks": [t.number for t in tasks]},
    )  # fmt: skip
    return tasks
