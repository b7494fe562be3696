"""State changes of applications for disclosure. Each is atomic, guarded and audited.

The answer clock is one `workdays.Deadline` per application (rule R-3), moved only through
`workdays.services`: opened on the receipt date (R-2), paused by a supplement request (R-4), a
consultation (R-5) or a fee notice (R-6), restarted on receipt of the supplement (R-4), extended
once (R-3), met by the answer (R-7).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

import filetype
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhengwu.applications import policy
from zhengwu.applications.clock import fee_for_items, fee_for_pages
from zhengwu.applications.identity import credit_code_valid, resident_id_valid
from zhengwu.applications.models import (
    ApplicantCategory,
    ApplicantKind,
    Application,
    CaseKind,
    CaseOutcome,
    Channel,
    ConfirmationMethod,
    Consultation,
    ConsultationKind,
    CorrectionRequest,
    CorrectionStatus,
    Delivery,
    Document,
    DocumentKind,
    FeeMethod,
    FeeNotice,
    Filing,
    IdType,
    InfoForm,
    RemedyCase,
    Status,
    SupplementRequest,
    TimelineEntry,
    TrackingCounter,
)
from zhengwu.audit import services as audit
from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.notifications.services import notify
from zhengwu.org.models import Bureau
from zhengwu.workdays import services as workdays
from zhengwu.workdays.models import Deadline, DeadlineStatus
from zhengwu.workdays.selectors import compute

OWNER_TYPE = "applications.application"
CORRECTION_OWNER_TYPE = "applications.correctionrequest"
# Receipt dates the system accepts (a slip such as 0226 is refused, not stored).
EARLIEST_DATE = dt.date(2008, 5, 1)  # 条例 in force since 1 May 2008


class Actions:
    SUBMITTED = "applications.submitted"
    RECEIPT_CONFIRMED = "applications.receipt_confirmed"
    HANDLER_ASSIGNED = "applications.handler_assigned"
    SUPPLEMENT_ASKED = "applications.supplement_asked"
    SUPPLEMENT_RECEIVED = "applications.supplement_received"
    CONSULTATION_SENT = "applications.consultation_sent"
    CONSULTATION_ANSWERED = "applications.consultation_answered"
    FEE_ASSESSED = "applications.fee_assessed"
    FEE_NOTIFIED = "applications.fee_notified"
    FEE_PAID = "applications.fee_paid"
    EXTENDED = "applications.extended"
    ANSWERED = "applications.answered"
    CLOSED = "applications.closed"
    DELIVERED = "applications.delivered"
    DOCUMENT_ADDED = "applications.document_added"
    FILED = "applications.refusal_filed"
    CASE_OPENED = "applications.case_opened"
    CASE_CONCLUDED = "applications.case_concluded"
    CORRECTION_RECEIVED = "applications.correction_received"
    CORRECTION_ANSWERED = "applications.correction_answered"
    MOVED_TO_PROACTIVE = "applications.moved_to_proactive"
    REDACTED = "applications.redacted"


# --- helpers ---------------------------------------------------------------------------------


def _snap(application: Application) -> dict[str, Any]:
    return audit.snapshot(
        application,
        [
            "tracking_number",
            "status",
            "channel",
            "received_on",
            "outcome",
            "answered_on",
            "handler",
        ],
    )


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _require(application: Application, *statuses: str) -> None:
    if application.status not in statuses:
        raise DomainError(
            _("This step is not possible while the application is “%(status)s”.")
            % {"status": application.get_status_display()},
            code="status",
        )


def _check_perm(by: Any, perm: str, obj: Any) -> None:
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied()


def _check_date(day: dt.date | None, what: str) -> dt.date:
    if day is None:
        raise DomainError(_("The date %(what)s is required.") % {"what": what}, code="date")
    if day < EARLIEST_DATE or day > clock.today():
        raise DomainError(
            _("The date %(what)s must lie between 1 May 2008 and today.") % {"what": what},
            code="date",
        )
    return day


def _text(value: str, limit: int, what: str, *, required: bool = False) -> str:
    value = (
        " ".join((value or "").replace("\x00", "").split())
        if limit <= 300
        else ((value or "").replace("\x00", "").strip())
    )
    if required and not value:
        raise DomainError(_("%(what)s is required.") % {"what": what}, code="required")
    if len(value) > limit:
        raise DomainError(
            _("%(what)s has at most %(n)d characters.") % {"what": what, "n": limit},
            code="too_long",
        )
    return value


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(application: Application, secret: str) -> bool:
    return hmac.compare_digest(application.secret_hash, hash_secret(secret or ""))


def answer_deadline(application: Application) -> Deadline | None:
    return (
        Deadline.objects.filter(
            owner_type=OWNER_TYPE, owner_id=str(application.pk), rule_id=policy.ANSWER_RULE
        )
        .select_related("time_limit")
        .order_by("-pk")
        .first()
    )


def _step(
    application: Application, kind: str, on: dt.date, text: str, *, tell: bool = True
) -> None:
    """A timeline entry the applicant sees, and (after commit) an SMS / e-mail to the applicant."""
    TimelineEntry.objects.create(
        application=application, kind=kind, on=on, text=text[:500], at=clock.now()
    )
    if tell:
        from zhengwu.applications.jobs import tell_applicant

        pk = application.pk
        # robust: the step is committed whatever happens to the message on its way out
        transaction.on_commit(lambda: tell_applicant(pk, text[:300]), robust=True)


def _save(
    application: Application, by: Any, action: str, before: dict[str, Any], **extra: Any
) -> None:
    application.updated_at = clock.now()
    application.save()
    b, a = audit.changed(before, _snap(application))
    audit.record(actor=by, action=action, obj=application, before=b, after={**a, **extra})


def next_tracking_number(*, year: int) -> str:
    """YSQ-YYYY-NNNNNN: the counter row of the year is locked, so numbers never repeat."""
    try:
        with transaction.atomic():
            TrackingCounter.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # another request created the row at the same moment
    counter = TrackingCounter.objects.select_for_update().get(year=year)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return f"YSQ-{year}-{counter.last_serial:06d}"


def _kind_of_scan(data: bytes) -> tuple[str, str]:
    guess = filetype.guess(data)
    if guess is None or guess.mime not in policy.SCAN_TYPES:
        raise DomainError(_("The scan must be a PDF, JPEG or PNG file."), code="file")
    return guess.mime, policy.SCAN_TYPES[guess.mime]


# --- intake (R-1, R-2) -----------------------------------------------------------------------


CHANNELS_RECEIVED_ON_HANDING_IN = (Channel.IN_PERSON, Channel.REGISTERED_POST)


@transaction.atomic
def submit_application(
    *,
    by: Any,
    bureau: Bureau,
    channel: str,
    applicant_kind: str,
    applicant_category: str = "",
    name: str,
    id_type: str,
    id_number: str,
    phone: str,
    description: str,
    form: str,
    delivery: str,
    email: str = "",
    address: str = "",
    postcode: str = "",
    legal_representative: str = "",
    credit_code: str = "",
    info_title: str = "",
    info_document_number: str = "",
    purpose: str = "",
    handed_in_on: dt.date | None = None,
    scan: UploadedFile | None = None,
    source_hash: str = "",
) -> tuple[Application, str]:
    """R-1: record an application; returns it with the applicant's secret (shown once).

    R-2: in person the receipt date is the day handed in, by registered post the day signed for
    (`handed_in_on`); online, by ordinary letter or fax it is set when staff confirm with the
    applicant (`confirm_receipt`).
    """
    # Staff enter applications of any channel (the API takes "online" too) only with the
    # permission; the public (by=None) applies online without one.
    _check_perm(by, "applications.enter_application", bureau)
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel."), code="channel")
    if applicant_kind not in ApplicantKind.values:
        raise DomainError(_("Choose the kind of applicant."), code="applicant_kind")
    if applicant_kind == ApplicantKind.NATURAL_PERSON:
        applicant_category = ApplicantCategory.NATURAL_PERSON
    elif applicant_category not in ApplicantCategory.values or (
        applicant_category == ApplicantCategory.NATURAL_PERSON
    ):
        raise DomainError(_("Choose the kind of organisation."), code="applicant_category")
    name = _text(name, 100, _("The name"), required=True)
    legal_representative = _text(legal_representative, 50, _("The legal representative"))
    credit_code = _text(credit_code, 18, _("The unified social credit code")).upper()
    if applicant_kind == ApplicantKind.ORGANISATION:
        if not legal_representative:
            raise DomainError(_("Name the legal representative."), code="legal_representative")
        if not credit_code_valid(credit_code):
            raise DomainError(
                _("The unified social credit code is not valid (its check character is wrong)."),
                code="credit_code",
            )
    if id_type not in IdType.values:
        raise DomainError(_("Choose the identity document."), code="id_type")
    id_number = _text(id_number, 30, _("The document number"), required=True).upper()
    if id_type == IdType.RESIDENT_ID and not resident_id_valid(id_number):
        raise DomainError(
            _("The resident identity number is not valid (its check digit does not match)."),
            code="id_number",
        )
    phone = _text(phone, 20, _("The phone number"), required=True)
    if not all(c.isdigit() or c in "+- " for c in phone) or sum(c.isdigit() for c in phone) < 7:
        raise DomainError(_("The phone number is not valid."), code="phone")
    email = _text(email, 100, _("The e-mail address"))
    if email and ("@" not in email or " " in email):
        raise DomainError(_("The e-mail address is not valid."), code="email")
    address = _text(address, 200, _("The postal address"))
    postcode = _text(postcode, 10, _("The postcode"))
    description = _text(description, 2000, _("The description"), required=True)
    info_title = _text(info_title, 200, _("The title"))
    info_document_number = _text(info_document_number, 100, _("The document number"))
    purpose = _text(purpose, 200, _("The purpose"))
    if form not in InfoForm.values:
        raise DomainError(_("Choose the form of the information."), code="form")
    if delivery not in Delivery.values:
        raise DomainError(_("Choose the way of delivery."), code="delivery")
    if delivery == Delivery.EMAIL and not email:
        raise DomainError(_("Give an e-mail address for delivery by e-mail."), code="email")
    if delivery == Delivery.POST and not address:
        raise DomainError(_("Give a postal address for delivery by post."), code="address")
    received_on = None
    if channel in CHANNELS_RECEIVED_ON_HANDING_IN:
        handed_in_on = _check_date(handed_in_on, _("handed in / signed for"))
        received_on = handed_in_on
    elif handed_in_on is not None:
        handed_in_on = _check_date(handed_in_on, _("handed in"))
    scan_data = None
    if scan is not None:
        if scan.size is None or scan.size > policy.MAX_SCAN_BYTES or scan.size == 0:
            raise DomainError(
                _("The scan may be at most %(mb)d MB.") % {"mb": policy.MAX_SCAN_BYTES // 2**20},
                code="size",
            )
        scan_data = scan.read()
        _mime, scan_kind = _kind_of_scan(scan_data)
    now = clock.now()
    secret = secrets.token_urlsafe(12)
    application = Application(
        bureau=bureau,
        tracking_number=next_tracking_number(year=clock.today().year),
        secret_hash=hash_secret(secret),
        source_hash=source_hash[:64],
        channel=channel,
        applicant_kind=applicant_kind,
        applicant_category=applicant_category,
        name=name,
        legal_representative=legal_representative,
        credit_code=credit_code,
        id_type=id_type,
        id_number=id_number,
        phone=phone,
        email=email,
        address=address,
        postcode=postcode,
        info_title=info_title,
        info_document_number=info_document_number,
        description=description,
        purpose=purpose,
        form=form,
        delivery=delivery,
        submitted_at=now,
        handed_in_on=handed_in_on,
        received_on=received_on,
        status=Status.HANDLING if received_on else Status.SUBMITTED,
        created_at=now,
        updated_at=now,
    )
    if scan_data is not None:
        application.id_scan.save(f"id.{scan_kind}", ContentFile(scan_data), save=False)
    application.save()
    audit.record(actor=by, action=Actions.SUBMITTED, obj=application, after=_snap(application))
    _step(
        application,
        "submitted",
        clock.today(),
        _("Application %(number)s registered.") % {"number": application.tracking_number},
        tell=False,
    )
    if received_on:
        _open_clock(application, by)
    # In the same transaction as the application (the deliveries are outbox rows): a database that
    # fails after the commit can no longer turn a stored application into an error answer.
    _tell_office(application.pk)
    return application, secret


def _tell_office(pk: int) -> None:
    from zhengwu.applications.selectors import office_people

    with transaction.atomic():
        application = Application.objects.get(pk=pk)
        notify(
            recipients=office_people(application.bureau_id),
            kind="applications.new",
            title=_("New application %(number)s") % {"number": application.tracking_number},
            url=f"/staff/applications/{pk}/",
            obj=application,
        )


def _open_clock(application: Application, by: Any) -> Deadline:
    """R-3: 20 working days from the receipt date (a day off counts as the next working day)."""
    deadline = workdays.open_deadline(
        by=by, owner=application, rule_id=policy.ANSWER_RULE, start=application.received_on
    )
    _step(
        application,
        "received",
        application.received_on,
        _("Received on %(day)s; the answer is due by %(due)s.")
        % {"day": application.received_on.isoformat(), "due": deadline.due_date.isoformat()},
    )
    return deadline


@transaction.atomic
def confirm_receipt(
    *, by: Any, application: Application, confirmed_on: dt.date, method: str
) -> Application:
    """R-2: online, ordinary letter and fax applications count as received on the day staff
    confirm with the applicant; the confirmation and how it was made are recorded."""
    _check_perm(by, "applications.handle_application", application)
    application = _locked(application)
    _require(application, Status.SUBMITTED)
    if method not in ConfirmationMethod.values:
        raise DomainError(_("Say how receipt was confirmed."), code="method")
    confirmed_on = _check_date(confirmed_on, _("of confirmation"))
    if confirmed_on < clock.local(application.submitted_at).date():
        raise DomainError(
            _("Receipt cannot be confirmed before the application came in."), code="date"
        )
    before = _snap(application)
    application.confirmed_on = confirmed_on
    application.confirmation_method = method
    application.received_on = confirmed_on
    application.status = Status.HANDLING
    if application.handler_id is None and by is not None:
        application.handler = by
    _save(application, by, Actions.RECEIPT_CONFIRMED, before, method=method)
    _open_clock(application, by)
    return application


@transaction.atomic
def assign_handler(*, by: Any, application: Application, handler: Any) -> Application:
    _check_perm(by, "applications.handle_application", application)
    application = _locked(application)
    if not handler.has_perm("applications.handle_application", application):
        raise DomainError(
            _("This person cannot handle applications of the bureau."), code="handler"
        )
    before = _snap(application)
    application.handler = handler
    _save(application, by, Actions.HANDLER_ASSIGNED, before)
    return application


def _clock(application: Application) -> Deadline:
    deadline = answer_deadline(application)
    if deadline is None or not deadline.is_open:
        raise DomainError(_("The answer period is not running."), code="clock")
    return deadline


def _pause(application: Application, by: Any, on: dt.date) -> None:
    deadline = _clock(application)
    if deadline.status == DeadlineStatus.OPEN:
        if on < deadline.start_date:
            raise DomainError(_("The clock cannot pause before it started."), code="date")
        workdays.pause_deadline(by=by, deadline=deadline, on=on)


def _resume_if_nothing_pending(application: Application, by: Any, on: dt.date) -> None:
    pending = application.consultations.filter(answered_on__isnull=True).exists() or (
        FeeNotice.objects.filter(application=application, paid_on__isnull=True).exists()
    )
    deadline = _clock(application)
    if pending or deadline.status != DeadlineStatus.PAUSED:
        return
    workdays.resume_deadline(by=by, deadline=deadline, on=on)
    application.status = Status.HANDLING


# --- supplement -------------------------------------------------------------------------


@transaction.atomic
def ask_supplement(
    *, by: Any, application: Application, asked_on: dt.date, what: str
) -> SupplementRequest:
    """R-4: once, within 7 working days of receipt; the clock stops until the supplement."""
    _check_perm(by, "applications.handle_application", application)
    application = _locked(application)
    _require(application, Status.HANDLING)
    if SupplementRequest.objects.filter(application=application).exists():
        raise DomainError(_("A supplement can be asked for only once."), code="once")
    asked_on = _check_date(asked_on, _("of the request"))
    latest = compute(policy.SUPPLEMENT_RULE, application.received_on).due_date
    if asked_on < application.received_on or asked_on > latest:
        raise DomainError(
            _("A supplement request goes out between receipt and %(latest)s.")
            % {"latest": latest.isoformat()},
            code="late",
        )
    what = _text(what, 2000, _("What is to be supplemented"), required=True)
    reply_by = compute(policy.SUPPLEMENT_REPLY_RULE, asked_on).due_date
    request = SupplementRequest.objects.create(
        application=application, asked_on=asked_on, what=what, reply_by=reply_by
    )
    before = _snap(application)
    _pause(application, by, asked_on)
    application.status = Status.SUPPLEMENT
    _save(application, by, Actions.SUPPLEMENT_ASKED, before, reply_by=reply_by)
    _step(
        application,
        "supplement_asked",
        asked_on,
        _("Please supplement your application by %(day)s: %(what)s")
        % {"day": reply_by.isoformat(), "what": what},
    )
    return request


@transaction.atomic
def receive_supplement(
    *, by: Any, application: Application, received_on: dt.date, content: str = ""
) -> Application:
    """R-4: the answer period restarts from the day the supplement arrives."""
    _check_perm(by, "applications.handle_application", application)
    application = _locked(application)
    _require(application, Status.SUPPLEMENT)
    request = application.supplement
    received_on = _check_date(received_on, _("of the supplement"))
    if received_on < request.asked_on:
        raise DomainError(_("The supplement cannot arrive before it was asked for."), code="date")
    request.received_on = received_on
    request.content = _text(content, 2000, _("The supplement"))
    request.save()
    deadline = workdays.restart_deadline(by=by, deadline=_clock(application), start=received_on)
    before = _snap(application)
    application.status = Status.HANDLING
    _save(application, by, Actions.SUPPLEMENT_RECEIVED, before)
    _step(
        application,
        "supplement_received",
        received_on,
        _("Supplement received on %(day)s; the answer is now due by %(due)s.")
        % {"day": received_on.isoformat(), "due": deadline.due_date.isoformat()},
    )
    return application


# --- consultation -----------------------------------------------------------------------


@transaction.atomic
def start_consultation(
    *, by: Any, application: Application, kind: str, party: str, sent_on: dt.date
) -> Consultation:
    """R-5: the third party or agency has 15 working days; the answer clock pauses meanwhile."""
    _check_perm(by, "applications.handle_application", application)
    application = _locked(application)
    _require(application, Status.HANDLING, Status.CONSULTATION)
    if kind not in ConsultationKind.values:
        raise DomainError(_("Choose whom you consult."), code="kind")
    party = _text(party, 200, _("The party consulted"), required=True)
    sent_on = _check_date(sent_on, _("of the consultation"))
    consultation = Consultation.objects.create(
        application=application,
        kind=kind,
        party=party,
        sent_on=sent_on,
        answer_by=compute(policy.CONSULTATION_RULE, sent_on).due_date,
    )
    before = _snap(application)
    _pause(application, by, sent_on)
    application.status = Status.CONSULTATION
    _save(application, by, Actions.CONSULTATION_SENT, before, consultation=consultation.pk)
    _step(
        application,
        "consultation",
        sent_on,
        _("A third party or another agency is consulted; the time this takes does not count."),
    )
    return consultation


@transaction.atomic
def record_consultation_answer(
    *, by: Any, consultation: Consultation, answered_on: dt.date, opinion: str = ""
) -> Consultation:
    """R-5: the opinion arrived (or the 15 days ran out): the clock runs again from that day."""
    application = _locked(consultation.application)
    _check_perm(by, "applications.handle_application", application)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.answered_on is not None:
        raise DomainError(_("This consultation is already answered."), code="answered")
    answered_on = _check_date(answered_on, _("of the opinion"))
    if answered_on < consultation.sent_on:
        raise DomainError(_("An opinion cannot arrive before it was asked for."), code="date")
    consultation.answered_on = answered_on
    consultation.opinion = _text(opinion, 2000, _("The opinion"))
    consultation.save()
    before = _snap(application)
    _resume_if_nothing_pending(application, by, answered_on)
    _save(application, by, Actions.CONSULTATION_ANSWERED, before, consultation=consultation.pk)
    deadline = answer_deadline(application)
    _step(
        application,
        "consultation_answered",
        answered_on,
        _("The consultation ended; the answer is due by %(due)s.")
        % {"due": deadline.due_date.isoformat()},
    )
    return consultation


# --- processing fee ---------------------------------------------------------------------


def _fee_month(application: Application) -> dt.date:
    """The calendar month an application counts in: the month of its receipt (R-2)."""
    return application.received_on or clock.local(application.submitted_at).date()


def same_applicant_in_month(application: Application) -> Any:
    """Applications of the same applicant received by the same bureau in the same calendar month
    (this one included): the same unified social credit code for an organisation, the same
    identity document number for a natural person (R-6, 国办函〔2020〕109号)."""
    month = _fee_month(application)
    rows = Application.objects.filter(
        bureau_id=application.bureau_id,
        received_on__year=month.year,
        received_on__month=month.month,
    )
    if application.applicant_kind == ApplicantKind.ORGANISATION:
        return rows.filter(
            applicant_kind=ApplicantKind.ORGANISATION, credit_code=application.credit_code
        )
    return rows.filter(applicant_kind=ApplicantKind.NATURAL_PERSON, id_number=application.id_number)


def items_used_in_month(application: Application) -> int:
    """Items of the applicant's other applications of the month already assessed per item — free
    or charged: this application's items are priced after them."""
    return sum(
        same_applicant_in_month(application)
        .filter(fee_method=FeeMethod.ITEMS)
        .exclude(pk=application.pk)
        .values_list("fee_quantity", flat=True)
    )


