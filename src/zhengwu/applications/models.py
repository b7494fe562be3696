"""Applications for disclosure (依申请公开, D-4, D-8, R-1…R-9) and what follows them (D-11, D-14).

Every state change goes through `applications.services`. The applicant category and the outcome
are stored as the keys of the annual report's table 3 (columns and rows), with the answered date,
so the report can be computed from these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengwu.applications import policy
from zhengwu.disclosure.models import WithholdReason
from zhengwu.org.models import Bureau


class ApplicantKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("Natural person")
    ORGANISATION = "organisation", _("Legal person or other organisation")


class ApplicantCategory(models.TextChoices):
    """The columns of table 3 (申请人情况)."""

    NATURAL_PERSON = "natural_person", _("Natural person")
    COMMERCIAL = "commercial", _("Commercial enterprise")
    RESEARCH = "research", _("Research institution")
    PUBLIC_INTEREST = "public_interest", _("Social public-interest organisation")
    LEGAL_SERVICES = "legal_services", _("Legal service institution")
    OTHER = "other", _("Other organisation")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    OTHER = "other", _("Other identity document")


class Channel(models.TextChoices):
    """R-2: how the application came in (decides the receipt date)."""

    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    REGISTERED_POST = "registered_post", _("Registered letter")
    ORDINARY_LETTER = "ordinary_letter", _("Ordinary letter")
    FAX = "fax", _("Fax")


class InfoForm(models.TextChoices):
    PAPER = "paper", _("Paper")
    ELECTRONIC = "electronic", _("Electronic")


class Delivery(models.TextChoices):
    POST = "post", _("Post")
    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("Download on the portal")
    IN_PERSON = "in_person", _("Collect in person")


class ConfirmationMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting confirmation of receipt")
    HANDLING = "handling", _("Being handled")
    SUPPLEMENT = "supplement", _("Waiting for the applicant's supplement")
    CONSULTATION = "consultation", _("Consulting a third party or agency")
    FEE = "fee", _("Waiting for the processing fee")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed without processing further")


OutcomeChoices = [(o.key, o.label) for o in policy.OUTCOMES]


class TrackingCounter(models.Model):
    """The last serial of tracking numbers of a year (locked when a number is issued)."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    last_serial = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("tracking number counter")
        verbose_name_plural = _("tracking number counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_serial}"


def scan_path(instance: Application, filename: str) -> str:
    return f"applications/{instance.tracking_number}/id/{filename}"


class FeeMethod(models.TextChoices):
    ITEMS = "items", _("Per item")
    PAGES = "pages", _("Per page")


class Application(models.Model):
    """依申请公开申请 (R-1): who applies, for what, in which form and how it is delivered."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="applications", verbose_name=_("bureau")
    )
    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True)
    secret_hash = models.CharField(max_length=128, editable=False)
    # Intake rate limit: a keyed hash of the submitting address (never the address itself).
    source_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    applicant_kind = models.CharField(
        _("applicant kind"), max_length=20, choices=ApplicantKind.choices
    )
    applicant_category = models.CharField(
        _("applicant category"), max_length=20, choices=ApplicantCategory.choices
    )
    name = models.CharField(_("name or organisation"), max_length=100)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    id_type = models.CharField(_("identity document"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("document number"), max_length=30)
    id_scan = models.FileField(_("scan of the document"), upload_to=scan_path, blank=True)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("e-mail"), max_length=100, blank=True)
    address = models.CharField(_("postal address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    info_title = models.CharField(_("title of the information"), max_length=200, blank=True)
    info_document_number = models.CharField(_("document number"), max_length=100, blank=True)
    description = models.TextField(_("description of the information"), max_length=2000)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    form = models.CharField(_("form wanted"), max_length=20, choices=InfoForm.choices)
    delivery = models.CharField(_("way of delivery"), max_length=20, choices=Delivery.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    handed_in_on = models.DateField(_("handed in / signed for on"), null=True, blank=True)
    # the day that counts as receipt; the R-3 clock starts from it.
    received_on = models.DateField(_("receipt date"), null=True, blank=True)
    confirmed_on = models.DateField(_("confirmed with the applicant on"), null=True, blank=True)
    confirmation_method = models.CharField(
        _("confirmed by"), max_length=20, choices=ConfirmationMethod.choices, blank=True
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_applications",
        verbose_name=_("handler"),
    )
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("extension approved by"),
    )
    extension_reason = models.CharField(_("reason for the extension"), max_length=300, blank=True)
    # R-7: exactly one outcome, keyed like table 3's rows.
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=OutcomeChoices, blank=True, db_index=True
    )
    refusal_reason = models.CharField(
        _("reason not to disclose"), max_length=30, choices=WithholdReason.choices, blank=True
    )
    answer_text = models.TextField(_("answer"), max_length=5000, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True, db_index=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivered_by = models.CharField(
        _("delivered by"), max_length=20, choices=Delivery.choices, blank=True
    )
    # the fee assessment — one method, the number of items or pages of this application, and
    # (per item) the applicant's items of the calendar month of receipt up to and including these.
    fee_method = models.CharField(
        _("fee method"), max_length=10, choices=FeeMethod.choices, blank=True
    )
    fee_quantity = models.PositiveIntegerField(_("items or pages assessed"), null=True, blank=True)
    fee_month_items = models.PositiveIntegerField(
        _("items of the applicant in the month"), null=True, blank=True
    )
    fee_assessed_on = models.DateField(_("fee assessed on"), null=True, blank=True)
    items = models.ManyToManyField(
        "disclosure.InformationItem",
        blank=True,
        related_name="applications",
        verbose_name=_("information items answered"),
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["bureau", "status"], name="appl_bureau_status")]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def outcome_info(self) -> policy.Outcome | None:
        return policy.OUTCOMES_BY_KEY.get(self.outcome)


class TimelineEntry(models.Model):
    """One step of an application as the applicant sees it on the portal."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="timeline",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    on = models.DateField(_("date"))
    text = models.CharField(_("text"), max_length=500)
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.text}"


