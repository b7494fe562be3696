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
    DISCLOSURE_EXPORTED = "assessment.disclosure_exported"


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


@transaction.atomic
def export_disclosure_assessment(*, by: Any, period: Period, bureau_id: Any = None) -> bytes:
    """D-12: the disclosure assessment as .xlsx; generating it is an audit event."""
    if not by.has_perm("assessment.export_disclosure_assessment"):
        raise PermissionDenied()
    content, summary = exports.disclosure_workbook(by, period=period, bureau_id=bureau_id)
    audit.record(
        actor=by,
        action=Actions.DISCLOSURE_EXPORTED,
        bureau_id=summary.bureau_id,
        object_type="assessment.disclosure_year",
        object_id=str(period.year),
        object_repr=period.label,
        after={"year": period.year, "period": period.key, "sections": len(summary.rows)},
    )
    return content