@dataclass(frozen=True)
class FeeAssessment:
    """R-6: what staff assessed — the count, the applicant's items of the month, the fee."""

    method: str
    quantity: int
    month_items: int | None  # per item: the month's items up to and including these
    amount: int
    notice: FeeNotice | None  # None: within the free allowance, no notice

    @property
    def summary(self) -> str:
        if self.method == FeeMethod.ITEMS and self.month_items is not None:
            head = _("%(n)d items this month in all") % {"n": self.month_items}
        elif self.method == FeeMethod.ITEMS:
            head = _("%(n)d items") % {"n": self.quantity}
        else:
            head = _("%(n)d pages") % {"n": self.quantity}
        if self.notice is None:
            return _("%(head)s; no fee this time.") % {"head": head}
        return _("%(head)s; a fee of %(amount)d yuan, to be paid by %(day)s.") % {
            "head": head,
            "amount": self.amount,
            "day": self.notice.pay_by.isoformat(),
        }


def fee_pay_by(notified_on: dt.date) -> dt.date:
    """R-6: the last day to pay — the 20th working day after the notice's date, whatever day
    that is (a notice dated on a day off gives no extra day)."""
    return compute(policy.FEE_RULE, notified_on).due_date


@transaction.atomic
def assess_fee(
    *, by: Any, application: Application, method: str, quantity: int, on: dt.date
) -> FeeAssessment:
    """R-6: record the number of items (or pages) of an application, one method only.

    Per item the applicant's items of the calendar month of receipt count together, free or not:
    this application pays only for its items beyond those its earlier applications of the month
    used, each priced by its band. Within the free allowance only the count is kept; otherwise
    the fee notice goes out and the answer clock pauses until payment.
    """
    _check_perm(by, "applications.handle_application", application)
    application = Application.objects.get(pk=application.pk)
    # The applicant's applications of the month are locked together, in one order, so that two
    # assessments of the same applicant never count the same free items twice.
    locked = {
        a.pk: a for a in same_applicant_in_month(application).select_for_update().order_by("pk")
    }
    application = locked.get(application.pk) or _locked(application)
    _require(application, Status.HANDLING)
    if application.fee_method or FeeNotice.objects.filter(application=application).exists():
        raise DomainError(_("The fee of this application was already assessed."), code="once")
    if method not in FeeMethod.values:
        raise DomainError(_("Charge per item or per page, never both."), code="method")
    if isinstance(quantity, bool) or not 1 <= quantity <= 100_000:
        raise DomainError(_("The number of items or pages is 1 to 100000."), code="quantity")
    on = _check_date(on, _("of the fee notice"))
    month_items = None
    if method == FeeMethod.ITEMS:
        before = sum(
            a.fee_quantity or 0
            for pk, a in locked.items()
            if pk != application.pk and a.fee_method == FeeMethod.ITEMS
        )
        amount = fee_for_items(quantity, already=before)
        month_items = before + quantity
    else:
        amount = fee_for_pages(quantity)
    snapshot = _snap(application)
    application.fee_method = method
    application.fee_quantity = quantity
    application.fee_month_items = month_items
    application.fee_assessed_on = on
    notice = None
    if amount:
        notice = FeeNotice.objects.create(
            application=application,
            method=method,
            quantity=quantity,
            amount=amount,
            notified_on=on,
            pay_by=fee_pay_by(on),
        )
        _pause(application, by, on)
        application.status = Status.FEE
    _save(
        application,
        by,
        Actions.FEE_NOTIFIED if notice else Actions.FEE_ASSESSED,
        snapshot,
        amount=amount,
        method=method,
        quantity=quantity,
        month_items=month_items,
    )
    if notice:
        _step(
            application,
            "fee",
            on,
            _("Processing fee of %(amount)d yuan; please pay by %(day)s.")
            % {"amount": amount, "day": notice.pay_by.isoformat()},
        )
    return FeeAssessment(
        method=method, quantity=quantity, month_items=month_items, amount=amount, notice=notice
    )


