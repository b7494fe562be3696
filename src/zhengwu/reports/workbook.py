"""Reading tables 3 and 4 of a published year back from the workbook `documents.annual_report_xlsx`
writes (D-13: a bureau starting mid-life imports last year's report, R-10: its carry-over).

An uploaded file is hostile until read: its size, the number of parts of the zip and their
uncompressed size are checked before anything is parsed (a member is never read beyond its
declared size); the sheets are read as a stream, only as far as the report's grid plus a margin;
every label cell must read as the layout writes it; every figure must be a whole number typed as
a number — a formula, text, a date or a fraction is refused with the cell's address. Nothing is
stored here: `services.import_year` stores what this returns, after the format's sums.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from zhengwu.core.errors import DomainError
from zhengwu.reports import documents, policy

# Bounds of an uploaded report workbook (the one written by the system is about 15 kB, with
# fewer than 20 parts expanding to under 200 kB).
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_PARTS = 100
MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024
MARGIN = 20  # rows and columns read beyond the grid: a figure placed there means a wrong layout
MAX_CELL = 10_000_000  # as services.MAX_CELL


@dataclass(frozen=True)
class ReadTables:
    table3: dict[str, dict[str, int]]
    table4: dict[str, int]


def _address(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def check_archive(content: bytes) -> None:
    """Refuse a file too large, not a zip, or expanding beyond the bounds, before parsing."""
    if len(content) > MAX_FILE_BYTES:
        raise DomainError(
            _("The file is larger than %(limit)d MB.") % {"limit": MAX_FILE_BYTES // 1024 // 1024},
            code="size",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise DomainError(
            _("This file is not an Excel workbook (.xlsx)."), code="format"
        ) from error
    if len(members) > MAX_PARTS:
        raise DomainError(
            _("The workbook holds %(count)d parts (at most %(limit)d are accepted).")
            % {"count": len(members), "limit": MAX_PARTS},
            code="size",
        )
    expanded = sum(member.file_size for member in members)
    if expanded > MAX_UNCOMPRESSED_BYTES:
        raise DomainError(
            _(
                "The workbook expands to %(size)d MB when opened (at most %(limit)d MB are "
                "accepted)."
            )
            % {
                "size": expanded // (1024 * 1024),
                "limit": MAX_UNCOMPRESSED_BYTES // (1024 * 1024),
            },
            code="size",
        )


def _cells(sheet: Any, rows: int, columns: int) -> dict[tuple[int, int], Any]:
    """The cells of the first `rows` × `columns` (1-based addresses) that hold something; a filled
    cell in the margin beyond them is refused; the sheet is not read further."""
    found: dict[tuple[int, int], Any] = {}
    for cells in sheet.iter_rows(min_row=1, max_row=rows + MARGIN, max_col=columns + MARGIN):
        for cell in cells:
            if getattr(cell, "value", None) in (None, ""):
                continue
            r, c = cell.row, cell.column
            if r > rows or c > columns:
                raise DomainError(
                    _("Sheet “%(sheet)s”, cell %(cell)s: nothing may stand outside the table.")
                    % {"sheet": sheet.title, "cell": _address(r, c)},
                    code="layout",
                )
            found[(r, c)] = cell
    return found


def _number(sheet: str, address: str, cell: Any) -> int:
    value = getattr(cell, "value", None) if cell is not None else None
    if getattr(cell, "data_type", None) == "f" or (
        isinstance(value, str) and value.startswith("=")
    ):
        raise DomainError(
            _("Sheet “%(sheet)s”, cell %(cell)s holds a formula; enter the number itself.")
            % {"sheet": sheet, "cell": address},
            code="formula",
        )
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if type(value) is not int or not 0 <= value <= MAX_CELL:
        raise DomainError(
            _("Sheet “%(sheet)s”, cell %(cell)s must be a whole number from 0 to %(max)d.")
            % {"sheet": sheet, "cell": address, "max": MAX_CELL},
            code="cell",
        )
    return value


def _grid_values(book: Any, table: str, year: int | None) -> dict[tuple[str, ...], int]:
    name = documents.SHEET_NAMES[table]
    if name not in book.sheetnames:
        raise DomainError(
            _("The workbook has no sheet “%(sheet)s”: it is not the layout of the annual report's "
              "tables.") % {"sheet": name},
            code="layout",
        )  # fmt: skip
    sheet = book[name]
    grid = documents.GRIDS[table]()
    top = documents.XLSX_FIRST_ROW
    cells = _cells(sheet, top + grid.rows - 1, grid.columns)
    if year is not None:
        heading = cells.get((2, 1))
        if getattr(heading, "value", None) != documents.sheet_title(year, table):
            raise DomainError(
                _("Sheet “%(sheet)s” is not the report of %(year)d (cell A2 names the year).")
                % {"sheet": name, "year": year},
                code="year",
            )
    for (r, c), text in grid.labels.items():
        cell = cells.get((top + r, c + 1))
        if getattr(cell, "value", None) != text:
            raise DomainError(
                _("Sheet “%(sheet)s”, cell %(cell)s should read “%(text)s”: the workbook is not in "
                  "the layout of the annual report's tables.")
                % {"sheet": name, "cell": _address(top + r, c + 1), "text": text},
                code="layout",
            )  # fmt: skip
    return {
        key: _number(name, _address(top + r, c + 1), cells.get((top + r, c + 1)))
        for (r, c), key in grid.numbers.items()
    }


def read_tables(content: bytes, *, year: int | None = None) -> ReadTables:
    """Tables 3 and 4 from an uploaded workbook in the layout of `annual_report_xlsx`; with
    `year`, the workbook must be that year's. Raises DomainError with the reason (and the cell)."""
    check_archive(content)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many types for a file that is not a workbook
        raise DomainError(
            _("This file is not an Excel workbook (.xlsx)."), code="format"
        ) from error
    try:
        values3 = _grid_values(book, "table3", year)
        values4 = _grid_values(book, "table4", year)
    finally:
        book.close()
    table3 = {row: {col: values3[(row, col)] for col in policy.COLUMNS} for row in policy.ROWS}
    table4 = {key: values4[(key,)] for key in policy.TABLE4_KEYS}
    return ReadTables(table3=table3, table4=table4)
