"""State changes of the annual report (D-13)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.audit import services as audit
from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.org.models import Bureau
from zhengwu.reports import policy, selectors
from zhengwu.reports.models import ImportedYear

IMPORTED = "reports.year_imported"
MAX_CELL = 10_000_000


def _numbers(data: Any, keys: list[tuple[str, ...]], what: str) -> None:
    for path in keys:
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if type(value) is not int or not 0 <= value <= MAX_CELL:
            raise DomainError(
                _("%(table)s: %(cell)s must be a whole number from 0 to %(max)d.")
                % {"table": what, "cell": "/".join(path), "max": MAX_CELL},
                code="cell",
            )


@transaction.atomic
def import_year(
    *,
    by: Any,
    bureau: Bureau,
    year: int,
    table3: dict[str, dict[str, int]],
    table4: dict[str, int],
    note: str = "",
) -> ImportedYear:
    """Tables 3 and 4 of a year the system did not record, as published, checked by the format's
    invariants. From then on they are that year's figures, and the next year's carry-over (二) is
    checked against their 四."""
    if by is not None and not by.has_perm("reports.import_year", bureau):
        raise PermissionDenied()
    if ImportedYear.objects.filter(bureau=bureau, year=year).exists():
        raise DomainError(_("The report of this year is already imported."), code="once")
    _numbers(table3, [(r, c) for r in policy.ROWS for c in policy.COLUMNS], _("Table 3"))
    _numbers(table4, [(k,) for k in policy.TABLE4_KEYS], _("Table 4"))
    table3 = {r: {c: table3[r][c] for c in policy.COLUMNS} for r in policy.ROWS}
    table4 = {k: table4[k] for k in policy.TABLE4_KEYS}
    broken = selectors.check_counts(table3, table4)
    if broken:
        raise DomainError(
            _("The tables do not add up: %(list)s")
            % {"list": "; ".join(v.describe() for v in broken)},
            code="invariant",
        )
    imported = ImportedYear.objects.create(
        bureau=bureau,
        year=year,
        table3=table3,
        table4=table4,
        note=note.strip()[:300],
        imported_by=by,
        imported_at=clock.now(),
    )
    audit.record(
        actor=by, action=IMPORTED, obj=imported, after={"year": year, "note": imported.note}
    )
    return imported