def send_fee_notice(
    *, by: Any, application: Application, method: str, quantity: int, notified_on: dt.date
) -> FeeNotice:
    """R-6: assess the fee where one is due and return its notice; within the free allowance
    nothing is stored (record the count with `assess_fee`)."""
    with transaction.atomic():
        result = assess_fee(
            by=by, application=application, method=method, quantity=quantity, on=notified_on
        )
        if result.notice is None:
            raise DomainError(_("Within the free allowance no fee is charged."), code="free")
    return result.notice


@transaction.atomic
def record_fee_paid(*, by: Any, application: Application, paid_on: dt.date) -> FeeNotice:
    _check_perm(by, "applications.handle_application", application)
    application = _locked(application)
    _require(application, Status.FEE)
    fee = FeeNotice.objects.select_for_update().get(application=application)
    paid_on = _check_date(paid_on, _("of payment"))
    if paid_on < fee.notified_on or paid_on > fee.pay_by:
        raise DomainError(
            _("Payment counts between the notice and %(day)s.") % {"day": fee.pay_by.isoformat()},
            code="date",
        )
    fee.paid_on = paid_on
    fee.save()
    before = _snap(application)
    _resume_if_nothing_pending(application, by, paid_on)
    application.status = Status.HANDLING
    _save(application, by, Actions.FEE_PAID, before)
    _step(
        application,
        "fee_paid",
        paid_on,
        _("Fee received; the answer is due by %(due)s.")
        % {"due": answer_deadline(application).due_date.isoformat()},
    )
    return fee


