"""The annual report as files (D-13, R-10): the .docx in the national layout, the .xlsx of its
tables, the import of a published year from that workbook, and the staff downloads."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from zhengwu.applications.tests.helpers import received
from zhengwu.audit.models import Event
from zhengwu.core.errors import DomainError
from zhengwu.reports import documents, policy, selectors, workbook
from zhengwu.reports.models import ImportedYear

BUREAU = "某市生态环境局"
SECTION_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def consistent_figures() -> dict:
    """Tables that add up, with a different number in every column so that a misplaced cell shows:
    column j holds j+1 applications per outcome row used below."""
    table3 = {row: dict.fromkeys(policy.COLUMNS, 0) for row in policy.ROWS}
    used = {"1": 4, "2": 2, "3.1": 1, "3.2": 1, "3.3.6": 1, "3.4.1": 1, "3.5.2": 1, "4": 1}
    for j, column in enumerate(policy.CATEGORY_COLUMNS):
        for row, n in used.items():
            table3[row][column] = n * (j + 1)
    for column in policy.CATEGORY_COLUMNS:
        for group, subs in policy.SUB_ROWS.items():
            if subs:
                table3[group][column] = sum(table3[s][column] for s in subs)
        table3["3.7"][column] = sum(table3[g][column] for g in policy.GROUPS)
    for row in policy.ROWS:
        table3[row]["total"] = sum(table3[row][c] for c in policy.CATEGORY_COLUMNS)
    table4 = dict.fromkeys(policy.TABLE4_KEYS, 0)
    table4.update({"review.upheld": 2, "review.corrected": 1, "review.total": 3})
    table4.update({"litigation_direct.pending": 1, "litigation_direct.total": 1})
    table4.update({"litigation_after_review.other": 4, "litigation_after_review.total": 4})
    table2 = {
        "regulations": {"made": None, "abolished": None, "in_force": None},
        "normative_documents": {"made": 3, "abolished": 1, "in_force": 12},
        "licensing": {"decisions": None},
        "penalty": {"decisions": None},
        "enforcement": {"decisions": None},
        "fees": {"amount_10k_yuan": None},
    }
    assert selectors.check_counts(table3, table4) == []
    return {"table2": table2, "table3": table3, "table4": table4}


def xlsx_of(figures: dict, year: int = 2025) -> bytes:
    return documents.annual_report_xlsx(bureau_name=BUREAU, year=year, figures=figures)


# --- .docx ----------------------------------------------------------------------------------------


def test_D13_docx_has_title_six_sections_and_tables_with_every_figure() -> None:
    figures = consistent_figures()
    content = documents.annual_report_docx(
        bureau_name=BUREAU,
        year=2025,
        figures=figures,
        narratives={
            "1": "本年度公开工作总体情况。",
            "5": "问题与改进。",
            "6": "本年度未收取信息处理费。",
        },
        published_on=dt.date(2026, 1, 20),
    )
    doc = Document(io.BytesIO(content))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "某市生态环境局2025年政府信息公开工作年度报告"
    headings = [t for t in texts if t in SECTION_HEADINGS]
    assert headings == SECTION_HEADINGS  # all six, in the format's order
    assert texts.index("一、总体情况") < texts.index("本年度公开工作总体情况。")
    assert texts.index("本年度未收取信息处理费。") > texts.index("六、其他需要报告的事项")
    assert texts[-1] == "2026年1月20日"
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]._element.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    east_asian = doc.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    assert east_asian == "仿宋"
    assert 'w:eastAsia="黑体"' in doc.paragraphs[1]._element.xml

    table2, table3, table4 = doc.tables
    # Table 3: three header rows, then one row per key of the JSON in the format's order.
    assert table3.cell(0, 0).text.startswith("（本列数据的勾稽关系为")
    assert table3.cell(0, 3)._tc is table3.cell(0, 9)._tc  # 申请人情况 over the seven columns
    assert table3.cell(0, 3).text == "申请人情况"
    assert table3.cell(1, 4)._tc is table3.cell(1, 8)._tc
    assert table3.cell(1, 4).text == "法人或其他组织"
    assert table3.cell(1, 3).text == table3.cell(2, 3).text == "自然人"  # merged down
    assert [table3.cell(2, c).text for c in range(4, 10)] == [
        "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
    ]  # fmt: skip
    for i, row in enumerate(policy.ROWS):
        cells = table3.rows[3 + i].cells
        assert (
            cells[2].text == documents.ROW_LABELS[row]
            or cells[1].text == (documents.ROW_LABELS[row])
        ), row
        assert [c.text for c in cells[3:]] == [
            str(figures["table3"][row][c]) for c in policy.COLUMNS
        ], row
    assert table3.rows[3].cells[0].text == "一、本年新收政府信息公开申请数量"
    assert table3.rows[-1].cells[0].text == "四、结转下年度继续办理"
    assert table3.cell(5, 0)._tc is table3.cell(3 + policy.ROWS.index("3.7"), 0)._tc
    assert table3.cell(5, 0).text == "三、本年度办理结果"
    # Table 4: 行政复议 over five columns, 行政诉讼 over ten, then the fifteen numbers.
    assert table4.cell(0, 0)._tc is table4.cell(0, 4)._tc and table4.cell(0, 0).text == "行政复议"
    assert table4.cell(0, 5)._tc is table4.cell(0, 14)._tc and table4.cell(0, 5).text == "行政诉讼"
    assert table4.cell(1, 5).text == "未经复议直接起诉" and table4.cell(1, 10).text == "复议后起诉"
    assert [c.text for c in table4.rows[3].cells] == [
        str(figures["table4"][k]) for k in policy.TABLE4_KEYS
    ]
    # Table 2: the format's items; figures the system does not hold are left blank to fill in.
    assert table2.cell(0, 0).text == "第二十条第（一）项"
    assert [c.text for c in table2.rows[3].cells] == ["行政规范性文件", "3", "1", "12"]
    assert [c.text for c in table2.rows[2].cells] == ["规章", "", "", ""]
    assert table2.cell(12, 1).text == "本年收费金额（单位：万元）"


# --- .xlsx ----------------------------------------------------------------------------------------


def test_D13_xlsx_has_one_sheet_per_table_and_every_figure_as_a_number() -> None:
    figures = consistent_figures()
    book = load_workbook(io.BytesIO(xlsx_of(figures)))
    assert book.sheetnames == list(documents.SHEET_NAMES.values())
    top = documents.XLSX_FIRST_ROW
    for table, build in documents.GRIDS.items():
        sheet = book[documents.SHEET_NAMES[table]]
        assert sheet["A1"].value == "某市生态环境局2025年政府信息公开工作年度报告"
        grid = build()
        for (r, c), text in grid.labels.items():
            assert sheet.cell(top + r, c + 1).value == text
        for (r, c), key in grid.numbers.items():
            value = documents.figure(figures, table, key)
            cell = sheet.cell(top + r, c + 1)
            assert cell.value == value and cell.data_type == "n", (table, key)
        assert sheet.merged_cells.ranges  # the format's merged headings
    sheet3 = book[documents.SHEET_NAMES["table3"]]
    assert sheet3.cell(top + 3 + policy.ROWS.index("3.3.6"), 7).value == 4  # 社会公益组织
    assert isinstance(sheet3.cell(top + 3, 10).value, int)


# --- import from the workbook ---------------------------------------------------------------------


def test_D13_workbook_round_trip_imports_the_same_tables(ac, tmp_path) -> None:
    figures = consistent_figures()
    tables = workbook.read_tables(xlsx_of(figures), year=2025)
    assert tables.table3 == figures["table3"] and tables.table4 == figures["table4"]
    path = tmp_path / "2025.xlsx"
    path.write_bytes(xlsx_of(figures))
    out = io.StringIO()
    call_command(
        "report", "import", "--bureau", ac.bureau.code, "--year", "2025", "--file", str(path),
        stdout=out,
    )  # fmt: skip
    imported = ImportedYear.objects.get(bureau=ac.bureau, year=2025)
    assert imported.table3 == figures["table3"] and imported.table4 == figures["table4"]
    # The imported year's files are the tables as published.
    again = selectors.annual_figures(bureau=ac.bureau, year=2025).as_dict()
    assert workbook.read_tables(xlsx_of(again), year=2025) == tables


def tampered(figures: dict, change) -> bytes:
    book = load_workbook(io.BytesIO(xlsx_of(figures)))
    change(book)
    out = io.BytesIO()
    book.save(out)  # saved as a person's Excel would, not through the project's guarded writer
    return out.getvalue()


def cell3(row: str, column: str) -> str:
    r = documents.XLSX_FIRST_ROW + 3 + policy.ROWS.index(row)
    return f"{'ABCDEFGHIJ'[3 + policy.COLUMNS.index(column)]}{r}"


def zip_bomb(figures: dict) -> bytes:
    """The report's workbook whose table 3 sheet expands to 15 MB of rows (a few hundred kB
    compressed)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_of(figures)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                rows = b"<row><c><v>0</v></c></row>" * 600_000
                data = data.replace(b"</sheetData>", rows + b"</sheetData>")
            bomb.writestr(item, data)
    return out.getvalue()


