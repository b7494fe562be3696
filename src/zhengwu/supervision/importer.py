"""Import an existing ledger workbook: map columns, validate every row, preview, then commit all
rows or none (one transaction).

S-7: the import knows what the ledger already holds. A row whose number (编号, e.g. 督〔2026〕7号)
is already a task of the bureau is a duplicate: skipped, or — when the office chooses so — an
update of the fields the workbook names, made through the audited task edit.
"""

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
from zhengwu.supervision.selectors import can_see, leaders

# field → (label, header names offices use for it)
FIELDS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "number": (gettext_lazy("Number"), ("编号", "督办编号", "事项编号")),
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


class OnExisting:
    """What to do with a row whose number the ledger already holds (S-7)."""

    SKIP = "skip"
    UPDATE = "update"
    CHOICES = (SKIP, UPDATE)


class RowAction:
    NEW = "new"  # a new task
    DUPLICATE = "duplicate"  # the number exists: skipped
    UPDATE = "update"  # the number exists: the named fields change
    UNCHANGED = "unchanged"  # the number exists and the named fields already say so: skipped


# Fields of an existing task that an import may update (the task edit's fields, S-7).
UPDATABLE: dict[str, Any] = {
    "title": gettext_lazy("Task"),
    "content": gettext_lazy("Content"),
    "leader": gettext_lazy("Instructing leader"),
    "lead_unit": gettext_lazy("Lead undertaker"),
    "co_units": gettext_lazy("Co-undertakers"),
    "issue_kind": gettext_lazy("Issue kind"),
    "urgent": gettext_lazy("Urgent"),
}


@dataclass
class RowCheck:
    line: int  # the row number users see (1 = first data row)
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    data: Any = None
    action: str = RowAction.NEW
    existing: Task | None = None
    changes: list[str] = field(default_factory=list)  # labels of the fields an update changes
    note: str = ""

    @property
    def is_import(self) -> bool:
        return not self.errors and self.action in (RowAction.NEW, RowAction.UPDATE)


class _Lookup:
    def __init__(self, bureau: Bureau) -> None:
        self.units = {u.name: u for u in undertaking_units(bureau.pk)}
        self.leaders: dict[str, Person] = {}
        for person in leaders(bureau.pk):
            self.leaders[person.full_name] = person
            self.leaders[person.username] = person

    def unit(self, name: str) -> OrgUnit | None:
        return self.units.get(name.strip())


def _existing_tasks(bureau: Bureau, checks_numbers: set[str]) -> dict[str, Task]:
    return {
        t.number: t
        for t in Task.objects.filter(bureau=bureau, number__in=checks_numbers)
        .select_related("lead_unit", "instructing_leader")
        .prefetch_related("co_units", "named_readers")
    }


def _update_of(check: RowCheck, task: Task, mapping: dict[str, int | None]) -> Any:
    """The task edit an update row asks for: the task as it is, with the named fields replaced."""
    from zhengwu.supervision.services import TaskInput

    new = check.data
    named = {key for key in UPDATABLE if mapping.get(key) is not None}
    current = TaskInput(
        title=task.title, content=task.content, lead_unit=task.lead_unit,
        instructing_leader=task.instructing_leader, co_units=list(task.co_units.all()),
        issue_kind=task.issue_kind, urgent=task.urgent, confidential=task.confidential,
        named_readers=list(task.named_readers.all()),
    )  # fmt: skip
    attributes = {
        "title": "title", "content": "content", "leader": "instructing_leader",
        "lead_unit": "lead_unit", "co_units": "co_units", "issue_kind": "issue_kind",
        "urgent": "urgent",
    }  # fmt: skip
    for key in named:
        setattr(current, attributes[key], getattr(new, attributes[key]))
    changes = []
    for key in UPDATABLE:
        if key not in named:
            continue
        attr = attributes[key]
        before, after = getattr(task, attr), getattr(current, attr)
        if key == "co_units":
            before = sorted(u.pk for u in task.co_units.all())
            after = sorted(u.pk for u in after)
        if before != after:
            changes.append(str(UPDATABLE[key]))
    return current, changes


def check_rows(
    bureau: Bureau,
    rows: list[list[str]],
    mapping: dict[str, int | None],
    *,
    by: Any = None,
    on_existing: str = OnExisting.SKIP,
) -> list[RowCheck]:
    """Every row checked; rows whose number exists are duplicates (skipped) or updates (S-7)."""
    checks = _check_values(bureau, rows, mapping)
    numbers = {c.values.get("number", "").strip() for c in checks} - {""}
    existing = _existing_tasks(bureau, numbers)
    seen: dict[str, int] = {}
    for check in checks:
        number = check.values.get("number", "").strip()
        if not number:
            continue
        if number in seen:
            check.errors.append(
                _("Number %(number)s is also on row %(line)d.")
                % {"number": number, "line": seen[number]}
            )
            continue
        seen[number] = check.line
        task = existing.get(number)
        if task is None:
            continue  # a number the ledger does not hold: a new task gets its own number
        check.existing = task
        hidden = by is not None and not can_see(by, task)
        if on_existing != OnExisting.UPDATE or hidden or task.is_closed:
            check.action = RowAction.DUPLICATE
            check.errors = []  # nothing of the row is used
            check.data = None
            if on_existing == OnExisting.UPDATE and task.is_closed:
                check.note = _("The task is closed; reopen it to change it.")
            if hidden:
                check.existing = None  # S-13: a confidential task is not shown, only skipped
            continue
        if check.errors:
            continue
        check.data, check.changes = _update_of(check, task, mapping)
        check.action = RowAction.UPDATE if check.changes else RowAction.UNCHANGED
        if not check.changes:
            check.data = None
    return checks


def _check_values(
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
    file_name: str = "", on_existing: str = OnExisting.SKIP,
) -> list[Any]:  # fmt: skip
    """All rows or none: one bad row refuses the whole import and nothing is written. Rows whose
    number exists are skipped, or update the named fields through the audited task edit when
    `on_existing` is "update" (S-7). Returns the tasks created and updated."""
    from zhengwu.supervision.services import create_task, edit_task

    if by is None or not by.has_perm("supervision.import_ledger"):
        raise PermissionDenied()
    if on_existing not in OnExisting.CHOICES:
        raise DomainError(_("Choose whether existing numbers are skipped or updated."))
    checks = check_rows(bureau, rows, mapping, by=by, on_existing=on_existing)
    bad = [c for c in checks if c.errors]
    if bad:
        raise DomainError(
            _("%(n)d rows have errors; nothing was imported.") % {"n": len(bad)}, code="rows"
        )
    if not checks:
        raise DomainError(_("The workbook has no rows to import."))
    if not any(c.is_import for c in checks):
        raise DomainError(
            _("Every row is already in the ledger; nothing to import."), code="duplicates"
        )
    created, updated = [], []
    for check in checks:
        if check.action == RowAction.NEW:
            created.append(create_task(by=by, bureau=bureau, data=check.data))
        elif check.action == RowAction.UPDATE:
            updated.append(edit_task(by=by, task=check.existing, data=check.data))
    skipped = [
        c.values.get("number", "")
        for c in checks
        if c.action in (RowAction.DUPLICATE, RowAction.UNCHANGED)
    ]
    audit.record(
        actor=by, action="supervision.ledger_imported", bureau_id=bureau.pk,
        object_type="supervision.import", object_id=clock.now().isoformat(),
        object_repr=file_name[:300],
        after={"tasks": [t.number for t in created], "updated": [t.number for t in updated],
               "skipped": skipped, "on_existing": on_existing},
    )  # fmt: skip
    return [*created, *updated]