# --- extension --------------------------------------------------------------------------


@transaction.atomic
def extend(*, by: Any, application: Application, days: int, reason: str) -> Application:
    """R-3: one extension of at most 20 working days, approved by the head of the disclosure
    office, counted on from the current due date; the applicant is told."""
    _check_perm(by, "applications.approve_extension", application)
    application = _locked(application)
    _require(application, Status.HANDLING, Status.CONSULTATION, Status.FEE)
    reason = _text(reason, 300, _("The reason"), required=True)
    deadline = workdays.extend_deadline(by=by, deadline=_clock(application), workdays=days)
    before = _snap(application)
    application.extension_approved_by = by
    application.extension_reason = reason
    _save(application, by, Actions.EXTENDED, before, workdays=days, reason=reason)
    _step(
        application,
        "extended",
        clock.today(),
        _("The answer period is extended by %(n)d working days, to %(due)s: %(reason)s")
        % {"n": days, "due": deadline.due_date.isoformat(), "reason": reason},
    )
    return application


# --- the answer -------------------------------------------------------------------------


@transaction.atomic
def answer(
    *,
    by: Any,
    application: Application,
    outcome: str,
    answered_on: dt.date,
    answer_text: str = "",
    items: list[Any] | None = None,
) -> Application:
    """R-7: exactly one outcome of the national taxonomy, with its legal basis; R-12 reason for a
    refusal. The clock is met on the day answered; the answer letter is made at once."""
    _check_perm(by, "applications.handle_application", application)
    application = _locked(application)
    _require(application, Status.HANDLING)
    info = policy.OUTCOMES_BY_KEY.get(outcome)
    if info is None or outcome in (policy.NO_SUPPLEMENT_OUTCOME, policy.UNPAID_FEE_OUTCOME):
        raise DomainError(_("Choose one outcome of the national list."), code="outcome")
    if outcome == "3.4.3" and not hasattr(application, "supplement"):
        raise DomainError(
            _("“Still unclear after the supplement” needs a supplement request first."),
            code="outcome",
        )
    answered_on = _check_date(answered_on, _("of the answer"))
    if application.received_on and answered_on < application.received_on:
        raise DomainError(
            _("An application cannot be answered before it was received."), code="date"
        )
    answer_text = _text(answer_text, 5000, _("The answer"))
    items = list(items or [])
    for item in items:
        if item.bureau_id != application.bureau_id:
            raise DomainError(_("The information must be the bureau's."), code="items")
    deadline = _clock(application)
    if deadline.status == DeadlineStatus.PAUSED:
        raise DomainError(_("Finish the consultation or fee step first."), code="paused")
    workdays.meet_deadline(by=by, deadline=deadline, on=answered_on)
    before = _snap(application)
    application.outcome = outcome
    application.refusal_reason = info.withhold_reason
    application.answer_text = answer_text
    application.answered_on = answered_on
    application.status = Status.ANSWERED
    if application.handler_id is None:
        application.handler = by
    _save(application, by, Actions.ANSWERED, before, basis=info.basis)
    application.items.set(items)
    _make_letter(application)
    _step(
        application,
        "answered",
        answered_on,
        _("Answered: %(outcome)s. The answer letter can be downloaded.")
        % {"outcome": str(info.label)},
    )
    return application