class SupplementRequest(models.Model):
    """R-4: one single request to supplement an unclear application."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="supplement",
        verbose_name=_("application"),
    )
    asked_on = models.DateField(_("asked on"))
    what = models.TextField(_("what is to be supplemented"), max_length=2000)
    reply_by = models.DateField(_("supplement due by"))
    received_on = models.DateField(_("supplement received on"), null=True, blank=True)
    content = models.TextField(_("supplement"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")

    def __str__(self) -> str:
        return f"{self.application} {self.asked_on}"


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("Third party")
    AGENCY = "agency", _("Other agency")


class Consultation(models.Model):
    """R-5: a third party or another agency is consulted; the answer clock pauses meanwhile."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConsultationKind.choices)
    party = models.CharField(_("consulted"), max_length=200)
    sent_on = models.DateField(_("sent on"))
    answer_by = models.DateField(_("opinion due by"))
    answered_on = models.DateField(_("opinion received on"), null=True, blank=True)
    opinion = models.TextField(_("opinion"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.application} — {self.party}"


class FeeNotice(models.Model):
    """R-6: the processing fee notice; the answer clock pauses until it is paid."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="fee", verbose_name=_("application")
    )
    method = models.CharField(_("method"), max_length=10, choices=FeeMethod.choices)
    quantity = models.PositiveIntegerField(_("items or pages"))
    amount = models.PositiveIntegerField(_("amount (yuan)"))
    notified_on = models.DateField(_("notified on"))
    pay_by = models.DateField(_("pay by"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("fee notice")
        verbose_name_plural = _("fee notices")

    def __str__(self) -> str:
        return f"{self.application} {self.amount}"


class DocumentKind(models.TextChoices):
    LETTER = "letter", _("Answer letter")
    COPY = "copy", _("Information provided")
    REDACTED = "redacted", _("Information provided (redacted)")
    NOTICE = "notice", _("Notice")
    SOURCE = "source", _("Original before redaction")


def document_path(instance: Document, filename: str) -> str:
    return f"applications/{instance.application.tracking_number}/{filename}"


class Document(models.Model):
    """A file of an application; `sent` ones are what the applicant can download."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sent = models.BooleanField(_("sent to the applicant"), default=False)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Redaction(models.Model):
    """R-12 / 条例第三十七条: one passage removed from a copy, with its reason (the log)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="redactions", verbose_name=_("document")
    )
    source = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="+", verbose_name=_("original")
    )
    reason = models.CharField(_("reason"), max_length=30, choices=WithholdReason.choices)
    # Only a masked preview is kept: the log must not hold what was removed.
    preview = models.CharField(_("what was removed (masked)"), max_length=100)
    occurrences = models.PositiveIntegerField(_("occurrences"), default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.preview} ({self.reason})"


class Filing(models.Model):
    """D-11: a refusal filed (备案) with the higher authority."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="filing", verbose_name=_("application")
    )
    authority = models.CharField(_("filed with"), max_length=200)
    filed_on = models.DateField(_("filed on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["-filed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.application} → {self.authority}"


class CaseKind(models.TextChoices):
    """The three groups of table 4."""

    REVIEW = "review", _("Administrative review")
    LITIGATION_DIRECT = "litigation_direct", _("Litigation without review")
    LITIGATION_AFTER_REVIEW = "litigation_after_review", _("Litigation after review")


class CaseOutcome(models.TextChoices):
    MAINTAINED = "maintained", _("Maintained")
    CORRECTED = "corrected", _("Corrected")
    OTHER = "other", _("Other result")
    PENDING = "pending", _("Not yet concluded")


class RemedyCase(models.Model):
    """D-14: an administrative review or a lawsuit about an application, with its outcome."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="cases", verbose_name=_("application")
    )
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=CaseKind.choices)
    body = models.CharField(_("review body or court"), max_length=200)
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    filed_on = models.DateField(_("filed on"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=CaseOutcome.choices, default=CaseOutcome.PENDING
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("review or litigation case")
        verbose_name_plural = _("review and litigation cases")
        ordering = ["-filed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()}"


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CORRECTED = "corrected", _("Corrected")
    REFUSED = "refused", _("Not corrected")
    REFERRED = "referred", _("Referred to the competent agency")


class CorrectionRequest(models.Model):
    """R-8: a person asks to correct inaccurate records about themselves; its own clock."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("application"),
    )
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20)
    record = models.CharField(_("record concerned"), max_length=300)
    correction = models.TextField(_("correction asked"), max_length=2000)
    received_on = models.DateField(_("received on"))
    status = models.CharField(
        _("status"), max_length=20, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.record}"


class UsedCaptcha(models.Model):
    """A captcha answer already accepted (its token's nonce), shared by every web process, so an
    answer cannot be replayed through another process; kept until the token expires."""

    nonce = models.CharField(max_length=32, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("used verification code")
        verbose_name_plural = _("used verification codes")

    def __str__(self) -> str:
        return self.nonce


class IntakeAttempt(models.Model):
    """One attempt to apply online from an address (a keyed hash, never the address itself):
    the intake rate limit counts these — failed captchas and invalid forms included."""

    source_hash = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("intake attempt")
        verbose_name_plural = _("intake attempts")
        indexes = [models.Index(fields=["source_hash", "at"], name="appl_attempt_source_at")]

    def __str__(self) -> str:
        return f"{self.source_hash[:8]} {self.at}"
