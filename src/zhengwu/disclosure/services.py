"""State changes of the information register. Each is atomic, guarded and audited.

The gates (D-10, D-11) are the only way to the portal:
draft → confidentiality review (→ secrecy authority if unsure) → coordination sign-off (→ city
disclosure authority on dispute) → approval → published.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import filetype
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from zhengwu.audit import services as audit
from zhengwu.core import clock
from zhengwu.core.errors import Conflict, DomainError, PermissionDenied
from zhengwu.disclosure import extraction, policy, search
from zhengwu.disclosure.models import (
    Attachment,
    Attribute,
    Category,
    Channel,
    ChannelRecord,
    Clarification,
    ConfidentialityReview,
    DisclosureGuide,
    ExtractionStatus,
    IndexCounter,
    InformationItem,
    PublicGeneration,
    ReviewConclusion,
    SignOff,
    SignOffStatus,
    Status,
    Validity,
)
from zhengwu.org.models import Bureau, OrgUnit
from zhengwu.workdays import services as workdays
from zhengwu.workdays.models import Deadline
from zhengwu.workdays.selectors import compute


class Actions:
    ITEM_CREATED = "disclosure.item_created"
    ITEM_CHANGED = "disclosure.item_changed"
    SUBMITTED = "disclosure.submitted_for_review"
    REVIEWED = "disclosure.confidentiality_reviewed"
    SECRECY_ANSWER = "disclosure.secrecy_answer_recorded"
    SIGNED_OFF = "disclosure.signed_off"
    DISPUTE_OUTCOME = "disclosure.dispute_outcome_recorded"
    APPROVED = "disclosure.approved"
    PUBLISHED = "disclosure.published"
    WITHDRAWN = "disclosure.withdrawn"
    CHANNEL_RECORDED = "disclosure.channel_recorded"
    VALIDITY_CHANGED = "disclosure.validity_changed"
    ATTACHMENT_ADDED = "disclosure.attachment_added"
    ATTACHMENT_TEXT_READ = "disclosure.attachment_text_read"
    REASSESSED = "disclosure.withheld_reassessed"
    CLARIFICATION_RECORDED = "disclosure.clarification_recorded"
    GUIDE_SAVED = "disclosure.guide_saved"


# The earliest formation date the register accepts (the founding of the People's Republic).
EARLIEST_FORMED_ON = dt.date(1949, 10, 1)
OWNER_TYPE = "disclosure.informationitem"
EDITABLE_FIELDS = (
    "title",
    "summary",
    "category",
    "document_number",
    "formed_on",
    "changed_on",
    "publisher_unit",
    "attribute",
    "withhold_reason",
    "withhold_note",
    "is_normative",
    "supersedes",
    "interprets",
    "body",
    "is_confidential",
)


def _snap(item: InformationItem) -> dict[str, Any]:
    return audit.snapshot(
        item,
        ["index_number", "title", "status", "attribute", "withhold_reason", "formed_on",
         "changed_on", "published_on", "validity", "category", "publisher_unit", "reassess_on"],
    )  # fmt: skip


def _locked(item: InformationItem) -> InformationItem:
    return InformationItem.objects.select_for_update().select_related("bureau").get(pk=item.pk)


def _require(item: InformationItem, *statuses: str) -> None:
    if item.status not in statuses:
        raise DomainError(
            _("This action is not possible while the item is “%(status)s”.")
            % {"status": item.get_status_display()},
            code="status",
        )


def bump_public_generation() -> None:
    """Invalidate every cached portal page (called by each change of an item)."""
    updated = PublicGeneration.objects.filter(pk=1).update(value=F("value") + 1)
    if not updated:
        PublicGeneration.objects.create(pk=1, value=1)


def _save(
    item: InformationItem, by: Any, action: str, before: dict[str, Any], **extra: Any
) -> None:
    item.updated_at = clock.now()
    item.save()
    bump_public_generation()
    b, a = audit.changed(before, _snap(item))
    audit.record(actor=by, action=action, obj=item, before=b, after={**a, **extra})


# --- telling people that work waits for them ----------------------------------------------------


def _people(item: InformationItem, step: str) -> list[Any]:
    """Who acts on the item's next step (the same people `selectors.waiting_items` lists it for)."""
    from zhengwu.org.models import Role, UnitFunction
    from zhengwu.org.selectors import holders, units_with_function

    bureau_id = item.bureau_id
    if step == "review":
        return list(holders(Role.CONFIDENTIALITY_REVIEWER, bureau_id=bureau_id))
    if step == "sign_off":
        people: list[Any] = []
        for signoff in item.signoffs.filter(status=SignOffStatus.PENDING).select_related("unit"):
            people += list(holders(Role.SECTION_HEAD, unit=signoff.unit))
            people += list(holders(Role.LIAISON, unit=signoff.unit))
        return people
    if step == "approve":
        people = [*holders(Role.DIRECTOR, bureau_id=bureau_id)]
        people += list(holders(Role.LEADER_IN_CHARGE, bureau_id=bureau_id))
        for function in policy.APPROVER_HEAD_OF_FUNCTIONS:
            for unit in units_with_function(bureau_id, UnitFunction(function)):
                people += list(holders(Role.SECTION_HEAD, unit=unit))
        return people
    if step in ("publish", "dispute"):
        return list(holders(Role.DISCLOSURE_OFFICER, bureau_id=bureau_id))
    if step == "returned":
        return [item.author]
    return []


