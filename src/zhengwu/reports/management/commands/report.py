"""`zhengwu report annual` — the annual report's tables 2–4 as JSON (D-13, R-10).

    zhengwu report annual [--bureau CODE] --year YYYY --format json
    zhengwu report import [--bureau CODE] --year YYYY --file TABLES.json|TABLES.xlsx

Prints {"table2": …, "table3": {row: {column: n}}, "table4": {key: n}} and exits 0; if an
invariant of the national format is broken it prints every violation (with the applications or
cases behind it) on stderr and exits 1. Bad arguments exit 2. `--bureau` may be left out only
when there is a single bureau. `import` records the published tables 3 and 4 of a year kept
outside the system (a file shaped like the output of `annual`, or the workbook of tables the staff
pages export, read with the guards of `reports.workbook`); it exits 2 if they do not add up.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from zhengwu.core.errors import DomainError
from zhengwu.org.models import Bureau
from zhengwu.reports import selectors, services, workbook

# Years the report can be asked for (the format of 2021 applies; a typing slip is refused).
FIRST_YEAR = 2019
LAST_YEAR = 2100


def _refuse(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Annual report on government information disclosure: tables 2–4 with their checks."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("annual", help="tables 2–4 of one bureau and year")
        p.add_argument("--bureau", default="")
        p.add_argument("--year", required=True)
        p.add_argument("--format", default="json")
        p = sub.add_parser("import", help="tables 3 and 4 of a year kept outside the system")
        p.add_argument("--bureau", default="")
        p.add_argument("--year", required=True)
        p.add_argument("--file", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options)
            return
        if options.get("format") != "json":
            raise _refuse(f"格式只能是 json / the format is json: {options['format']!r}")
        year, bureau = self._year_and_bureau(options)
        figures = selectors.annual_figures(bureau=bureau, year=year)
        self.stdout.write(json.dumps(figures.as_dict(), ensure_ascii=False, indent=2))
        violations = selectors.check(figures)
        if violations:
            self.stderr.write(
                f"{len(violations)} 项校验未通过 / {len(violations)} invariant(s) violated:"
            )
            for violation in violations:
                self.stderr.write(violation.describe())
            sys.exit(1)

    def _import(self, options: dict[str, Any]) -> None:
        year, bureau = self._year_and_bureau(options)
        if str(options["file"]).lower().endswith(".xlsx"):
            data = self._workbook(options["file"], year)
        else:
            try:
                with open(options["file"], encoding="utf-8") as handle:
                    data = json.load(handle)
            except (OSError, ValueError) as error:
                raise _refuse(f"无法读取文件 / cannot read the file: {error}") from error
        if not isinstance(data, dict):
            raise _refuse("文件应含 table3 和 table4 / the file holds table3 and table4")
        try:
            services.import_year(
                by=None,
                bureau=bureau,
                year=year,
                table3=data.get("table3") or {},
                table4=data.get("table4") or {},
                note=str(options["file"])[-300:],
            )
        except DomainError as error:
            raise _refuse(error.message) from error
        self.stdout.write(f"imported {bureau.code} {year}")

    def _workbook(self, path: str, year: int) -> dict[str, Any]:
        """Tables 3 and 4 from the workbook layout of the staff pages (D-13), size-capped."""
        try:
            with open(path, "rb") as handle:
                content = handle.read(workbook.MAX_FILE_BYTES + 1)
        except OSError as error:
            raise _refuse(f"无法读取文件 / cannot read the file: {error}") from error
        with translation.override("zh-hans"):
            try:
                tables = workbook.read_tables(content, year=year)
            except DomainError as chinese:
                with translation.override("en"):
                    try:
                        workbook.read_tables(content, year=year)
                    except DomainError as english:
                        raise _refuse(f"{chinese.message} / {english.message}") from english
                raise _refuse(chinese.message) from chinese
        return {"table3": tables.table3, "table4": tables.table4}

    def _year_and_bureau(self, options: dict[str, Any]) -> tuple[int, Bureau]:
        try:
            year = int(options["year"])
        except ValueError as error:
            raise _refuse(f"年份应为四位数字 / the year is YYYY: {options['year']!r}") from error
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise _refuse(
                f"年份应在 {FIRST_YEAR}–{LAST_YEAR} 之间 / the year is {FIRST_YEAR}–{LAST_YEAR}"
            )
        codes = list(Bureau.objects.order_by("code").values_list("code", flat=True))
        code = options["bureau"].strip()
        if not code:
            if len(codes) != 1:
                raise _refuse(
                    "请用 --bureau 指明机关，现有代码 / name the bureau with --bureau, codes: "
                    + (", ".join(codes) or "—")
                )
            code = codes[0]
        bureau = Bureau.objects.filter(code=code).first()
        if bureau is None:
            raise _refuse(
                f"没有代码为 {code!r} 的机关，现有代码 / no bureau {code!r}, codes: "
                + (", ".join(codes) or "—")
            )
        return year, bureau
