"""The information register (D-2): items, their catalogue metadata and the gates before publication.

Every state change goes through `disclosure.services`; nothing here changes state on save().
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhengwu.org.models import Bureau, OrgUnit


class Category(models.Model):
    """A node of the public catalogue (公开目录, D-5); a tree an administrator maintains."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    legal_basis = models.CharField(_("legal basis"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("catalogue category")
        verbose_name_plural = _("catalogue categories")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def path(self) -> str:
        parts: list[str] = []
        node: Category | None = self
        while node is not None and len(parts) < 10:
            parts.append(node.name)
            node = node.parent
        return " / ".join(reversed(parts))


class Attribute(models.TextChoices):
    """D-2: one disclosure attribute per item."""

    PROACTIVE = "proactive", _("Proactive disclosure")
    ON_APPLICATION = "on_application", _("Disclosure on application")
    WITHHELD = "withheld", _("Not disclosed")


class WithholdReason(models.TextChoices):
    """R-12 (条例第十四、十五、十六条): the legal reasons not to disclose."""

    STATE_SECRET = "state_secret", _("State secret")
    LAW_FORBIDS = "law_forbids", _("Other laws and regulations forbid disclosure")
    SECURITY = "security", _("Endangers national, public or economic security or social stability")
    THIRD_PARTY = "third_party", _("Third-party trade secret or personal privacy")
    INTERNAL_AFFAIRS = "internal_affairs", _("Internal affairs information")
    PROCESS = "process", _("Process information")
    LAW_ENFORCEMENT = "law_enforcement", _("Administrative law-enforcement file")


class Status(models.TextChoices):
    """D-10, D-11: draft → confidentiality review → coordination → approval → published."""

    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Confidentiality review")
    REFERRED_SECRECY = "referred_secrecy", _("Referred to the secrecy authority")
    COORDINATION = "coordination", _("Coordination sign-off")
    REFERRED_DISPUTE = "referred_dispute", _("Dispute referred to the disclosure authority")
    APPROVAL = "approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved, ready to publish")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn from publication")


class Validity(models.TextChoices):
    """有效性 of a normative document."""

    EFFECTIVE = "effective", _("Effective")
    AMENDED = "amended", _("Amended")
    ABOLISHED = "abolished", _("Abolished")


class Channel(models.TextChoices):
    """D-6: the channels an item can go out on."""

    PORTAL = "portal", _("Bureau portal website")
    PRESS_CONFERENCE = "press_conference", _("Press conference")
    GAZETTE = "gazette", _("Government gazette")
    NEWSPAPER = "newspaper", _("Newspaper")
    RADIO = "radio", _("Radio")
    TELEVISION = "television", _("Television")
    COLUMN = "column", _("Disclosure column")
    OTHER = "other", _("Other convenient form")


class IndexCounter(models.Model):
    """The last serial of an index-number prefix and year (locked when a number is issued)."""

    prefix = models.CharField(_("organisation code"), max_length=40)
    year = models.PositiveIntegerField(_("year"))
    last_serial = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("index number counter")
        verbose_name_plural = _("index number counters")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="disclosure_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}/{self.year}: {self.last_serial}"


