"""The weekly report as the bureau files it: a .docx with title, 报送/抄送, date, numbered
sections, the table of items and page numbers, set in 仿宋 with a 宋体 title."""

from __future__ import annotations

import io
from typing import Any

from zhengwu.core.exports import clauses, plain
from zhengwu.weekly import selectors
from zhengwu.weekly.models import ReportKind, WeeklyReport

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
LEVEL_NAMES = {1: "第1次预警", 2: "第2次预警", 3: "第3次预警"}
STATUS_NAMES = {
    "assigned": "已交办",
    "in_progress": "办理中",
    "plan_pending": "方案待审批",
    "plan_approved": "按方案推进",
    "closed": "已办结（清零）",
}
COLUMNS = ("序号", "事项", "承办单位", "时限", "进展", "预警")
NUMERALS = "一二三四五六七八九十"


def _font(run: Any, name: str, size: float | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.bold = bold
    if size:
        run.font.size = Pt(size)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _page_number(paragraph: Any) -> None:
    """A PAGE field in the footer: Word fills in the number on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run("— ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    paragraph.add_run(" —")


def figures_sentence(counts: dict[str, int], levels: dict[int, int]) -> str:
    text = (
        f"本周新增事项{counts.get('new', 0)}项，在办{counts.get('in_progress', 0)}项，"
        f"办结清零{counts.get('closed', 0)}项，逾期{counts.get('overdue', 0)}项"
    )
    if levels:
        text += (
            "（其中" + "，".join(f"{LEVEL_NAMES.get(k, k)}{v}项" for k, v in levels.items()) + "）"
        )
    return (
        text + f"，下周到期{counts.get('due_next_week', 0)}项，"
        f"列入督查重点事项{counts.get('key', 0)}项。"
    )


def title_text(report: WeeklyReport) -> str:
    base = f"{report.bureau.name}重点工作落实情况周报（{report.iso_year}年第{report.iso_week}周）"
    return base


def subtitle_text(report: WeeklyReport) -> str:
    if report.kind == ReportKind.LEADER:
        return f"（{report.leader.full_name}同志交办事项）"
    if report.kind == ReportKind.CONSOLIDATED:
        return "（各分管领导事项汇总）"
    return "（局长交办事项）"


def report_docx(report: WeeklyReport, *, reader: Any) -> bytes:
    """The .docx of `report` as `reader` may read it (S-13: confidential rows only for the people
    named on them)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", BODY_FONT
    )

    def para(text: str = "", *, align: Any = None, font: str = BODY_FONT, size: float | None = None,
             bold: bool = False) -> Any:  # fmt: skip
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if text:
            _font(p.add_run(plain(text)), font, size, bold)
        return p

    para(title_text(report), align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, size=20, bold=True)
    para(subtitle_text(report), align=WD_ALIGN_PARAGRAPH.CENTER, font=BODY_FONT, size=16)
    para(f"报送：{report.leader.full_name}同志")
    if report.copy_to_id:
        para(f"抄送：{report.copy_to.name}")
    preparer = report.preparer.full_name if report.preparer else ""
    para(f"拟稿单位：{report.preparing_unit.name}　拟稿人：{preparer}")
    para(f"报送日期：{report.report_day:%Y年%m月%d日}")
    para(
        f"统计期间：{report.week:%Y年%m月%d日}至{report.week_end:%Y年%m月%d日}"
        f"（数据截至{report.figures_at.astimezone(_tz()):%Y年%m月%d日%H:%M}）"
    )

    counts = selectors.counts_for(report, reader)
    levels = selectors.overdue_by_level_for(report, reader)
    sections: list[tuple[str, str]] = [
        ("本周工作总体情况", figures_sentence(counts, levels) + "\n" + report.summary),
        ("存在的问题", report.problems or "无。"),
        ("下步工作安排", report.next_steps or "无。"),
    ]
    if report.kind == ReportKind.CONSOLIDATED:
        parts = selectors.parts_of(report)
        lines = [
            f"{p['leader']}同志交办事项（{p['unit']}报送）：{p['summary'] or '尚未报送小结。'}"
            for p in parts
        ]
        sections.insert(1, ("各分管领导事项落实情况", "\n".join(lines) or "本周无分管领导报告。"))
    for n, (heading, body) in enumerate(sections):
        para(f"{NUMERALS[n]}、{heading}", font="黑体", bold=True)
        for line in body.splitlines() or [""]:
            if line.strip():
                p = para(line.strip())
                p.paragraph_format.first_line_indent = Pt(28)

    rows = selectors.items_for(report, reader)
    para(f"{NUMERALS[len(sections)]}、事项清单", font="黑体", bold=True)
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(label), BODY_FONT, 12, True)
    for i, row in enumerate(rows, start=1):
        progress = row["progress"] or STATUS_NAMES.get(row["status"], row["status"])
        if row.get("key"):
            progress = clauses(progress, "列入督查重点事项")
        values = (
            str(i),
            f"{row['number']} {row['title']}",
            row["lead_unit"],
            row["due"],
            progress,
            LEVEL_NAMES.get(row["warning_level"], "—") if row["overdue"] else "—",
        )
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(plain(value)), BODY_FONT, 12)
    if not rows:
        para("本周无在办事项。")

    para()
    para(f"{report.preparing_unit.name}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(f"{report.report_day:%Y年%m月%d日}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _tz() -> Any:
    from zhengwu.core.clock import LOCAL_TZ

    return LOCAL_TZ


def filename(report: WeeklyReport) -> str:
    return f"weekly-{report.iso_year}-W{report.iso_week:02d}-{report.kind}-{report.pk}.docx"