def _tell(item: InformationItem, step: str, *, by: Any, body: str = "") -> None:
    """Put the item in the inbox of whoever acts next. A confidential item reaches only the people
    named on it; review and approval never go to those who drafted or edited it (D-11)."""
    from django.urls import reverse

    from zhengwu.disclosure.selectors import can_see, worked_on_content
    from zhengwu.notifications.services import notify

    titles = {
        "review": _("Item awaiting your confidentiality review: %(title)s"),
        "sign_off": _("Item awaiting your department's sign-off: %(title)s"),
        "approve": _("Item awaiting your approval: %(title)s"),
        "publish": _("Approved item to publish: %(title)s"),
        "dispute": _("Disputed sign-off to refer to the disclosure authority: %(title)s"),
        "returned": _("Item sent back for redrafting: %(title)s"),
    }
    recipients = [
        p
        for p in _people(item, step)
        if p is not None
        and p.pk != getattr(by, "pk", None)
        and can_see(p, item)
        and not (step in ("review", "approve") and worked_on_content(p, item))
    ]
    notify(
        recipients=recipients,
        kind=f"disclosure.{step}",
        title=titles[step] % {"title": item.title},
        body=body,
        url=reverse("disclosure:item", args=[item.pk]),
        obj=item,
    )


def _tell_next(item: InformationItem, *, by: Any, body: str = "") -> None:
    step = {
        Status.REVIEW: "review",
        Status.COORDINATION: "sign_off",
        Status.APPROVAL: "approve",
        Status.APPROVED: "publish",
        Status.REFERRED_DISPUTE: "dispute",
        Status.DRAFT: "returned",
    }.get(item.status)
    if step is not None:
        _tell(item, step, by=by, body=body)


# --- index numbers (索引号) -------------------------------------------------------------------


def publisher_code(*, bureau: Bureau, unit: OrgUnit | None) -> str:
    """D-15: the publisher's own code (a section or public enterprise) or the bureau's."""
    return (unit.code if unit is not None and unit.code else "") or bureau.code


def next_index_number(*, prefix: str, year: int) -> str:
    """`<organisation code>/<year>-<serial>`, unique per publisher and year.

    The counter row is locked (select_for_update) so two concurrent publications never get the
    same serial; on SQLite the IMMEDIATE transaction already holds the write lock.
    """
    try:
        with transaction.atomic():
            IndexCounter.objects.get_or_create(prefix=prefix, year=year)
    except IntegrityError:
        pass  # created concurrently by another transaction: fine, lock it below
    counter = IndexCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return f"{prefix}/{year}-{counter.last_serial:05d}"


# --- the D-7 clock ----------------------------------------------------------------------------


def publication_deadline(item: InformationItem) -> Deadline | None:
    return (
        Deadline.objects.filter(
            owner_type=OWNER_TYPE, owner_id=str(item.pk), rule_id=policy.PUBLICATION_RULE
        )
        .select_related("time_limit")
        .order_by("-pk")
        .first()
    )


def _restart_clock(item: InformationItem, by: Any) -> None:
    """D-7: a proactive item runs a 20-working-day clock from its formation or latest change."""
    current = publication_deadline(item)
    if current is not None and current.is_open:
        if current.start_date == item.clock_start and item.attribute == Attribute.PROACTIVE:
            return
        workdays.cancel_deadline(by=by, deadline=current)
    if item.attribute == Attribute.PROACTIVE and item.status != Status.PUBLISHED:
        workdays.open_deadline(
            by=by, owner=item, rule_id=policy.PUBLICATION_RULE, start=item.clock_start
        )


def _reassess_date(start: dt.date) -> dt.date:
    return compute(policy.REASSESS_RULE, start).due_date