@transaction.atomic
def close_unanswered(
    *, by: Any, application: Application, outcome: str, on: dt.date
) -> Application:
    """R-4 / R-6: no supplement, or no payment, in time → treated as withdrawn (（六）1 / 2)."""
    application = _locked(application)
    if outcome == policy.NO_SUPPLEMENT_OUTCOME:
        _require(application, Status.SUPPLEMENT)
        if on <= application.supplement.reply_by:
            raise DomainError(_("The supplement period has not yet run out."), code="early")
    elif outcome == policy.UNPAID_FEE_OUTCOME:
        _require(application, Status.FEE)
        if on <= application.fee.pay_by:
            raise DomainError(_("The payment period has not yet run out."), code="early")
    else:
        raise DomainError(_("Only an expired supplement or fee period closes this way."))
    deadline = answer_deadline(application)
    if deadline is not None and deadline.is_open:
        workdays.cancel_deadline(by=by, deadline=deadline)
    before = _snap(application)
    application.outcome = outcome
    application.answered_on = on
    application.status = Status.CLOSED
    _save(application, by, Actions.CLOSED, before)
    _make_letter(application)
    _step(
        application,
        "closed",
        on,
        _("Closed: %(outcome)s.") % {"outcome": str(policy.outcome(outcome).label)},
    )
    return application