SHEET3 = documents.SHEET_NAMES["table3"]


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "sums",
            lambda f: tampered(f, lambda b: b[SHEET3].__setitem__(cell3("4", "research"), 9)),
            "1+2=3.7+4",
        ),
        (
            "text",
            lambda f: tampered(f, lambda b: b[SHEET3].__setitem__(cell3("3.1", "other"), "五")),
            cell3("3.1", "other"),
        ),
        (
            "formula",
            lambda f: tampered(
                f, lambda b: b[SHEET3].__setitem__(cell3("1", "total"), "=SUM(D6:I6)")
            ),
            "公式",
        ),
        (
            "fraction",
            lambda f: tampered(f, lambda b: b[SHEET3].__setitem__(cell3("2", "commercial"), 1.5)),
            cell3("2", "commercial"),
        ),
        (
            "outside",
            lambda f: tampered(f, lambda b: b[SHEET3].__setitem__("L40", 7)),
            "L40",
        ),
        (
            "layout",
            lambda f: tampered(f, lambda b: b[SHEET3].__setitem__("A6", "一、新收")),
            "A6",
        ),
        ("bomb", zip_bomb, "MB"),
        ("not a workbook", lambda f: b"PK\x03\x04 not really", "Excel"),
        ("year", lambda f: xlsx_of(f, year=2024), "2025"),
    ],
)
def test_D13_tampered_workbook_is_refused_with_its_reason_and_changes_nothing(
    ac, tmp_path, name, make, message
) -> None:
    content = make(consistent_figures())
    path = tmp_path / "tampered.xlsx"
    path.write_bytes(content)
    events = Event.objects.count()
    with pytest.raises(CommandError) as error:
        call_command(
            "report", "import", "--bureau", ac.bureau.code, "--year", "2025", "--file", str(path)
        )
    assert message in str(error.value), str(error.value)
    assert error.value.returncode == 2
    assert " / " in str(error.value) or name == "sums"  # Chinese and English
    assert not ImportedYear.objects.exists() and Event.objects.count() == events


