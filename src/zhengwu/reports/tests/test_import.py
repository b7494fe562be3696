"""A year kept outside the system, imported as published (D-13): its tables are that year's
figures and the next year's carry-over is checked against them (R-10)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from zhengwu.applications.tests.helpers import received
from zhengwu.core.errors import DomainError
from zhengwu.reports import policy, selectors, services

D = dt.date


def published_2025() -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    table3 = {row: dict.fromkeys(policy.COLUMNS, 0) for row in policy.ROWS}
    for row, n in (("1", 3), ("3.1", 1), ("3.3", 1), ("3.3.6", 1), ("3.7", 2), ("4", 1)):
        table3[row]["natural_person"] = table3[row]["total"] = n
    table4 = dict.fromkeys(policy.TABLE4_KEYS, 0)
    table4["review.upheld"] = table4["review.total"] = 1
    return table3, table4


def test_D13_imported_year_is_that_years_report_and_next_carry_over_is_checked(ac) -> None:
    table3, table4 = published_2025()
    services.import_year(
        by=ac.officer, bureau=ac.bureau, year=2025, table3=table3, table4=table4, note="2025年报"
    )
    figures = selectors.annual_figures(bureau=ac.bureau, year=2025)
    assert figures.table3 == table3 and figures.table4 == table4
    assert selectors.check(figures) == []
    # 2026 without the application carried over from 2025: the carry-over does not match.
    broken = selectors.check(selectors.annual_figures(bureau=ac.bureau, year=2026))
    assert {(v.rule, v.where, v.left, v.right) for v in broken} == {
        ("2(N)=4(N-1)", "natural_person", 0, 1),
        ("2(N)=4(N-1)", "total", 0, 1),
    }
    # Entered with its receipt date in 2025, it is carried into 2026 and the check passes.
    received(ac, D(2025, 12, 29))
    figures = selectors.annual_figures(bureau=ac.bureau, year=2026)
    assert figures.table3["2"]["natural_person"] == 1 and figures.table3["4"]["total"] == 1
    assert selectors.check(figures) == []
    out = io.StringIO()
    call_command("report", "annual", "--bureau", ac.bureau.code, "--year", "2025", stdout=out)
    assert json.loads(out.getvalue())["table3"]["3.3.6"]["natural_person"] == 1


def test_R10_an_import_that_does_not_add_up_is_refused(ac) -> None:
    table3, table4 = published_2025()
    table3["4"]["natural_person"] = table3["4"]["total"] = 2
    with pytest.raises(DomainError) as error:
        services.import_year(
            by=ac.officer, bureau=ac.bureau, year=2025, table3=table3, table4=table4
        )
    assert "1+2=3.7+4" in error.value.message
    table3, table4 = published_2025()
    table4["review.total"] = 2
    with pytest.raises(DomainError, match="table4"):
        services.import_year(
            by=ac.officer, bureau=ac.bureau, year=2025, table3=table3, table4=table4
        )
    table3, table4 = published_2025()
    table3["3.1"]["research"] = "x"  # type: ignore[assignment]
    with pytest.raises(DomainError, match=r"3\.1/research"):
        services.import_year(
            by=ac.officer, bureau=ac.bureau, year=2025, table3=table3, table4=table4
        )
    del table3["3.1"]
    with pytest.raises(DomainError, match=r"3\.1/natural_person"):
        services.import_year(
            by=ac.officer, bureau=ac.bureau, year=2025, table3=table3, table4=table4
        )
    assert not selectors.ImportedYear.objects.exists()


def test_D13_import_once_and_only_by_the_bureaus_disclosure_office(ac) -> None:
    table3, table4 = published_2025()
    with pytest.raises(DomainError):
        services.import_year(
            by=ac.other_officer, bureau=ac.bureau, year=2025, table3=table3, table4=table4
        )
    services.import_year(by=ac.officer, bureau=ac.bureau, year=2025, table3=table3, table4=table4)
    with pytest.raises(DomainError):
        services.import_year(
            by=ac.officer, bureau=ac.bureau, year=2025, table3=table3, table4=table4
        )


def test_R10_command_imports_a_published_year_and_refuses_a_bad_file(ac, tmp_path) -> None:
    from django.core.management import CommandError

    table3, table4 = published_2025()
    good = tmp_path / "2025.json"
    good.write_text(json.dumps({"table3": table3, "table4": table4}), encoding="utf-8")
    bad = tmp_path / "bad.json"
    table3["1"]["total"] = 4
    bad.write_text(json.dumps({"table3": table3, "table4": table4}), encoding="utf-8")
    for path in (bad, tmp_path / "missing.json"):
        with pytest.raises(CommandError) as error:
            call_command(
                "report", "import", "--bureau", "TEST-HB", "--year", "2025", "--file", str(path)
            )
        assert error.value.returncode == 2
    assert not selectors.ImportedYear.objects.exists()
    out = io.StringIO()
    call_command(
        "report", "import", "--bureau", "TEST-HB", "--year", "2025", "--file", str(good), stdout=out
    )
    assert "imported TEST-HB 2025" in out.getvalue()
    out = io.StringIO()
    call_command("report", "annual", "--bureau", "TEST-HB", "--year", "2025", stdout=out)
    assert json.loads(out.getvalue())["table4"]["review.upheld"] == 1