def close_expired(*, today: dt.date | None = None) -> int:
    """Job: close applications whose supplement or fee period ran out (R-4, R-6)."""
    today = today or clock.today()
    closed = 0
    expired = [
        (s.application, policy.NO_SUPPLEMENT_OUTCOME)
        for s in SupplementRequest.objects.filter(
            received_on__isnull=True, reply_by__lt=today, application__status=Status.SUPPLEMENT
        ).select_related("application")
    ] + [
        (f.application, policy.UNPAID_FEE_OUTCOME)
        for f in FeeNotice.objects.filter(
            paid_on__isnull=True, pay_by__lt=today, application__status=Status.FEE
        ).select_related("application")
    ]
    for application, outcome in expired:
        try:
            close_unanswered(by=None, application=application, outcome=outcome, on=today)
            closed += 1
        except DomainError:
            continue  # changed meanwhile by staff: nothing to do
    return closed


def _make_letter(application: Application) -> Document:
    from zhengwu.applications.letters import answer_letter_docx

    data = answer_letter_docx(application)
    document = Document(
        application=application,
        kind=DocumentKind.LETTER,
        name=f"{application.tracking_number}-告知书.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        size=len(data),
        sent=True,
        created_at=clock.now(),
    )
    document.file.save(f"letter-{clock.now():%Y%m%d%H%M%S}.docx", ContentFile(data), save=False)
    document.save()
    return document