def test_D13_a_huge_sheet_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(DomainError) as error:
        workbook.read_tables(zip_bomb(consistent_figures()), year=2025)
    assert error.value.code == "size"


def test_D13_json_import_still_works(ac, tmp_path) -> None:
    figures = consistent_figures()
    path = tmp_path / "2025.json"
    path.write_text(json.dumps(figures), encoding="utf-8")
    call_command(
        "report", "import", "--bureau", ac.bureau.code, "--year", "2025", "--file", str(path)
    )
    assert ImportedYear.objects.get(bureau=ac.bureau, year=2025).table4 == figures["table4"]


# --- staff pages ----------------------------------------------------------------------------------


def test_D13_staff_upload_previews_then_imports_on_confirmation(ac, client) -> None:
    figures = consistent_figures()
    client.force_login(ac.officer)
    page = client.get("/staff/reports/import/")
    assert page.status_code == 200
    upload = io.BytesIO(xlsx_of(figures))
    upload.name = "2025.xlsx"
    preview = client.post(
        "/staff/reports/import/",
        {"bureau": ac.bureau.code, "year": 2025, "file": upload, "note": "门户网站2025年报"},
    )
    html = preview.content.decode()
    assert preview.status_code == 200 and 'data-testid="import-confirm"' in html
    assert "属于四类过程性信息" in html
    assert not ImportedYear.objects.exists()  # the preview stores nothing
    signed = preview.context["signed"]
    done = client.post("/staff/reports/import/confirm/", {"signed": signed})
    assert done.status_code == 302
    imported = ImportedYear.objects.get(bureau=ac.bureau, year=2025)
    assert imported.table3 == figures["table3"] and imported.note == "门户网站2025年报"
    assert imported.imported_by == ac.officer
    # An altered preview is refused.
    client.post("/staff/reports/import/confirm/", {"signed": signed[:-2] + "xx"})
    assert ImportedYear.objects.count() == 1


