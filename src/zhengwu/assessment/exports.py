"""HR's annual assessment as .xlsx (S-14): a summary sheet per undertaker and one detail sheet per
kind of figure, listing every item, milestone, warning, returned report and case behind it. Each
summary cell links to the first detail row of its undertaker (detail rows are grouped by
undertaker, in the summary's order), so every figure can be traced to its items."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.hyperlink import Hyperlink

from zhengwu.assessment.selectors import DetailRow, Figures, Period, details, figures
from zhengwu.core import clock
from zhengwu.core.exports import append_row, workbook_bytes, write_cell


def _sheets() -> list[tuple[str, str, list[str]]]:
    """(detail kind, sheet name, column headings); the first three columns are always the same."""
    common = [_("Undertaker"), _("Task reference"), _("Title")]
    return [
        ("items", _("Items"), [*common, _("Assigned on"), _("Status"), _("Closed on")]),
        ("due", _("Milestones due"),
         [*common, _("Milestone"), _("Due date"), _("Met on"), _("On time")]),
        ("warnings", _("Warnings"),
         [*common, _("Milestone"), _("Due date"), _("Raised on"), _("Warning level")]),
        ("returned", _("Returned reports"),
         [*common, _("Report"), _("Due date"), _("Returned on"), _("Reason for return")]),
        ("cases", _("Accountability cases"),
         [*common, _("Held accountable"), _("Due date"), _("Opened on"), _("Status"),
          _("Reason and outcome")]),
    ]  # fmt: skip


def _detail_values(kind: str, row: DetailRow) -> list[Any]:
    head = [row.unit, row.number, row.title]
    if kind == "items":
        return [*head, row.date, row.status, row.note]
    if kind == "due":
        return [*head, row.what, row.due_date, row.date, row.status]
    if kind == "warnings":
        return [*head, row.what, row.due_date, row.date, row.level]
    if kind == "returned":
        return [*head, row.what, row.due_date, row.date, row.note]
    return [*head, row.what, row.due_date, row.date, row.status, row.note]


# Summary columns: (heading, figure attribute, detail sheet kind).
def _columns() -> list[tuple[str, str, str]]:
    return [
        (_("Number of items"), "items", "items"),
        (_("Open"), "open", "items"),
        (_("Closed"), "closed", "items"),
        (_("Milestones due"), "due", "due"),
        (_("Met on time"), "on_time", "due"),
        (_("On-time rate"), "on_time_rate", "due"),
        (_("Level 1 warnings"), "warnings_1", "warnings"),
        (_("Level 2 warnings"), "warnings_2", "warnings"),
        (_("Level 3 warnings"), "warnings_3", "warnings"),
        (_("Returned reports"), "returned", "returned"),
        (_("Accountability cases"), "cases", "cases"),
    ]


def _notes(person: Any, period: Period) -> list[str]:
    return [
        _("Annual assessment (年度目标考核) of the 12340 ledger — %(period)s")
        % {"period": period.label},
        _("Generated %(when)s by %(who)s.")
        % {"when": clock.local(clock.now()).strftime("%Y-%m-%d %H:%M"), "who": person.full_name},
        _(
            "On-time rate = milestones met on or before their deadline ÷ milestones due (due date "
            "in the period and passed, already met, or missed when the task was closed without "
            "them; cancelled ones not counted)."
        ),
        _(
            "Confidential items are counted for everyone; people not named on them see their "
            "rows as “Confidential matter”, without reference, title or content."
        ),
        _("Each figure links to its rows on the detail sheets."),
    ]


def assessment_workbook(person: Any, *, period: Period) -> tuple[bytes, Figures]:
    summary = figures(person, period=period)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary per undertaker")
    notes = _notes(person, period)
    for i, text in enumerate(notes, start=1):
        write_cell(sheet, i, 1, text).font = Font(bold=i == 1)
    header_row = len(notes) + 2
    columns = _columns()
    write_cell(sheet, header_row, 1, _("Undertaker")).font = Font(bold=True)
    for j, (heading, _attr, _kind) in enumerate(columns, start=2):
        cell = write_cell(sheet, header_row, j, heading)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)

    first_rows: dict[tuple[str, int], int] = {}
    names = {}
    for kind, name, headings in _sheets():
        names[kind] = name
        detail = book.create_sheet(name)
        append_row(detail, headings)
        for cell in detail[1]:
            cell.font = Font(bold=True)
        for row in details(person, period=period, figure=kind, bureau_id=summary.bureau_id):
            append_row(detail, _detail_values(kind, row))
            first_rows.setdefault((kind, row.unit_id), detail.max_row)
        for letter, width in zip("ABCDEFGH", (14, 14, 40, 18, 12, 12, 12, 30), strict=False):
            detail.column_dimensions[letter].width = width

    for i, row in enumerate([*summary.rows, summary.total], start=header_row + 1):
        write_cell(sheet, i, 1, row.unit.name)
        for j, (_heading, attr, kind) in enumerate(columns, start=2):
            value = getattr(row, attr)
            cell = write_cell(sheet, i, j, value)
            if attr == "on_time_rate":
                cell.number_format = "0.0%"
                if value is None:
                    cell.value = "—"
            target = first_rows.get((kind, row.unit.pk), 1) if row.unit.pk else 1
            cell.hyperlink = Hyperlink(
                ref=cell.coordinate, location=f"'{names[kind]}'!A{target}", display=str(cell.value)
            )
    sheet.column_dimensions["A"].width = 18
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    return workbook_bytes(book), summary


# --- D-12: the disclosure assessment ------------------------------------------------------------


def _disclosure_columns() -> list[tuple[str, str, str]]:
    """(heading, figure, detail sheet kind) of the disclosure summary."""
    return [
        (_("Items published"), "published", "publication"),
        (_("Published on time"), "published_on_time", "publication"),
        (_("Published late"), "published_late", "publication"),
        (_("Applications answered"), "answered", "answers"),
        (_("Answered on time"), "answered_on_time", "answers"),
        (_("Answered late"), "answered_late", "answers"),
        (_("Answers corrected by review or litigation"), "corrected", "corrected"),
        (_("Clarifications"), "clarifications", "clarifications"),
        (_("Accountability cases"), "disclosure_cases", "disclosure_cases"),
    ]


def _disclosure_sheets() -> list[tuple[str, str, str, list[str]]]:
    """(kind, figure listing every row of the kind, sheet name, column headings)."""
    common = [_("Section"), _("Index or tracking number"), _("Title")]
    return [
        ("publication", "published", _("Publication"),
         [*common, _("Due date"), _("Published on"), _("On time")]),
        ("answers", "answered", _("Answers"),
         [*common, _("Due date"), _("Answered on"), _("On time")]),
        ("corrected", "corrected", _("Answers corrected"),
         [*common, _("Concluded on"), _("Case")]),
        ("clarifications", "clarifications", _("Clarifications"),
         [*common, _("Found on"), _("Where it was found")]),
        ("disclosure_cases", "disclosure_cases", _("Accountability cases"),
         [*common, _("Due date"), _("Opened on"), _("Held accountable, reason and outcome")]),
    ]  # fmt: skip


def _disclosure_values(kind: str, row: Any) -> list[Any]:
    head = [row.unit, row.reference, row.title]
    if kind in ("publication", "answers"):
        if row.on_time:
            timely = _("On time")
        elif row.date is None:
            timely = _("Overdue, not yet done")
        else:
            timely = _("Late")
        return [*head, row.due_date, row.date, timely]
    if kind == "disclosure_cases":
        return [*head, row.due_date, row.date, row.note]
    return [*head, row.date, row.note]


def disclosure_workbook(person: Any, *, period: Period, bureau_id: Any = None) -> tuple[bytes, Any]:
    """D-12: a summary sheet per section and one detail sheet per kind; each summary cell links to
    the first row of its section on the detail sheet."""
    from zhengwu.assessment.selectors import disclosure_details, disclosure_figures

    summary = disclosure_figures(person, period=period, bureau_id=bureau_id)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary per section")
    notes = [
        _("Disclosure assessment (政务公开考核评议) — %(period)s") % {"period": period.label},
        _("Generated %(when)s by %(who)s.")
        % {"when": clock.local(clock.now()).strftime("%Y-%m-%d %H:%M"), "who": person.full_name},
        _(
            "On time: published within 20 working days of formation or change; answered within "
            "the answer period (extension included). Items and applications still not done after "
            "their due date count as late."
        ),
        _(
            "Confidential items are counted for everyone; people not named on them see their "
            "rows as “Confidential matter”, without reference, title or content."
        ),
        _("Each figure links to its rows on the detail sheets."),
    ]
    for i, text in enumerate(notes, start=1):
        write_cell(sheet, i, 1, text).font = Font(bold=i == 1)
    header_row = len(notes) + 2
    columns = _disclosure_columns()
    write_cell(sheet, header_row, 1, _("Section")).font = Font(bold=True)
    for j, (heading, _figure, _kind) in enumerate(columns, start=2):
        cell = write_cell(sheet, header_row, j, heading)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    first_rows: dict[tuple[str, int], int] = {}
    names = {}
    for kind, figure, name, headings in _disclosure_sheets():
        names[kind] = name
        detail = book.create_sheet(name)
        append_row(detail, headings)
        for cell in detail[1]:
            cell.font = Font(bold=True)
        for row in disclosure_details(
            person, period=period, figure=figure, bureau_id=summary.bureau_id
        ):
            append_row(detail, _disclosure_values(kind, row))
            first_rows.setdefault((kind, row.unit_id), detail.max_row)
        for letter, width in zip("ABCDEF", (14, 22, 40, 12, 12, 30), strict=False):
            detail.column_dimensions[letter].width = width
    for i, row in enumerate([*summary.rows, summary.total], start=header_row + 1):
        is_total = i == header_row + 1 + len(summary.rows)
        write_cell(sheet, i, 1, row.name)
        for j, (_heading, figure, kind) in enumerate(columns, start=2):
            cell = write_cell(sheet, i, j, getattr(row, figure))
            target = 1 if is_total else first_rows.get((kind, row.key), 1)
            cell.hyperlink = Hyperlink(
                ref=cell.coordinate, location=f"'{names[kind]}'!A{target}", display=str(cell.value)
            )
    sheet.column_dimensions["A"].width = 18
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    return workbook_bytes(book), summary