@transaction.atomic
def add_document(
    *, by: Any, application: Application, upload: UploadedFile, sent: bool = True
) -> Document:
    """A copy of the information provided; checked by content and size as attachments are."""
    from zhengwu.disclosure.services import _kind_of

    _check_perm(by, "applications.handle_application", application)
    if upload.size is None or upload.size == 0 or upload.size > policy.MAX_DOCUMENT_BYTES:
        raise DomainError(
            _("A file may be at most %(mb)d MB.") % {"mb": policy.MAX_DOCUMENT_BYTES // 2**20},
            code="size",
        )
    data = upload.read()
    mime, kind = _kind_of(data, upload.name or "")
    name = (upload.name or "").replace("\x00", "").rsplit("/", 1)[-1].strip()[
        :200
    ] or f"file.{kind}"
    document = Document(
        application=application,
        kind=DocumentKind.COPY,
        name=name,
        content_type=mime,
        size=len(data),
        sent=sent,
        created_at=clock.now(),
    )
    document.file.save(f"copy-{clock.now():%Y%m%d%H%M%S%f}.{kind}", ContentFile(data), save=False)
    document.save()
    audit.record(
        actor=by,
        action=Actions.DOCUMENT_ADDED,
        obj=application,
        after={"document": document.pk, "name": name, "type": mime, "sent": sent},
    )
    return document


@transaction.atomic
def record_delivery(*, by: Any, application: Application, way: str, on: dt.date) -> Application:
    """R-7: how and when the answer went out."""
    _check_perm(by, "applications.handle_application", application)
    application = _locked(application)
    _require(application, Status.ANSWERED, Status.CLOSED)
    if way not in Delivery.values:
        raise DomainError(_("Choose the way of delivery."), code="way")
    on = _check_date(on, _("of delivery"))
    if on < application.answered_on:
        raise DomainError(_("Delivery cannot precede the answer."), code="date")
    before = _snap(application)
    application.delivered_by = way
    application.delivered_on = on
    _save(application, by, Actions.DELIVERED, before, way=way, on=on)
    _step(
        application,
        "delivered",
        on,
        _("The answer was sent (%(way)s) on %(day)s.")
        % {"way": str(Delivery(way).label), "day": on.isoformat()},
    )
    return application


# --- follow-ups (D-11, D-14, R-8, R-9) -------------------------------------------------------


@transaction.atomic
def file_refusal(
    *, by: Any, application: Application, authority: str, filed_on: dt.date, reference: str = ""
) -> Filing:
    """D-11: a refused application is filed (备案) with the higher authority."""
    _check_perm(by, "applications.record_followup", application)
    application = _locked(application)
    if not application.outcome.startswith(policy.REFUSAL_GROUPS):
        raise DomainError(_("Only refusals are filed with the higher authority."), code="outcome")
    if Filing.objects.filter(application=application).exists():
        raise DomainError(_("This refusal is already filed."), code="once")
    filed_on = _check_date(filed_on, _("of filing"))
    filing = Filing.objects.create(
        application=application,
        by=by,
        filed_on=filed_on,
        authority=_text(authority, 200, _("The authority"), required=True),
        reference=_text(reference, 100, _("The reference")),
    )
    audit.record(
        actor=by,
        action=Actions.FILED,
        obj=application,
        after={"filing": filing.pk, "authority": filing.authority, "filed_on": filed_on},
    )
    return filing


@transaction.atomic
def open_case(
    *,
    by: Any,
    application: Application,
    kind: str,
    body: str,
    filed_on: dt.date,
    case_number: str = "",
) -> RemedyCase:
    """D-14: an administrative review or lawsuit about the application."""
    _check_perm(by, "applications.record_followup", application)
    if kind not in CaseKind.values:
        raise DomainError(_("Choose review or litigation."), code="kind")
    case = RemedyCase.objects.create(
        application=application,
        bureau_id=application.bureau_id,
        kind=kind,
        body=_text(body, 200, _("The review body or court"), required=True),
        case_number=_text(case_number, 100, _("The case number")),
        filed_on=_check_date(filed_on, _("of filing")),
    )
    audit.record(
        actor=by, action=Actions.CASE_OPENED, obj=application, after={"case": case.pk, "kind": kind}
    )
    return case


@transaction.atomic
def conclude_case(
    *, by: Any, case: RemedyCase, outcome: str, concluded_on: dt.date, note: str = ""
) -> RemedyCase:
    _check_perm(by, "applications.record_followup", case.application)
    case = RemedyCase.objects.select_for_update().get(pk=case.pk)
    if case.outcome != CaseOutcome.PENDING:
        raise DomainError(_("This case is already concluded."), code="closed")
    if outcome not in CaseOutcome.values or outcome == CaseOutcome.PENDING:
        raise DomainError(_("Choose maintained, corrected or other."), code="outcome")
    concluded_on = _check_date(concluded_on, _("of the decision"))
    if concluded_on < case.filed_on:
        raise DomainError(_("A case cannot end before it was filed."), code="date")
    case.outcome, case.concluded_on = outcome, concluded_on
    case.note = _text(note, 2000, _("The note"))
    case.save()
    audit.record(
        actor=by,
        action=Actions.CASE_CONCLUDED,
        obj=case.application,
        after={"case": case.pk, "outcome": outcome},
    )
    return case


def correction_deadline(request: CorrectionRequest) -> Deadline | None:
    """R-8: the answer clock of a correction request (the workdays engine's own)."""
    return (
        Deadline.objects.filter(
            owner_type=CORRECTION_OWNER_TYPE,
            owner_id=str(request.pk),
            rule_id=policy.CORRECTION_RULE,
        )
        .select_related("time_limit")
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def receive_correction(
    *,
    by: Any,
    bureau: Bureau,
    name: str,
    phone: str,
    record: str,
    correction: str,
    received_on: dt.date,
    application: Application | None = None,
) -> CorrectionRequest:
    """R-8: a request to correct records about oneself, with its own answer clock."""
    _check_perm(by, "applications.enter_application", bureau)
    if application is not None and application.bureau_id != bureau.pk:
        raise DomainError(_("The application must be the bureau's."), code="application")
    request = CorrectionRequest.objects.create(
        bureau=bureau,
        application=application,
        name=_text(name, 100, _("The name"), required=True),
        phone=_text(phone, 20, _("The phone number"), required=True),
        record=_text(record, 300, _("The record"), required=True),
        correction=_text(correction, 2000, _("The correction"), required=True),
        received_on=_check_date(received_on, _("of receipt")),
        created_at=clock.now(),
    )
    workdays.open_deadline(
        by=by,
        owner=request,
        rule_id=policy.CORRECTION_RULE,
        start=received_on,
        bureau_id=bureau.pk,
    )
    audit.record(
        actor=by, action=Actions.CORRECTION_RECEIVED, obj=request, after={"record": request.record}
    )
    return request


@transaction.atomic
def answer_correction(
    *, by: Any, request: CorrectionRequest, status: str, answer: str, answered_on: dt.date
) -> CorrectionRequest:
    _check_perm(by, "applications.handle_application", request)
    request = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != CorrectionStatus.OPEN:
        raise DomainError(_("This correction request is already answered."), code="closed")
    if status not in CorrectionStatus.values or status == CorrectionStatus.OPEN:
        raise DomainError(_("Choose corrected, not corrected or referred."), code="status")
    answered_on = _check_date(answered_on, _("of the answer"))
    if answered_on < request.received_on:
        raise DomainError(_("A request cannot be answered before it was received."), code="date")
    request.status = status
    request.answer = _text(answer, 2000, _("The answer"), required=True)
    request.answered_on = answered_on
    request.save()
    deadline = correction_deadline(request)
    if deadline is not None and deadline.is_open:
        workdays.meet_deadline(by=by, deadline=deadline, on=answered_on)
    audit.record(
        actor=by, action=Actions.CORRECTION_ANSWERED, obj=request, after={"status": status}
    )
    return request


@transaction.atomic
def move_to_proactive(*, by: Any, application: Application, category: Any) -> Any:
    """R-9: information released to applicants becomes a draft proactive item (normal gates)."""
    from zhengwu.disclosure.services import create_item

    _check_perm(by, "applications.handle_application", application)
    application = _locked(application)
    if application.outcome not in ("3.1", "3.2"):
        raise DomainError(_("Only information that was released can be moved."), code="outcome")
    title = application.info_title or application.description[:100]
    item = create_item(
        by=by,
        bureau=application.bureau,
        title=title,
        category=category,
        formed_on=application.answered_on,
        summary=application.answer_text[:500],
        document_number=application.info_document_number,
    )
    audit.record(
        actor=by, action=Actions.MOVED_TO_PROACTIVE, obj=application, after={"item": item.pk}
    )
    return item


# --- 条例第三十七条: partial disclosure with real redaction -----------------------------------


@transaction.atomic
def redact(*, by: Any, document: Document, passages: list[tuple[str, str]]) -> Document:
    """Make the redacted copy of a PDF or Word file: each passage with its R-12 reason code.

    The original stays with staff (never sent); the copy sent holds only the mask. A passage not
    found in the file's text is refused, so nothing is believed removed that was not.
    """
    from zhengwu.applications import redaction
    from zhengwu.applications.models import Redaction
    from zhengwu.disclosure.models import WithholdReason

    application = _locked(document.application)
    _check_perm(by, "applications.handle_application", application)
    if document.content_type not in policy.REDACTABLE_TYPES:
        raise DomainError(_("Only PDF and Word (.docx) files can be redacted."), code="type")
    cleaned: list[tuple[str, str]] = []
    for text, reason in passages:
        text = (text or "").strip()
        if not text or len(text) > 200:
            raise DomainError(_("A passage to redact has 1 to 200 characters."), code="passage")
        if reason not in WithholdReason.values:
            raise DomainError(_("Give the legal reason of each redaction."), code="reason")
        cleaned.append((text, reason))
    if not cleaned:
        raise DomainError(_("Choose what to redact."), code="passage")
    data = document.file.open("rb").read()
    document.file.close()
    phrases = [text for text, _reason in cleaned]
    kind = policy.REDACTABLE_TYPES[document.content_type]
    if kind == "pdf":
        output, counts = redaction.redact_pdf(data, phrases)
    else:
        output, counts = redaction.redact_docx(data, phrases)
    missing = [p for p in phrases if not counts.get(p)]
    if missing:
        raise DomainError(
            _("Not found in the file's text: %(what)s") % {"what": "、".join(missing)},
            code="not_found",
        )
    base = document.name.rsplit(".", 1)[0]
    copy = Document(
        application=application,
        kind=DocumentKind.REDACTED,
        name=f"{base}（区分处理）.{kind}",
        content_type=document.content_type,
        size=len(output),
        sent=True,
        created_at=clock.now(),
    )
    copy.file.save(f"redacted-{clock.now():%Y%m%d%H%M%S%f}.{kind}", ContentFile(output), save=False)
    copy.save()
    document.kind, document.sent = DocumentKind.SOURCE, False
    document.save(update_fields=["kind", "sent"])
    now = clock.now()
    for text, reason in cleaned:
        Redaction.objects.create(
            document=copy,
            source=document,
            reason=reason,
            occurrences=counts[text],
            preview=(text[:1] + "*" * (len(text) - 1))[:100],
            by=by,
            at=now,
        )
    audit.record(
        actor=by,
        action=Actions.REDACTED,
        obj=application,
        after={
            "source": document.pk,
            "copy": copy.pk,
            "redactions": [{"reason": r, "occurrences": counts[t]} for t, r in cleaned],
        },
    )
    return copy
