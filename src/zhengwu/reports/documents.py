"""The annual report as files (D-13, R-10): a .docx in the national layout and an .xlsx of its
tables, both from the same grids, so that the workbook can be read back (`reports.workbook`).

The layout is that of 《中华人民共和国政府信息公开工作年度报告格式》 (国办公开办函〔2021〕30号;
../shared/spec/annual-report-format.md): six sections in their order, tables 2, 3 and 4 with the
format's merged header cells, row labels and column headings. Table 3 also shows the group rows
（三）…（六） the project computes: the group's label spans its own row and its numbered rows.

Renderers are pure: they take the figures as `AnnualFigures.as_dict()` gives them and return bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from zhengwu.core.exports import plain, workbook_bytes, write_cell
from zhengwu.reports import policy

TITLE_FONT = "宋体"  # 小标宋 where installed; 宋体 is on every reader's machine
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"

SECTIONS: tuple[tuple[str, str], ...] = (
    ("1", "一、总体情况"),
    ("table2", "二、主动公开政府信息情况"),
    ("table3", "三、收到和处理政府信息公开申请情况"),
    ("table4", "四、政府信息公开行政复议、行政诉讼情况"),
    ("5", "五、存在的主要问题及改进情况"),
    ("6", "六、其他需要报告的事项"),
)
SHEET_NAMES = {
    "table2": "主动公开政府信息情况",
    "table3": "收到和处理政府信息公开申请情况",
    "table4": "行政复议、行政诉讼情况",
}

# Table 3 row labels as the format gives them.
ROW_LABELS: dict[str, str] = {
    "1": "一、本年新收政府信息公开申请数量",
    "2": "二、上年结转政府信息公开申请数量",
    "3": "三、本年度办理结果",
    "3.1": "（一）予以公开",
    "3.2": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "3.3": "（三）不予公开",
    "3.3.1": "1. 属于国家秘密",
    "3.3.2": "2. 其他法律行政法规禁止公开",
    "3.3.3": '3. 危及"三安全一稳定"',
    "3.3.4": "4. 保护第三方合法权益",
    "3.3.5": "5. 属于三类内部事务信息",
    "3.3.6": "6. 属于四类过程性信息",
    "3.3.7": "7. 属于行政执法案卷",
    "3.3.8": "8. 属于行政查询事项",
    "3.4": "（四）无法提供",
    "3.4.1": "1. 本机关不掌握相关政府信息",
    "3.4.2": "2. 没有现成信息需要另行制作",
    "3.4.3": "3. 补正后申请内容仍不明确",
    "3.5": "（五）不予处理",
    "3.5.1": "1. 信访举报投诉类申请",
    "3.5.2": "2. 重复申请",
    "3.5.3": "3. 要求提供公开出版物",
    "3.5.4": "4. 无正当理由大量反复申请",
    "3.5.5": "5. 要求行政机关确认或重新出具已获取信息",
    "3.6": "（六）其他处理",
    "3.6.1": "1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "3.6.2": "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.6.3": "3. 其他",
    "3.7": "（七）总计",
    "4": "四、结转下年度继续办理",
}
TABLE3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
COLUMN_LABELS: dict[str, str] = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_interest": "社会公益组织",
    "legal_services": "法律服务机构",
    "other": "其他",
    "total": "总计",
}
ORGANISATIONS = "法人或其他组织"
APPLICANTS = "申请人情况"
CASE_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


@dataclass
class Grid:
    """A table as cells: labels, number cells (with the key of their figure) and merged ranges.
    Rows and columns count from 0; merges are (first row, first column, last row, last column)."""

    rows: int
    columns: int
    labels: dict[tuple[int, int], str] = field(default_factory=dict)
    numbers: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    header_rows: int = 0

    def label(self, r: int, c: int, text: str, *, to: tuple[int, int] | None = None) -> None:
        self.labels[(r, c)] = text
        if to is not None and to != (r, c):
            self.merges.append((r, c, *to))


def table2_grid() -> Grid:
    g = Grid(rows=14, columns=4)
    made = ("本年制发件数", "本年废止件数", "现行有效件数")
    blocks: list[tuple[str, str, list[tuple[str, str]]]] = [
        ("（一）", "", [("规章", "regulations"), ("行政规范性文件", "normative_documents")]),
        ("（五）", "本年处理决定数量", [("行政许可", "licensing")]),
        ("（六）", "本年处理决定数量", [("行政处罚", "penalty"), ("行政强制", "enforcement")]),
        ("（八）", "本年收费金额（单位：万元）", [("行政事业性收费", "fees")]),
    ]
    r = 0
    for item, heading, rows in blocks:
        g.label(r, 0, f"第二十条第{item}项", to=(r, 3))
        g.label(r + 1, 0, "信息内容")
        if heading:
            g.label(r + 1, 1, heading, to=(r + 1, 3))
        else:
            for c, text in enumerate(made, start=1):
                g.label(r + 1, c, text)
        for i, (text, key) in enumerate(rows, start=r + 2):
            g.label(i, 0, text)
            if heading:
                unit = "amount_10k_yuan" if key == "fees" else "decisions"
                g.numbers[(i, 1)] = (key, unit)
                g.merges.append((i, 1, i, 3))
            else:
                for c, column in enumerate(("made", "abolished", "in_force"), start=1):
                    g.numbers[(i, c)] = (key, column)
        r += 2 + len(rows)
    return g


def table3_grid() -> Grid:
    """Three label columns and the seven columns of 申请人情况, under three header rows."""
    body = len(policy.ROWS)
    g = Grid(rows=3 + body, columns=10, header_rows=3)
    g.label(0, 0, TABLE3_CORNER, to=(2, 2))
    g.label(0, 3, APPLICANTS, to=(0, 9))
    g.label(1, 3, COLUMN_LABELS["natural_person"], to=(2, 3))
    g.label(1, 4, ORGANISATIONS, to=(1, 8))
    g.label(1, 9, COLUMN_LABELS["total"], to=(2, 9))
    for c, column in enumerate(policy.CATEGORY_COLUMNS[1:], start=4):
        g.label(2, c, COLUMN_LABELS[column])
    first = 3
    answered = [i for i, key in enumerate(policy.ROWS) if key.startswith("3.")]
    g.label(first + answered[0], 0, ROW_LABELS["3"], to=(first + answered[-1], 0))
    for i, key in enumerate(policy.ROWS):
        r = first + i
        for c, column in enumerate(policy.COLUMNS, start=3):
            g.numbers[(r, c)] = (key, column)
        if not key.startswith("3."):
            g.label(r, 0, ROW_LABELS[key], to=(r, 2))
        elif policy.SUB_ROWS.get(key):
            g.label(r, 1, ROW_LABELS[key], to=(r + len(policy.SUB_ROWS[key]), 1))
        elif key.count(".") == 2:
            g.label(r, 2, ROW_LABELS[key])
        else:
            g.label(r, 1, ROW_LABELS[key], to=(r, 2))
    return g


def table4_grid() -> Grid:
    g = Grid(rows=4, columns=15, header_rows=3)
    g.label(0, 0, "行政复议", to=(0, 4))
    g.label(0, 5, "行政诉讼", to=(0, 14))
    g.label(1, 5, "未经复议直接起诉", to=(1, 9))
    g.label(1, 10, "复议后起诉", to=(1, 14))
    for n, group in enumerate(policy.CASE_GROUPS):
        for i, column in enumerate(policy.CASE_COLUMNS):
            c = n * 5 + i
            if n == 0:
                g.label(1, c, CASE_LABELS[column], to=(2, c))
            else:
                g.label(2, c, CASE_LABELS[column])
            g.numbers[(3, c)] = (f"{group}.{column}",)
    return g


GRIDS = {"table2": table2_grid, "table3": table3_grid, "table4": table4_grid}


def figure(figures: dict[str, Any], table: str, key: tuple[str, ...]) -> Any:
    value: Any = figures.get(table) or {}
    for part in key:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def title(bureau_name: str, year: int) -> str:
    return f"{bureau_name}{year}年政府信息公开工作年度报告"


# --- .docx ----------------------------------------------------------------------------------------


def _fonts(run: Any, name: str, size: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _page_number(paragraph: Any) -> None:
    """— PAGE — in the footer: Word fills in the number on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    _fonts(paragraph.add_run("— "), BODY_FONT, 14)
    run = paragraph.add_run()
    _fonts(run, BODY_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _fonts(paragraph.add_run(" —"), BODY_FONT, 14)


def _number_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


COLUMN_WIDTHS_MM: dict[str, tuple[float, ...]] = {
    "table2": (48, 36, 36, 36),
    "table3": (12, 20, 47, *([11] * 7)),
    "table4": tuple([10.4] * 15),
}


def _docx_table(doc: Any, grid: Grid, figures: dict[str, Any], table: str, size: float) -> Any:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    word = doc.add_table(rows=grid.rows, cols=grid.columns)
    word.style = "Table Grid"
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    if table in COLUMN_WIDTHS_MM:  # within the 156 mm between the margins
        from docx.shared import Mm

        widths = [Mm(w) for w in COLUMN_WIDTHS_MM[table]]
        word.autofit = False
        for column, width in zip(word.columns, widths, strict=True):
            column.width = width  # the table's grid
        for row in word.rows:  # each cell as wide as the grid columns it spans
            c = 0
            for tc in row._tr.tc_lst:
                tc.width = sum(widths[c : c + tc.grid_span], Mm(0))
                c += tc.grid_span
    for r0, c0, r1, c1 in grid.merges:
        word.cell(r0, c0).merge(word.cell(r1, c1))
    cells: dict[tuple[int, int], tuple[str, bool]] = {
        at: (text, True) for at, text in grid.labels.items()
    }
    for at, key in grid.numbers.items():
        cells.setdefault(at, (_number_text(figure(figures, table, key)), False))
    for (r, c), (text, is_label) in cells.items():
        cell = word.cell(r, c)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        centred = not is_label or r < grid.header_rows or text.startswith("第二十条")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
        if text:
            bold = is_label and (r < grid.header_rows or text.startswith("第二十条"))
            _fonts(paragraph.add_run(plain(text)), BODY_FONT, size, bold=bold)
    return word


def annual_report_docx(
    *,
    bureau_name: str,
    year: int,
    figures: dict[str, Any],
    narratives: dict[str, str],
    published_on: dt.date | None,
) -> bytes:
    """The report in the national layout on A4: title, sections 一 to 六, tables 2–4, page
    numbers; 仿宋 body, 黑体 headings (East Asian font names set, so Word uses them for Chinese)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(heading.add_run(plain(title(bureau_name, year))), TITLE_FONT, 22, bold=True)

    sizes = {"table2": 12, "table3": 9, "table4": 8}
    for key, text in SECTIONS:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)
        _fonts(paragraph.add_run(text), HEADING_FONT, 16)
        if key in GRIDS:
            _docx_table(doc, GRIDS[key](), figures, key, sizes[key])
            continue
        for line in (narratives.get(key) or "").splitlines():
            if line.strip():
                body = doc.add_paragraph()
                body.paragraph_format.first_line_indent = Pt(32)
                _fonts(body.add_run(plain(line.strip())), BODY_FONT, 16)

    if published_on is not None:
        doc.add_paragraph()
        for text in (
            bureau_name,
            f"{published_on.year}年{published_on.month}月{published_on.day}日",
        ):
            closing = doc.add_paragraph()
            closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _fonts(closing.add_run(plain(text)), BODY_FONT, 16)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- .xlsx ----------------------------------------------------------------------------------------

# The first row of every sheet is the title with the table's name; the grid starts below it.
XLSX_FIRST_ROW = 3


def sheet_title(year: int, table: str) -> str:
    return f"{year}年 {dict(SECTIONS)[table]}"


def annual_report_xlsx(*, bureau_name: str, year: int, figures: dict[str, Any]) -> bytes:
    """Tables 2–4, one sheet each, with the headings of the .docx; figures are numbers (a figure
    the system does not hold is an empty cell). `reports.workbook` reads tables 3 and 4 back."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    book.remove(book.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for table, build in GRIDS.items():
        sheet = book.create_sheet(SHEET_NAMES[table])
        grid = build()
        write_cell(sheet, 1, 1, title(bureau_name, year)).font = Font(bold=True, size=14)
        write_cell(sheet, 2, 1, sheet_title(year, table)).font = Font(bold=True)
        top = XLSX_FIRST_ROW
        for r in range(grid.rows):
            for c in range(grid.columns):
                cell = sheet.cell(row=top + r, column=c + 1)
                cell.border = border
        for (r, c), text in grid.labels.items():
            cell = write_cell(sheet, top + r, c + 1, text)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if r < grid.header_rows:
                cell.font = Font(bold=True)
        for (r, c), key in grid.numbers.items():
            value = figure(figures, table, key)
            if value is not None:
                write_cell(sheet, top + r, c + 1, value)
        for r0, c0, r1, c1 in grid.merges:
            sheet.merge_cells(
                start_row=top + r0, start_column=c0 + 1, end_row=top + r1, end_column=c1 + 1
            )
        sheet.column_dimensions["A"].width = 24 if table != "table4" else 10
        if table == "table3":
            sheet.column_dimensions["B"].width = 18
            sheet.column_dimensions["C"].width = 30
    return workbook_bytes(book)


def filename(bureau_code: str, year: int, extension: str) -> str:
    return f"annual-report-{bureau_code}-{year}.{extension}"


def narratives_of(report: Any) -> dict[str, str]:
    """Sections 一, 五 and 六 of a stored report for the .docx; 六 ends with the year's processing
    fees (信息处理费) as recorded in its figures."""
    fees = (report.figures or {}).get("fees") or {}
    fee_line = (
        f"本年度发出信息处理费收费通知{fees.get('charged_count', 0)}件，"
        f"计{fees.get('charged_yuan', 0)}元；实际收取{fees.get('collected_count', 0)}件，"
        f"计{fees.get('collected_yuan', 0)}元。"
    )
    other = (report.other or "").strip()
    return {
        "1": report.overview or "",
        "5": report.problems or "",
        "6": f"{other}\n{fee_line}" if other else fee_line,
    }


def published_report_files(report: Any) -> tuple[bytes, bytes]:
    """The .docx and .xlsx of a report from its frozen figures (what the portal offers)."""
    from zhengwu.core import clock

    published_on = clock.local(report.published_at).date() if report.published_at else None
    docx = annual_report_docx(
        bureau_name=report.bureau.name,
        year=report.year,
        figures=report.figures,
        narratives=narratives_of(report),
        published_on=published_on,
    )
    xlsx = annual_report_xlsx(
        bureau_name=report.bureau.name, year=report.year, figures=report.figures
    )
    return docx, xlsx
