"""The ledger as the offices know it: an .xlsx in their column layout, and the 督办通知单 .docx."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from zhengwu.core import clock
from zhengwu.core.exports import append_row, plain, workbook_bytes
from zhengwu.supervision.models import Milestone, MilestoneStatus, Task
from zhengwu.supervision.selectors import latest_accepted

# The office's own column headings (S-7); the import maps the same names back.
LEDGER_COLUMNS = [
    "序号", "编号", "事项", "来源", "交办领导", "主办", "协办", "责任人", "联络员",
    "性质", "紧急", "交办日期", "时限", "进展", "状态", "预警",
]  # fmt: skip


def _deadline_text(task: Task) -> str:
    lines = []
    for m in task.milestones.all():
        if m.deadline is None or m.status == MilestoneStatus.CANCELLED:
            continue
        marks = {MilestoneStatus.MET: "✓", MilestoneStatus.MISSED: "✗"}  # ✗: missed (S-5)
        mark = marks.get(m.status, "")
        lines.append(f"{m.display_label()} {m.deadline.due_date:%Y-%m-%d}{mark}")
    return "\n".join(lines)


def ledger_rows(tasks: Iterable[Task]) -> list[list[Any]]:
    rows = []
    for index, task in enumerate(tasks, start=1):
        accepted = latest_accepted(task)
        progress = task.result if task.is_closed else (accepted.text if accepted else "")
        warning = max(
            (
                m.deadline.warning_level
                for m in task.milestones.all()
                if m.deadline is not None and m.status == MilestoneStatus.OPEN
            ),
            default=0,
        )
        rows.append(
            [
                index,
                task.number,
                task.title,
                task.source_label(),
                str(task.instructing_leader),
                str(task.lead_unit),
                "、".join(str(u) for u in task.co_units.all()),
                str(task.responsible_person or ""),
                str(task.liaison or ""),
                task.get_issue_kind_display(),
                "是" if task.urgent else "",
                task.assigned_on.isoformat() if task.assigned_on else "",
                _deadline_text(task),
                progress,
                task.get_status_display(),
                # the level as the rules name it (S-8): 第1次预警 … 第3次预警
                f"第{warning}次预警" if warning else "",
            ]
        )
    return rows


def ledger_xlsx(tasks: Iterable[Task], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    tasks = list(
        tasks.prefetch_related("milestones__deadline", "co_units")  # type: ignore[attr-defined]
        if hasattr(tasks, "prefetch_related")
        else tasks
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "工作台账"
    append_row(ws, [title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(LEDGER_COLUMNS))
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    append_row(ws, [_("Exported on %(day)s") % {"day": clock.today().isoformat()}])
    append_row(ws, LEDGER_COLUMNS)
    thin = Side(style="thin")
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in ledger_rows(tasks):
        append_row(ws, row)
    widths = [6, 14, 36, 28, 10, 16, 20, 10, 10, 10, 6, 12, 30, 40, 12, 6]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if cell.row > 3:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A4"
    return workbook_bytes(wb)


def notice_docx(task: Task) -> bytes:
    """督办通知单: a Word document in the bureau's layout, with every deadline explained."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(plain(f"{task.bureau}督办通知单"))
    run.bold = True
    run.font.size = Pt(20)
    number = doc.add_paragraph(plain(f"编号：{task.number}"))
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if task.urgent:
        doc.add_paragraph("【急件】急事急办，不得等待时限届满。")
    if task.confidential:
        doc.add_paragraph("【涉密】仅限本单所列人员阅知。")

    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = [
        ("督办事项", task.title),
        ("事项来源", task.source_label()),
        ("交办领导", str(task.instructing_leader)),
        ("事项性质", task.get_issue_kind_display()),
        ("主办单位", str(task.lead_unit)),
        ("协办单位", "、".join(str(u) for u in task.co_units.all()) or "无"),
        ("第一责任人", str(task.responsible_person or "")),
        ("联络员", str(task.liaison or "")),
        ("交办日期", task.assigned_on.isoformat() if task.assigned_on else ""),
        ("具体内容", task.content or task.title),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = plain(value)

    doc.add_paragraph()
    doc.add_paragraph("办理时限").runs[0].bold = True
    milestones: Iterable[Milestone] = task.milestones.select_related("deadline").exclude(
        status=MilestoneStatus.CANCELLED
    )
    for m in milestones:
        if m.deadline is None:
            continue
        doc.add_paragraph(
            plain(f"{m.display_label()}：{m.deadline.due_date:%Y年%m月%d日}前"), style="List Bullet"
        )
        doc.add_paragraph(plain(m.deadline.explain()))
    doc.add_paragraph(
        "请承办单位按时限反馈办理情况，反馈材料须见人见事、见根见效，经单位主要负责人审核把关后报局办公室。"
    )
    doc.add_paragraph()
    signatures = doc.add_table(rows=2, cols=2)
    signatures.cell(0, 0).text = "交办人（签字）："
    signatures.cell(0, 1).text = "承办单位负责人（签字）："
    signatures.cell(1, 0).text = "日期：    年  月  日"
    signatures.cell(1, 1).text = "签收日期：    年  月  日"
    footer = doc.add_paragraph(plain(f"{task.bureau}办公室　{clock.today():%Y年%m月%d日}印发"))
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