def _validate(item: InformationItem) -> None:
    if item.attribute == Attribute.WITHHELD and not item.withhold_reason:
        raise DomainError(_("A withheld item needs its legal reason."), code="reason")
    if item.attribute != Attribute.WITHHELD:
        item.withhold_reason = ""
        item.reassess_on = None
    elif item.reassess_on is None:
        item.reassess_on = _reassess_date(clock.today())
    if item.changed_on and item.changed_on < item.formed_on:
        raise DomainError(_("The change date cannot be before the formation date."), code="dates")
    if item.formed_on > clock.today():
        raise DomainError(_("The formation date cannot be in the future."), code="dates")
    if item.formed_on < EARLIEST_FORMED_ON:
        # The index number carries the year; a year such as 331 is a typing slip, not a record.
        raise DomainError(_("The formation date cannot be before 1 October 1949."), code="dates")
    if item.publisher_unit_id and item.publisher_unit.bureau_id != item.bureau_id:
        raise DomainError(_("The publisher must belong to the bureau."), code="publisher")
    if item.supersedes_id and item.supersedes_id == item.pk:
        raise DomainError(_("An item cannot supersede itself."), code="supersedes")
    if item.interprets_id:
        if item.interprets_id == item.pk:
            raise DomainError(_("An item cannot interpret itself."), code="interprets")
        if item.interprets.bureau_id != item.bureau_id:
            raise DomainError(
                _("The policy interpreted must be an item of the same bureau."), code="interprets"
            )
    if item.is_normative and not item.validity:
        item.validity = Validity.EFFECTIVE
    if not item.category.is_active:
        raise DomainError(_("This catalogue category is no longer in use."), code="category")