class InformationItem(models.Model):
    """政务信息: one piece of information the bureau made or obtained (D-2)."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="information_items", verbose_name=_("bureau")
    )
    # D-15: the bureau itself (blank), one of its sections, or a public enterprise in its own name.
    publisher_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_items",
        verbose_name=_("publisher"),
        help_text=_("Leave empty to publish in the bureau's own name."),
    )
    index_number = models.CharField(_("index number"), max_length=80, blank=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="items", verbose_name=_("category")
    )
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    formed_on = models.DateField(_("formed on"))
    changed_on = models.DateField(_("changed on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    attribute = models.CharField(
        _("disclosure attribute"),
        max_length=20,
        choices=Attribute.choices,
        default=Attribute.PROACTIVE,
    )
    withhold_reason = models.CharField(
        _("reason not to disclose"), max_length=30, choices=WithholdReason.choices, blank=True
    )
    withhold_note = models.TextField(_("explanation of the reason"), blank=True)
    # 条例第十八条: withheld information is re-assessed periodically.
    reassess_on = models.DateField(_("re-assess on"), null=True, blank=True)
    is_normative = models.BooleanField(_("normative document"), default=False)
    validity = models.CharField(_("validity"), max_length=20, choices=Validity.choices, blank=True)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("previous version"),
    )
    # 政策解读: an interpretation names the policy document it explains; the portal links both ways.
    interprets = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interpretations",
        verbose_name=_("policy interpreted"),
        help_text=_("For a policy interpretation (政策解读): the document it explains."),
    )
    body = models.TextField(_("body"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authored_items",
        verbose_name=_("author"),
    )
    concerned_units = models.ManyToManyField(
        OrgUnit,
        blank=True,
        related_name="concerning_items",
        verbose_name=_("departments concerned"),
        help_text=_("Departments that must confirm the release (D-10)."),
    )
    # Confidential records are seen only by the people named on them (and never by the public).
    is_confidential = models.BooleanField(_("confidential"), default=False)
    named_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="named_on_items",
        verbose_name=_("people named on it"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_items",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("information item")
        verbose_name_plural = _("information items")
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["index_number"],
                condition=~Q(index_number=""),
                name="disclosure_item_index_number_unique",
            ),
            models.CheckConstraint(
                condition=~Q(attribute="withheld") | ~Q(withhold_reason=""),
                name="disclosure_item_withheld_has_reason",
            ),
        ]
        indexes = [
            # The public gate in the index (is_confidential last, so that the newest-first order
            # holds): the catalogue counts and pages a large register without reading its rows.
            models.Index(
                fields=["status", "attribute", "-published_on", "-id", "is_confidential"],
                name="disc_item_public_gate",
            ),
            models.Index(fields=["-view_count"], name="disc_item_views"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def publisher_name(self) -> str:
        return self.publisher_unit.name if self.publisher_unit_id else self.bureau.name

    @property
    def clock_start(self):
        """D-7: 20 working days from formation or change."""
        return self.changed_on or self.formed_on


class ChannelRecord(models.Model):
    """D-6: one channel an item went out on."""

    item = models.ForeignKey(
        InformationItem, on_delete=models.CASCADE, related_name="channels", verbose_name=_("item")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    released_on = models.DateField(_("released on"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("publication channel")
        verbose_name_plural = _("publication channels")
        ordering = ["released_on", "pk"]

    def __str__(self) -> str:
        return self.get_channel_display()


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"disclosure/{instance.item_id}/{filename}"


class ExtractionStatus(models.TextChoices):
    """How the text of an attachment was read for the search index (shown to staff)."""

    EXTRACTED = "extracted", _("Text extracted")
    TRUNCATED = "truncated", _("Text extracted in part (limit reached)")
    EMPTY = "empty", _("No text found")
    DESCRIBED = "described", _("Image: its description is indexed")
    UNSUPPORTED = "unsupported", _("Text of this file type is not read")
    FAILED = "failed", _("The file could not be read")


class Attachment(models.Model):
    item = models.ForeignKey(
        InformationItem,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("item"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    text = models.TextField(_("extracted text"), blank=True)
    # Required for images: their alternative text on the portal, and what the search indexes.
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("What the file shows; required for images (it is their alternative text)."),
    )
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=20,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.UNSUPPORTED,
    )
    extraction_message = models.CharField(_("extraction message"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ReviewConclusion(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")
    UNSURE = "unsure", _("Unsure — refer to the secrecy authority")


class ConfidentialityReview(models.Model):
    """D-11: 保密审查 with reviewer, date and conclusion; an unsure case waits for the answer."""

    item = models.ForeignKey(
        InformationItem, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("item")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="confidentiality_reviews",
        verbose_name=_("reviewer"),
    )
    reviewed_on = models.DateField(_("reviewed on"))
    conclusion = models.CharField(_("conclusion"), max_length=10, choices=ReviewConclusion.choices)
    note = models.TextField(_("note"), blank=True)
    referred_to = models.CharField(_("referred to"), max_length=100, blank=True)
    answer_conclusion = models.CharField(
        _("answer of the authority"), max_length=10, choices=ReviewConclusion.choices, blank=True
    )
    answer_on = models.DateField(_("answer received on"), null=True, blank=True)
    answer_note = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("confidentiality review")
        verbose_name_plural = _("confidentiality reviews")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.item} — {self.get_conclusion_display()}"

    @property
    def final_conclusion(self) -> str:
        if self.conclusion == ReviewConclusion.UNSURE:
            return self.answer_conclusion
        return self.conclusion


class SignOffStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Disputed")
    RESOLVED = "resolved", _("Resolved by the disclosure authority")


class SignOff(models.Model):
    """D-10: a department concerned confirms the release; a dispute goes to the city authority."""

    item = models.ForeignKey(
        InformationItem, on_delete=models.CASCADE, related_name="signoffs", verbose_name=_("item")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="signoffs", verbose_name=_("department")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SignOffStatus.choices, default=SignOffStatus.PENDING
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signoffs",
        verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    outcome = models.TextField(_("outcome of the referral"), blank=True)
    outcome_on = models.DateField(_("outcome received on"), null=True, blank=True)
    outcome_allows_release = models.BooleanField(_("release allowed"), null=True, blank=True)

    class Meta:
        verbose_name = _("coordination sign-off")
        verbose_name_plural = _("coordination sign-offs")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "unit"], name="disclosure_signoff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item} — {self.unit}"


class Clarification(models.Model):
    """D-9: false or incomplete information found, and the clarification that corrects it."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="clarifications", verbose_name=_("bureau")
    )
    found_where = models.CharField(_("where it was found"), max_length=200)
    found_on = models.DateField(_("found on"))
    false_information = models.TextField(_("what was false or incomplete"))
    corrects = models.ForeignKey(
        InformationItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("item it concerns"),
    )
    clarification = models.OneToOneField(
        InformationItem,
        on_delete=models.PROTECT,
        related_name="clarifies",
        verbose_name=_("clarification"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        ordering = ["-found_on", "-pk"]

    def __str__(self) -> str:
        return self.clarification.title


class DisclosureGuide(models.Model):
    """R-11: the bureau's disclosure guide (公开指南), an editable page of the portal."""

    bureau = models.OneToOneField(
        Bureau, on_delete=models.PROTECT, related_name="disclosure_guide", verbose_name=_("bureau")
    )
    body = models.TextField(_("text"))
    online_contact = models.CharField(_("online contact"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("disclosure guide")
        verbose_name_plural = _("disclosure guides")

    def __str__(self) -> str:
        return str(self.bureau)


class SearchDocument(models.Model):
    """The segmented (jieba) text of a public item: what the full-text index holds.

    SQLite: the FTS5 table `disclosure_fts` uses this table as external content.
    PostgreSQL: to_tsvector('simple', …) of both columns stored in generated columns `vector`
    and `title_vector` (migration 0009, unknown to the ORM), each with a GIN index.
    `tokens` covers everything (title, summary, number, body, attachments); `title_tokens` the
    title alone, so that items with every word in the title rank first.
    Rows exist only for items on the portal; services keep them in sync.
    """

    item = models.OneToOneField(
        InformationItem, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title_tokens = models.TextField(default="", blank=True)
    tokens = models.TextField()

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return str(self.item_id)


_TERM_SEPARATORS = re.compile(r"[,，、;；\s]+")


class SearchTermKind(models.TextChoices):
    # 环评 finds 环境影响评价 and 环境影响报告书; not the other way round (an abbreviation may stand
    # for several things: 安评 for 安全评价 and 安全预评价).
    ABBREVIATION = "abbreviation", _("abbreviation (finds the full terms)")
    # 社保 and 社会保险: each finds the others.
    SYNONYM = "synonym", _("synonyms (each finds the others)")
    # Only kept as one word when text is cut into words (双随机一公开).
    WORD = "word", _("word (kept whole)")


class SearchTerm(models.Model):
    """R-11 (search finds what people type): government terms as people write them — policy data
    administrators edit. Every term and equivalent is also a word of the segmenter's user
    dictionary (jieba), used when items are indexed and when a query is cut into words; the
    expansions apply when searching (see disclosure.search)."""

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=SearchTermKind.choices,
        default=SearchTermKind.ABBREVIATION,
    )
    term = models.CharField(_("term"), max_length=40, unique=True)
    equivalents = models.CharField(
        _("equivalents"),
        max_length=400,
        blank=True,
        help_text=_(
            "The full terms of an abbreviation or the other words of a synonym group, separated by "
            "、 or commas. Empty for a word that is only kept whole."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        ordering = ["kind", "term"]

    def __str__(self) -> str:
        return self.term

    def equivalent_list(self) -> list[str]:
        seen: dict[str, None] = {}
        for word in _TERM_SEPARATORS.split(self.equivalents or ""):
            if word and word != self.term:
                seen.setdefault(word, None)
        return list(seen)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.term = (self.term or "").strip()
        if not self.term or _TERM_SEPARATORS.search(self.term):
            raise ValidationError({"term": _("A term is one word, without spaces, commas or 、.")})
        if self.kind != SearchTermKind.WORD and not self.equivalent_list():
            raise ValidationError(
                {"equivalents": _("Give the full terms or the other words it stands for.")}
            )
        if any(len(w) > 40 for w in self.equivalent_list()):
            raise ValidationError({"equivalents": _("Each word has at most 40 characters.")})


class PublicGeneration(models.Model):
    """A counter bumped by every change of a registered item: cached portal pages of an older
    generation are never served (see portal.pagecache)."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("portal generation")
        verbose_name_plural = _("portal generations")

    def __str__(self) -> str:
        return str(self.value)