def test_D13_staff_upload_shows_sums_that_fail_and_refuses_bad_files(ac, client) -> None:
    figures = consistent_figures()
    client.force_login(ac.officer)
    broken = io.BytesIO(
        tampered(figures, lambda b: b[SHEET3].__setitem__(cell3("4", "research"), 9))
    )
    broken.name = "2025.xlsx"
    page = client.post(
        "/staff/reports/import/", {"bureau": ac.bureau.code, "year": 2025, "file": broken}
    )
    html = page.content.decode()
    assert 'data-testid="import-violations"' in html and "1+2=3.7+4" in html
    assert 'data-testid="import-confirm"' not in html
    formula = io.BytesIO(
        tampered(figures, lambda b: b[SHEET3].__setitem__(cell3("1", "total"), "=1+1"))
    )
    formula.name = "2025.xlsx"
    page = client.post(
        "/staff/reports/import/", {"bureau": ac.bureau.code, "year": 2025, "file": formula}
    )
    assert page.status_code == 200 and "公式" in page.content.decode()
    assert 'data-testid="import-preview"' not in page.content.decode()
    assert not ImportedYear.objects.exists()


def test_D13_import_page_is_for_the_disclosure_office(ac, client) -> None:
    client.force_login(ac.air_liaison)
    assert client.get("/staff/reports/import/").status_code == 403
    client.force_login(ac.other_officer)  # another bureau's officer cannot choose this bureau
    upload = io.BytesIO(xlsx_of(consistent_figures()))
    upload.name = "2025.xlsx"
    page = client.post(
        "/staff/reports/import/", {"bureau": ac.bureau.code, "year": 2025, "file": upload}
    )
    assert page.status_code == 200 and "import-preview" not in page.content.decode()
    assert not ImportedYear.objects.exists()


def test_D13_staff_download_the_computed_tables_and_report(ac, client) -> None:
    received(ac, dt.date(2025, 12, 29))  # open on 31 December: carried over
    client.force_login(ac.officer)
    base = f"/staff/reports/annual/{ac.bureau.code}/2025/"
    xlsx = client.get(base + "tables.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content))[SHEET3]
    assert sheet[cell3("1", "natural_person")].value == 1
    assert sheet[cell3("4", "total")].value == 1
    docx = client.get(base + "report.docx")
    assert docx.status_code == 200
    doc = Document(io.BytesIO(docx.content))
    assert doc.paragraphs[0].text == f"{ac.bureau.name}2025年政府信息公开工作年度报告"
    assert doc.tables[1].rows[3 + policy.ROWS.index("4")].cells[-1].text == "1"
    # Tenancy and permission: another bureau's officer sees nothing; a colleague without a
    # disclosure role is refused; an implausible year is not a report.
    client.force_login(ac.other_officer)
    assert client.get(base + "tables.xlsx").status_code == 404
    assert client.get(base + "report.docx").status_code == 404
    client.force_login(ac.air_liaison)
    assert client.get(base + "report.docx").status_code == 403
    client.force_login(ac.officer)
    assert client.get(f"/staff/reports/annual/{ac.bureau.code}/9999/tables.xlsx").status_code == 404