@transaction.atomic
def create_item(
    *,
    by: Any,
    bureau: Bureau,
    title: str,
    category: Category,
    formed_on: dt.date,
    attribute: str = Attribute.PROACTIVE,
    concerned_units: list[OrgUnit] | None = None,
    named_people: list[Any] | None = None,
    **fields: Any,
) -> InformationItem:
    """D-2: record an item with its attribute. Its index number comes at publication
    (`publish_item`), so the public serials count published items only: a gap in them would
    otherwise tell that an unpublished item exists."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if not title.strip():
        raise DomainError(_("The title is required."), code="title")
    now = clock.now()
    item = InformationItem(
        bureau=bureau,
        title=title.strip(),
        category=category,
        formed_on=formed_on,
        attribute=attribute,
        author=by,
        created_at=now,
        updated_at=now,
        **fields,
    )
    _validate(item)
    item.save()
    _set_concerned(item, concerned_units or [])
    if named_people:
        item.named_people.set(named_people)
    audit.record(actor=by, action=Actions.ITEM_CREATED, obj=item, after=_snap(item))
    _restart_clock(item, by)
    return item


def _set_concerned(item: InformationItem, units: list[OrgUnit]) -> None:
    for unit in units:
        if unit.bureau_id != item.bureau_id:
            raise DomainError(_("A department concerned must belong to the bureau."), code="unit")
    item.concerned_units.set(units)


@transaction.atomic
def update_item(
    *,
    by: Any,
    item: InformationItem,
    concerned_units: list[OrgUnit] | None = None,
    opened_version: dt.datetime | None = None,
    **fields: Any,
) -> InformationItem:
    """Edit a draft (or a withheld / on-application record, which never goes out).

    ``opened_version`` is the item's last save time as the editor opened it: when someone else
    saved the item since, the edit is refused (the row is locked while checking)."""
    item = _locked(item)
    if opened_version is not None and opened_version != item.updated_at:
        raise Conflict(
            _(
                "This item was changed by someone else since you opened it; reload the page "
                "and edit again."
            )
        )
    _require(item, Status.DRAFT)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    before = _snap(item)
    for name, value in fields.items():
        setattr(item, name, value)
    if not item.title.strip():
        raise DomainError(_("The title is required."), code="title")
    _validate(item)
    if concerned_units is not None:
        _set_concerned(item, concerned_units)
    _save(item, by, Actions.ITEM_CHANGED, before)
    _restart_clock(item, by)
    return item


@transaction.atomic
def submit_for_review(*, by: Any, item: InformationItem) -> InformationItem:
    """D-11: a proactive draft goes to the mandatory confidentiality review."""
    item = _locked(item)
    _require(item, Status.DRAFT)
    if item.attribute != Attribute.PROACTIVE:
        raise DomainError(
            _("Only proactive items are published; change the attribute first."), code="attribute"
        )
    before = _snap(item)
    item.status = Status.REVIEW
    _save(item, by, Actions.SUBMITTED, before)
    _tell_next(item, by=by)
    return item


def _after_review_passed(item: InformationItem) -> None:
    """D-10: on to the departments concerned, or straight to approval if there are none."""
    units = list(item.concerned_units.all())
    if units:
        for unit in units:
            SignOff.objects.update_or_create(
                item=item,
                unit=unit,
                defaults={
                    "status": SignOffStatus.PENDING,
                    "by": None,
                    "signed_at": None,
                    "note": "",
                    "outcome": "",
                    "outcome_on": None,
                    "outcome_allows_release": None,
                },
            )
        item.status = Status.COORDINATION
    else:
        item.status = Status.APPROVAL


@transaction.atomic
def review_item(
    *,
    by: Any,
    item: InformationItem,
    conclusion: str,
    note: str = "",
    referred_to: str = "",
) -> ConfidentialityReview:
    """D-11: 保密审查 with reviewer, date and conclusion. The reviewer is not the author."""
    item = _locked(item)
    _require(item, Status.REVIEW)
    _refuse_own_work(by, item)
    if conclusion not in ReviewConclusion.values:
        raise DomainError(_("Choose a conclusion."), code="conclusion")
    if conclusion == ReviewConclusion.UNSURE and not referred_to.strip():
        raise DomainError(
            _("Name the authority the item is referred to (the city government or the secrecy "
              "authority)."),
            code="referred_to",
        )  # fmt: skip
    if conclusion == ReviewConclusion.FAILED and not note.strip():
        raise DomainError(_("Explain why the review did not pass."), code="note")
    before = _snap(item)
    review = ConfidentialityReview.objects.create(
        item=item,
        reviewer=by,
        reviewed_on=clock.today(),
        conclusion=conclusion,
        note=note.strip(),
        referred_to=referred_to.strip() if conclusion == ReviewConclusion.UNSURE else "",
        created_at=clock.now(),
    )
    if conclusion == ReviewConclusion.PASSED:
        _after_review_passed(item)
    elif conclusion == ReviewConclusion.FAILED:
        item.status = Status.DRAFT
    else:
        # D-11: an unsure case waits for the secrecy authority's answer.
        item.status = Status.REFERRED_SECRECY
    _save(item, by, Actions.REVIEWED, before, review=review.pk, conclusion=conclusion)
    _tell_next(item, by=by, body=review.note)
    return review


@transaction.atomic
def record_secrecy_answer(
    *,
    by: Any,
    item: InformationItem,
    conclusion: str,
    answer_on: dt.date,
    note: str = "",
) -> ConfidentialityReview:
    """D-11: the referred authority answered; the item goes on (passed) or back (not passed)."""
    item = _locked(item)
    _require(item, Status.REFERRED_SECRECY)
    if conclusion not in (ReviewConclusion.PASSED, ReviewConclusion.FAILED):
        raise DomainError(_("The answer is either passed or not passed."), code="conclusion")
    if answer_on > clock.today():
        raise DomainError(_("The answer date cannot be in the future."), code="dates")
    review = item.reviews.filter(conclusion=ReviewConclusion.UNSURE).order_by("-pk").first()
    if review is None or review.answer_conclusion:
        raise DomainError(_("There is no referral waiting for an answer."), code="referral")
    before = _snap(item)
    review.answer_conclusion = conclusion
    review.answer_on = answer_on
    review.answer_note = note.strip()
    review.save()
    if conclusion == ReviewConclusion.PASSED:
        _after_review_passed(item)
    else:
        item.status = Status.DRAFT
    _save(item, by, Actions.SECRECY_ANSWER, before, review=review.pk, conclusion=conclusion)
    _tell_next(item, by=by, body=review.answer_note)
    return review


def _all_signed(item: InformationItem) -> bool:
    for signoff in item.signoffs.all():
        if signoff.status == SignOffStatus.CONFIRMED:
            continue
        if signoff.status == SignOffStatus.RESOLVED and signoff.outcome_allows_release:
            continue
        return False
    return True


@transaction.atomic
def sign_off(*, by: Any, signoff: SignOff, confirm: bool, note: str = "") -> SignOff:
    """D-10: a department concerned confirms the release, or disputes it."""
    item = _locked(signoff.item)
    signoff = SignOff.objects.select_for_update().get(pk=signoff.pk)
    _require(item, Status.COORDINATION)
    if signoff.status != SignOffStatus.PENDING:
        raise DomainError(_("This department has already answered."), code="signoff")
    if not confirm and not note.strip():
        raise DomainError(_("Explain what the department disputes."), code="note")
    before = _snap(item)
    signoff.status = SignOffStatus.CONFIRMED if confirm else SignOffStatus.DISPUTED
    signoff.by = by
    signoff.signed_at = clock.now()
    signoff.note = note.strip()
    signoff.save()
    if not confirm:
        # D-10: a dispute is referred to the city's disclosure authority.
        item.status = Status.REFERRED_DISPUTE
    elif _all_signed(item):
        item.status = Status.APPROVAL
    _save(item, by, Actions.SIGNED_OFF, before, unit=signoff.unit_id, signoff=signoff.status.value)
    if item.status != Status.COORDINATION:
        _tell_next(item, by=by, body=signoff.note)
    return signoff


@transaction.atomic
def record_dispute_outcome(
    *,
    by: Any,
    signoff: SignOff,
    allows_release: bool,
    outcome: str,
    outcome_on: dt.date,
) -> SignOff:
    """D-10: the city's disclosure authority decided a dispute; its outcome is recorded."""
    item = _locked(signoff.item)
    signoff = SignOff.objects.select_for_update().get(pk=signoff.pk)
    _require(item, Status.REFERRED_DISPUTE)
    if signoff.status != SignOffStatus.DISPUTED:
        raise DomainError(_("This sign-off is not disputed."), code="signoff")
    if not outcome.strip():
        raise DomainError(_("Record the outcome of the referral."), code="outcome")
    if outcome_on > clock.today():
        raise DomainError(_("The outcome date cannot be in the future."), code="dates")
    before = _snap(item)
    signoff.status = SignOffStatus.RESOLVED
    signoff.outcome = outcome.strip()
    signoff.outcome_on = outcome_on
    signoff.outcome_allows_release = allows_release
    signoff.save()
    if not allows_release:
        item.status = Status.DRAFT
    elif item.signoffs.filter(status=SignOffStatus.DISPUTED).exists():
        item.status = Status.REFERRED_DISPUTE
    elif _all_signed(item):
        item.status = Status.APPROVAL
    else:
        item.status = Status.COORDINATION
    _save(item, by, Actions.DISPUTE_OUTCOME, before, unit=signoff.unit_id, allows=allows_release)
    if item.status != Status.REFERRED_DISPUTE:
        _tell_next(item, by=by, body=signoff.outcome)
    return signoff


