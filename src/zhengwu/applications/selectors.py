"""Reading applications: the staff lists (bureau-scoped), the applicant's view, masking."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from zhengwu.applications import policy
from zhengwu.applications.models import (
    Application,
    CorrectionRequest,
    CorrectionStatus,
    Document,
    Filing,
    RemedyCase,
    Status,
    TimelineEntry,
)
from zhengwu.org.models import Role, UnitFunction
from zhengwu.org.selectors import bureaus_for, holders, mask_id_number, mask_phone


def office_people(bureau_id: int) -> list[Any]:
    """Who hears of new applications and of their deadlines: the disclosure officers and the
    head of the disclosure office."""
    people = list(holders(Role.DISCLOSURE_OFFICER, bureau_id=bureau_id))
    heads = holders(Role.SECTION_HEAD, bureau_id=bureau_id).filter(
        unit__function__in=[UnitFunction.DISCLOSURE, UnitFunction.OFFICE]
    )
    return people + [p for p in heads if p not in people]


def applications_for(person: Any, *, status: str = "", q: str = "") -> QuerySet[Application]:
    """The applications of the bureaus the person works for (for now: their bureau)."""
    qs = Application.objects.filter(bureau_id__in=bureaus_for(person)).select_related(
        "handler", "bureau"
    )
    if status in Status.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(tracking_number__icontains=q) | Q(description__icontains=q))
    return qs


def show_applicant_data(person: Any, application: Application) -> dict[str, str]:
    """Identity number and phone: in full only for the staff handling the application."""
    full = person.has_perm("applications.view_applicant_data", application)
    return {
        "id_number": application.id_number if full else mask_id_number(application.id_number),
        "phone": application.phone if full else mask_phone(application.phone),
        "email": application.email if full else _mask_email(application.email),
        "address": application.address if full else ("***" if application.address else ""),
        "credit_code": application.credit_code,
        "full": "1" if full else "",
    }


def _mask_email(value: str) -> str:
    if "@" not in value:
        return value and "***"
    user, _sep, host = value.partition("@")
    return f"{user[:1]}***@{host}"


# Longest tracking number (YSQ-YYYY-NNNNNN is 15) and secret the tracking lookup reads; anything
# longer is simply wrong (a secret is 16 characters; 64 leaves room for a longer kind).
TRACKING_NUMBER_LENGTH = 20
SECRET_LENGTH = 64


def by_tracking(tracking_number: str, secret: str) -> Application | None:
    """The applicant's view: both codes or nothing (a wrong secret looks like an unknown number)."""
    from zhengwu.applications.services import hash_secret, secret_matches

    application = (
        Application.objects.filter(tracking_number=tracking_number).first()
        if len(tracking_number) <= TRACKING_NUMBER_LENGTH and len(secret or "") <= SECRET_LENGTH
        else None
    )
    if application is None:
        hash_secret(secret or "")  # same work either way
        return None
    return application if secret_matches(application, secret) else None


def timeline_of(application: Application) -> list[TimelineEntry]:
    return list(application.timeline.all())


def sent_documents(application: Application) -> QuerySet[Document]:
    return application.documents.filter(sent=True)


def refusals(bureau_ids: set[int]) -> QuerySet[Application]:
    """D-11: refused applications, with their filing if any."""
    return (
        Application.objects.filter(bureau_id__in=bureau_ids, outcome__startswith="3.3")
        .select_related("filing")
        .order_by("-answered_on", "-pk")
    )


def filings(bureau_ids: set[int]) -> QuerySet[Filing]:
    return Filing.objects.filter(application__bureau_id__in=bureau_ids).select_related(
        "application"
    )


def cases(bureau_ids: set[int]) -> QuerySet[RemedyCase]:
    return RemedyCase.objects.filter(bureau_id__in=bureau_ids).select_related("application")


def released_to_several(bureau_ids: set[int], *, minimum: int = 2) -> list[dict[str, Any]]:
    """R-9: information items released to several applicants (candidates for proactive release)."""
    rows = (
        Application.objects.filter(
            bureau_id__in=bureau_ids, outcome__in=["3.1", "3.2"], items__isnull=False
        )
        .values("items", "items__title")
        .annotate(n=Count("pk", distinct=True))
        .filter(n__gte=minimum)
        .order_by("-n")
    )
    return [{"item_id": r["items"], "title": r["items__title"], "count": r["n"]} for r in rows]


def outcome_choices() -> list[tuple[str, str]]:
    return [(o.key, f"{o.key} {o.label}") for o in policy.OUTCOMES]


# --- correction requests -------------------------------------------------------------------


def corrections_for(person: Any, *, status: str = "", q: str = "") -> QuerySet[CorrectionRequest]:
    """The correction requests of the bureaus the person works for."""
    qs = CorrectionRequest.objects.filter(bureau_id__in=bureaus_for(person)).select_related(
        "application", "bureau"
    )
    if status in CorrectionStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(record__icontains=q) | Q(application__tracking_number__icontains=q))
    return qs


def show_requester_data(person: Any, request: CorrectionRequest) -> dict[str, str]:
    """The requester's phone: in full only for the staff who handle correction requests."""
    full = person.has_perm("applications.view_correction_data", request)
    return {
        "phone": request.phone if full else mask_phone(request.phone),
        "full": "1" if full else "",
    }


def fee_assessment_of(application: Application) -> Any:
    """R-6: the recorded fee assessment of an application (a `services.FeeAssessment`), or None."""
    from zhengwu.applications.models import FeeNotice
    from zhengwu.applications.services import FeeAssessment

    if not application.fee_method or application.fee_quantity is None:
        return None
    notice = FeeNotice.objects.filter(application=application).first()
    return FeeAssessment(
        method=application.fee_method,
        quantity=application.fee_quantity,
        month_items=application.fee_month_items,
        amount=notice.amount if notice else 0,
        notice=notice,
    )
