"""Write side of the assessment: generating the export is recorded in the audit log (S-14)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhengwu.assessment import exports
from zhengwu.assessment.selectors import Period
from zhengwu.audit import services as audit
from zhengwu.core.errors import PermissionDenied


class Actions:
    EXPORTED = "assessment.exported"


@transaction.atomic
def export_assessment(*, by: Any, period: Period) -> bytes:
    """S-14: HR's annual assessment as .xlsx; who generated it for which year is an audit event."""
    if not by.has_perm("assessment.export_assessment"):
        raise PermissionDenied()
    content, summary = exports.assessment_workbook(by, period=period)
    audit.record(
        actor=by,
        action=Actions.EXPORTED,
        bureau_id=summary.bureau_id,
        object_type="assessment.year",
        object_id=str(period.year),
        object_repr=period.label,
        after={"year": period.year, "period": period.key, "undertakers": len(summary.rows)},
    )
    return content