def _refuse_own_work(by: Any, item: InformationItem) -> None:
    """D-11: whoever drafted or edited the content neither reviews nor approves it."""
    from zhengwu.disclosure.rules import separation_message
    from zhengwu.disclosure.selectors import worked_on_content

    if by is None or worked_on_content(by, item):
        raise PermissionDenied(separation_message(), code="separation_of_duties")


def passed_review(item: InformationItem) -> ConfidentialityReview | None:
    """The latest confidentiality review, if its (final) conclusion is passed."""
    review = item.reviews.order_by("-pk").first()
    if review is not None and review.final_conclusion == ReviewConclusion.PASSED:
        return review
    return None


@transaction.atomic
def approve_item(*, by: Any, item: InformationItem) -> InformationItem:
    item = _locked(item)
    _require(item, Status.APPROVAL)
    _refuse_own_work(by, item)
    before = _snap(item)
    item.status = Status.APPROVED
    item.approved_by = by
    item.approved_at = clock.now()
    _save(item, by, Actions.APPROVED, before)
    _tell_next(item, by=by)
    return item


@transaction.atomic
def publish_item(
    *, by: Any, item: InformationItem, channels: list[str] | None = None
) -> InformationItem:
    """D-3, D-6: publish an approved proactive item on the portal (and the other channels).

    D-11: nothing reaches the public without a passed review — checked here again, whatever the
    status says. D-7: the publication meets the item's 20-working-day clock.
    """
    item = _locked(item)
    _require(item, Status.APPROVED)
    if item.attribute != Attribute.PROACTIVE:
        raise DomainError(_("Only proactive items are published."), code="attribute")
    if passed_review(item) is None:
        raise DomainError(
            _("No passed confidentiality review: the item cannot be published."),
            code="review",
        )
    if not _all_signed(item):
        raise DomainError(_("Not every department concerned has confirmed."), code="signoff")
    wanted = [Channel.PORTAL.value] + [c for c in (channels or []) if c != Channel.PORTAL]
    for channel in wanted:
        if channel not in Channel.values:
            raise DomainError(_("Unknown publication channel."), code="channel")
    before = _snap(item)
    today = clock.today()
    item.status = Status.PUBLISHED
    item.published_on = today
    if not item.index_number:  # an item published before (then withdrawn) keeps its number
        item.index_number = next_index_number(
            prefix=publisher_code(bureau=item.bureau, unit=item.publisher_unit),
            year=item.formed_on.year,
        )
    if item.is_normative and not item.validity:
        item.validity = Validity.EFFECTIVE
    for channel in dict.fromkeys(wanted):
        ChannelRecord.objects.create(item=item, channel=channel, released_on=today)
    deadline = publication_deadline(item)
    on_time = None
    if deadline is not None and deadline.is_open:
        deadline = workdays.meet_deadline(by=by, deadline=deadline, on=today)
        on_time = deadline.met_on_time
    if item.supersedes_id:
        previous = InformationItem.objects.select_for_update().get(pk=item.supersedes_id)
        if previous.is_normative and previous.validity == Validity.EFFECTIVE:
            prev_before = _snap(previous)
            previous.validity = Validity.AMENDED
            _save(previous, by, Actions.VALIDITY_CHANGED, prev_before)
    _save(item, by, Actions.PUBLISHED, before, channels=wanted, on_time=on_time)
    search.index_item(item)
    return item


@transaction.atomic
def record_channel(
    *, by: Any, item: InformationItem, channel: str, released_on: dt.date, note: str = ""
) -> ChannelRecord:
    """D-6: record a further channel the published item went out on."""
    item = _locked(item)
    _require(item, Status.PUBLISHED)
    if channel not in Channel.values:
        raise DomainError(_("Unknown publication channel."), code="channel")
    if released_on > clock.today():
        raise DomainError(_("The release date cannot be in the future."), code="dates")
    record = ChannelRecord.objects.create(
        item=item, channel=channel, released_on=released_on, note=note.strip()
    )
    bump_public_generation()  # the item page lists its channels
    audit.record(
        actor=by,
        action=Actions.CHANNEL_RECORDED,
        obj=item,
        after={"channel": channel, "released_on": released_on},
    )
    return record


@transaction.atomic
def withdraw_item(*, by: Any, item: InformationItem, reason: str) -> InformationItem:
    item = _locked(item)
    _require(item, Status.PUBLISHED)
    if not reason.strip():
        raise DomainError(_("Give the reason for withdrawing the item."), code="reason")
    before = _snap(item)
    item.status = Status.WITHDRAWN
    search.unindex_item(item)
    _save(item, by, Actions.WITHDRAWN, before, reason=reason.strip())
    return item


@transaction.atomic
def set_validity(*, by: Any, item: InformationItem, validity: str) -> InformationItem:
    """有效性 of a normative document: effective, amended or abolished."""
    item = _locked(item)
    if not item.is_normative:
        raise DomainError(_("Only normative documents have a validity."), code="validity")
    if validity not in Validity.values:
        raise DomainError(_("Unknown validity."), code="validity")
    before = _snap(item)
    item.validity = validity
    _save(item, by, Actions.VALIDITY_CHANGED, before)
    return item


# --- attachments ------------------------------------------------------------------------------


def _kind_of(data: bytes, name: str) -> tuple[str, str]:
    """The file type by its content (never by its name)."""
    guess = filetype.guess(data)
    if guess is not None:
        mime = guess.mime
        if mime in policy.ALLOWED_ATTACHMENT_TYPES:
            return mime, policy.ALLOWED_ATTACHMENT_TYPES[mime]
        raise DomainError(
            _("This type of file (%(type)s) cannot be attached.") % {"type": mime}, code="file"
        )
    if name.lower().endswith(".txt") and b"\x00" not in data[:4096]:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "text/plain", "txt"
    raise DomainError(
        _("Only PDF, Word, Excel, image and UTF-8 text files can be attached."), code="file"
    )


def add_attachment(
    *, by: Any, item: InformationItem, upload: UploadedFile, description: str = ""
) -> Attachment:
    """Attach a file to a draft: type checked by content, size limited, text read for search.

    The file is checked and its text read first, outside any transaction, so a large or hostile
    file never holds a lock (`extraction` bounds the time and memory it may take); an Office file
    beyond the zip limits is refused, a PDF's automatic actions and scripts are removed before it
    is stored. A file whose text cannot be read is still attached, with the outcome recorded for
    staff. An image needs its description: it is its alternative text on the portal and what the
    search finds it by.
    """
    _require(item, Status.DRAFT)  # before the work; checked again under the lock
    if upload.size is None or upload.size > policy.MAX_ATTACHMENT_BYTES:
        raise DomainError(
            _("A file may be at most %(mb)d MB.")
            % {"mb": policy.MAX_ATTACHMENT_BYTES // (1024 * 1024)},
            code="size",
        )
    if upload.size == 0:
        raise DomainError(_("The file is empty."), code="size")
    description = " ".join(description.replace("\x00", "").split())[:300]
    data = upload.read(policy.MAX_ATTACHMENT_BYTES + 1)
    mime, kind = _kind_of(data, upload.name or "")
    if mime.startswith("image/") and not description:
        raise DomainError(
            _("Describe the image: the description is its alternative text on the portal."),
            code="description",
        )
    try:
        inspected = extraction.inspect(kind, data)
    except extraction.Refused as exc:
        raise DomainError(exc.message, code="file") from None
    data = inspected.data
    extracted = extraction.extract(kind, data)
    message = extracted.message
    if inspected.cleaned:
        message = " ".join(
            filter(None, [_("Automatic actions and scripts were removed from this PDF."), message])
        )[:300]
    name = (upload.name or "").replace("\x00", "").rsplit("/", 1)[-1].strip()[:200]
    name = name or f"attachment.{kind}"
    return _store_attachment(
        by=by,
        item=item,
        name=name,
        mime=mime,
        kind=kind,
        data=data,
        description=description,
        extracted=extracted,
        message=message,
        cleaned=inspected.cleaned,
    )


@transaction.atomic
def _store_attachment(
    *,
    by: Any,
    item: InformationItem,
    name: str,
    mime: str,
    kind: str,
    data: bytes,
    description: str,
    extracted: extraction.Extraction,
    message: str,
    cleaned: bool,
) -> Attachment:
    item = _locked(item)
    _require(item, Status.DRAFT)
    attachment = Attachment(
        item=item,
        name=name,
        content_type=mime,
        size=len(data),
        text=extracted.text,
        description=description,
        extraction_status=extracted.status,
        extraction_message=message,
        uploaded_at=clock.now(),
    )
    attachment.file.save(f"{clock.now():%Y%m%d%H%M%S}.{kind}", ContentFile(data), save=False)
    attachment.save()
    bump_public_generation()
    audit.record(
        actor=by,
        action=Actions.ATTACHMENT_ADDED,
        obj=item,
        after={
            "attachment": attachment.pk,
            "name": name,
            "type": mime,
            "size": len(data),
            "extraction": extracted.status,
            **({"scripts_removed": True} if cleaned else {}),
        },
    )
    return attachment


def attachments_to_reread():
    """Attachments stored before their text was read (`extraction_status` left at its default)
    whose type the extraction reads: PDF, Word, Excel, text — and images, whose description is
    what the index holds."""
    readable = {
        mime
        for mime, kind in policy.ALLOWED_ATTACHMENT_TYPES.items()
        if kind in extraction.READERS or mime.startswith("image/")
    }
    return Attachment.objects.filter(
        extraction_status=ExtractionStatus.UNSUPPORTED, content_type__in=readable
    ).order_by("pk")


def reread_attachment(*, attachment_id: int) -> Attachment | None:
    """Read the text of one stored attachment and re-index its item if it is published.

    Idempotent: an attachment already read (or read by another worker meanwhile) is left alone.
    The file is read before the transaction, so a slow PDF never holds a lock.
    """
    attachment = attachments_to_reread().filter(pk=attachment_id).first()
    if attachment is None:
        return None
    with attachment.file.open("rb") as handle:
        data = handle.read()
    kind = policy.ALLOWED_ATTACHMENT_TYPES[attachment.content_type]
    extracted = extraction.extract(kind, data)
    with transaction.atomic():
        item = _locked(attachment.item)
        current = attachments_to_reread().select_for_update().filter(pk=attachment_id).first()
        if current is None:
            return None
        current.text = extracted.text
        current.extraction_status = extracted.status
        current.extraction_message = extracted.message
        current.save(update_fields=["text", "extraction_status", "extraction_message"])
        if item.status == Status.PUBLISHED:
            search.index_item(item)
            bump_public_generation()
        audit.record(
            actor=None,
            action=Actions.ATTACHMENT_TEXT_READ,
            obj=item,
            after={"attachment": current.pk, "extraction": extracted.status},
        )
    return current


# --- withheld items (条例第十八条) -------------------------------------------------------------


@transaction.atomic
def reassess_withheld(
    *, by: Any, item: InformationItem, keep: bool, note: str, new_attribute: str = ""
) -> InformationItem:
    """Re-assess a withheld item: keep it withheld until the next review date, or release it.

    A released item becomes a draft (proactive or on application) and goes through every gate;
    for a proactive one the D-7 clock runs from today, the day it changed.
    """
    item = _locked(item)
    if item.attribute != Attribute.WITHHELD:
        raise DomainError(_("Only withheld items are re-assessed."), code="attribute")
    if not note.strip():
        raise DomainError(_("Record the outcome of the re-assessment."), code="note")
    before = _snap(item)
    today = clock.today()
    if keep:
        item.reassess_on = _reassess_date(today)
    else:
        if new_attribute not in (Attribute.PROACTIVE, Attribute.ON_APPLICATION):
            raise DomainError(_("Choose the new disclosure attribute."), code="attribute")
        item.attribute = new_attribute
        item.withhold_reason = ""
        item.reassess_on = None
        item.changed_on = today
        item.status = Status.DRAFT
    _save(item, by, Actions.REASSESSED, before, keep=keep, note=note.strip())
    _restart_clock(item, by)
    return item


# --- clarifications (D-9) ----------------------------------------------------------------------


@transaction.atomic
def record_clarification(
    *,
    by: Any,
    bureau: Bureau,
    found_where: str,
    found_on: dt.date,
    false_information: str,
    title: str,
    body: str,
    category: Category,
    corrects: InformationItem | None = None,
) -> Clarification:
    """D-9: record false or incomplete information and draft the clarification that corrects it.

    The clarification is an ordinary proactive item: it passes the same gates before publication.
    """
    if not found_where.strip() or not false_information.strip():
        raise DomainError(_("Record where the information was found and what it said."))
    if found_on > clock.today():
        raise DomainError(_("The date found cannot be in the future."), code="dates")
    if not body.strip():
        raise DomainError(_("Write the clarification."), code="body")
    if corrects is not None and corrects.bureau_id != bureau.pk:
        raise DomainError(_("The corrected item must belong to the bureau."))
    item = create_item(
        by=by,
        bureau=bureau,
        title=title,
        category=category,
        formed_on=clock.today(),
        attribute=Attribute.PROACTIVE,
        body=body.strip(),
        summary=false_information.strip()[:200],
    )
    clarification = Clarification.objects.create(
        bureau=bureau,
        found_where=found_where.strip(),
        found_on=found_on,
        false_information=false_information.strip(),
        corrects=corrects,
        clarification=item,
        recorded_by=by,
        created_at=clock.now(),
    )
    audit.record(
        actor=by,
        action=Actions.CLARIFICATION_RECORDED,
        obj=item,
        after={
            "found_where": found_where,
            "found_on": found_on,
            "corrects": getattr(corrects, "pk", None),
        },
    )
    return clarification


# --- the disclosure guide (R-11) ---------------------------------------------------------------


@transaction.atomic
def save_guide(*, by: Any, bureau: Bureau, body: str, online_contact: str = "") -> DisclosureGuide:
    if not body.strip():
        raise DomainError(_("The guide text is required."), code="body")
    guide = DisclosureGuide.objects.select_for_update().filter(bureau=bureau).first()
    before = audit.snapshot(guide, ["body", "online_contact"]) if guide else None
    if guide is None:
        guide = DisclosureGuide(bureau=bureau)
    guide.body = body.strip()
    guide.online_contact = online_contact.strip()
    guide.updated_at = clock.now()
    guide.save()
    bump_public_generation()  # the portal's guide page is cached with the register
    audit.record(
        actor=by,
        action=Actions.GUIDE_SAVED,
        obj=guide,
        before=before,
        after=audit.snapshot(guide, ["body", "online_contact"]),
        bureau_id=bureau.pk,
    )
    return guide


def publishers_of(bureau: Bureau) -> list[OrgUnit]:
    """D-15: who may publish: sections, affiliated units and public enterprises of the bureau."""
    return list(
        OrgUnit.objects.filter(bureau=bureau, is_active=True).order_by("kind", "sort_order", "name")
    )


# --- the search index after the administrators' term list changed (issue 15) ------------------


def reindex_search(*, batch: int = 200) -> int:
    """Index every item on the portal again (the words of the term list as one word each).

    Run by the job queued when the list changes and by `zhengwu reindex_search`. Batches of
    items, each in its own transaction with the items locked, so publication goes on meanwhile;
    an item withdrawn since is skipped. Returns the number of items indexed.
    """
    from zhengwu.disclosure.models import SearchDocument

    ids = list(SearchDocument.objects.order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            items = (
                InformationItem.objects.select_for_update()
                .filter(pk__in=ids[start : start + batch], status=Status.PUBLISHED)
                .prefetch_related("attachments")
            )
            for item in items:
                search.index_item(item)
                done += 1
    return done


def search_terms_changed() -> None:
    """After the term list changed: the next search reads it (every process compares what it
    loaded with the table); items already indexed are indexed again by a job, after commit."""
    from zhengwu.disclosure import jobs

    transaction.on_commit(jobs.reindex_search)
