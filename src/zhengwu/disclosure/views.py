"""Staff pages of the information register: thin callers of services and selectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhengwu.core.errors import DomainError
from zhengwu.disclosure import forms, rules, selectors, services
from zhengwu.disclosure.models import (
    Attachment,
    Attribute,
    DisclosureGuide,
    InformationItem,
    SignOff,
    Status,
)


def home_panel_context(request: HttpRequest) -> dict[str, Any] | None:
    """Staff home: the D-7 worklist and the withheld items to re-assess, for disclosure officers."""
    user = request.user
    if not user.has_perm("disclosure.publish_item"):
        return None
    return {
        "due": selectors.due_worklist(user)[:10],
        "reassess_count": selectors.reassessment_worklist(user).count(),
    }


def _item(request: HttpRequest, pk: int) -> InformationItem:
    item = get_object_or_404(
        InformationItem.objects.select_related("bureau", "publisher_unit", "category", "author"),
        pk=pk,
    )
    if not request.user.has_perm("disclosure.view_item", item):
        raise Http404  # confidential: not even its existence is shown
    return item


def _bureau(request: HttpRequest) -> Any:
    bureau = request.user.bureau
    if bureau is None:
        raise PermissionDenied
    return bureau


@login_required
def register(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("disclosure.view_register"):
        raise PermissionDenied
    items = selectors.visible_items(request.user).order_by("-updated_at", "-pk")
    status = request.GET.get("status", "")
    attribute = request.GET.get("attribute", "")
    query = request.GET.get("q", "").strip()
    if status in Status.values:
        items = items.filter(status=status)
    if attribute in Attribute.values:
        items = items.filter(attribute=attribute)
    if query:
        items = items.filter(title__icontains=query) | items.filter(index_number__icontains=query)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/register.html",
        {
            "page": page,
            "statuses": Status.choices,
            "attributes": Attribute.choices,
            "status": status,
            "attribute": attribute,
            "q": query,
        },
    )


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """D-7 items due or overdue; withheld items to re-assess (条例第十八条)."""
    if not request.user.has_perm("disclosure.view_register"):
        raise PermissionDenied
    return render(
        request,
        "disclosure/worklist.html",
        {
            "waiting": selectors.waiting_for(request.user),
            "due": selectors.due_worklist(request.user),
            "reassess": selectors.reassessment_worklist(request.user),
        },
    )


@login_required
def item_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("disclosure.add_item"):
        raise PermissionDenied
    bureau = _bureau(request)
    form = forms.ItemForm(request.POST or None, bureau=bureau)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            item = services.create_item(
                by=request.user,
                bureau=bureau,
                concerned_units=list(form.cleaned_data["concerned_units"]),
                **data,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Recorded; the index number is given at publication."))
            return redirect("disclosure:item", pk=item.pk)
    return render(request, "disclosure/item_form.html", {"form": form, "item": None})


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    if not request.user.has_perm("disclosure.edit_item", item):
        raise PermissionDenied
    form = forms.ItemForm(request.POST or None, instance=item, bureau=item.bureau)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            services.update_item(
                by=request.user,
                item=InformationItem.objects.get(pk=pk),
                concerned_units=list(form.cleaned_data["concerned_units"]),
                opened_version=form.cleaned_data.get("opened_version"),
                **data,
            )
        except DomainError as exc:
            # a conflict keeps the person's input in the form, with the message on top
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("disclosure:item", pk=pk)
    return render(request, "disclosure/item_form.html", {"form": form, "item": item})


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    user = request.user
    signoffs = list(item.signoffs.select_related("unit", "by"))
    for signoff in signoffs:
        signoff.can_sign = user.has_perm("disclosure.sign_off", signoff)
    return render(
        request,
        "disclosure/item_detail.html",
        {
            "item": item,
            "deadline": selectors.publication_deadline(item),
            "reviews": item.reviews.select_related("reviewer"),
            "signoffs": signoffs,
            "channels": item.channels.all(),
            "attachments": item.attachments.all(),
            "clarifies": getattr(item, "clarifies", None),
            "can": {
                "edit": user.has_perm("disclosure.edit_item", item),
                "review": user.has_perm("disclosure.review_item", item),
                "answer": user.has_perm("disclosure.record_secrecy_answer", item),
                "outcome": user.has_perm("disclosure.record_dispute_outcome", item),
                "approve": user.has_perm("disclosure.approve_item", item),
                "publish": user.has_perm("disclosure.publish_item", item),
                "reassess": user.has_perm("disclosure.reassess_withheld", item),
            },
            "forms": {
                "review": forms.ReviewForm(),
                "answer": forms.SecrecyAnswerForm(),
                "signoff": forms.SignOffForm(),
                "outcome": forms.DisputeOutcomeForm(),
                "publish": forms.PublishForm(),
                "channel": forms.ChannelForm(),
                "attachment": forms.AttachmentForm(),
                "reassess": forms.ReassessForm(),
                "withdraw": forms.WithdrawForm(),
                "validity": forms.ValidityForm(initial={"validity": item.validity}),
            },
            "Status": Status,
        },
    )


def _act(
    request: HttpRequest,
    item: InformationItem,
    perm: str,
    action: Callable[[], Any],
    done: str,
    perm_obj: Any = None,
) -> HttpResponse:
    if not request.user.has_perm(perm, perm_obj if perm_obj is not None else item):
        reason = rules.refusal_message(request.user, perm, item)
        if reason is None:
            raise PermissionDenied
        messages.error(request, reason)
        return redirect("disclosure:item", pk=item.pk)
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("disclosure:item", pk=item.pk)


def _invalid(request: HttpRequest, item: InformationItem, form: Any) -> HttpResponse:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("disclosure:item", pk=item.pk)


def _form_action(
    form_class: type, perm: str, service: Callable[..., Any], done: Any
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A POST-only step of the item page: validate the form, check `perm` on the item, call
    `service(by=…, item=…, **cleaned_data)`, and come back to the item with the outcome.

    `done` is a lazy translation: these views are built at import, the message shown per request."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        item = _item(request, pk)
        form = form_class(request.POST)
        if not form.is_valid():
            return _invalid(request, item, form)
        return _act(
            request,
            item,
            perm,
            lambda: service(by=request.user, item=item, **form.cleaned_data),
            done,
        )

    return view


@login_required
@require_POST
def item_submit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return _act(
        request,
        item,
        "disclosure.edit_item",
        lambda: services.submit_for_review(by=request.user, item=item),
        _("Submitted for confidentiality review."),
    )


item_review = _form_action(
    forms.ReviewForm,
    "disclosure.review_item",
    services.review_item,
    gettext_lazy("Review recorded."),
)


item_secrecy_answer = _form_action(
    forms.SecrecyAnswerForm,
    "disclosure.record_secrecy_answer",
    services.record_secrecy_answer,
    gettext_lazy("Answer recorded."),
)


@login_required
@require_POST
def signoff_decide(request: HttpRequest, pk: int) -> HttpResponse:
    signoff = get_object_or_404(SignOff.objects.select_related("item", "unit"), pk=pk)
    item = _item(request, signoff.item_id)
    form = forms.SignOffForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, form)
    return _act(
        request,
        item,
        "disclosure.sign_off",
        lambda: services.sign_off(
            by=request.user,
            signoff=signoff,
            confirm=form.cleaned_data["decision"] == "confirm",
            note=form.cleaned_data["note"],
        ),
        _("Sign-off recorded."),
        perm_obj=signoff,
    )


@login_required
@require_POST
def signoff_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    signoff = get_object_or_404(SignOff.objects.select_related("item", "unit"), pk=pk)
    item = _item(request, signoff.item_id)
    form = forms.DisputeOutcomeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, form)
    return _act(
        request,
        item,
        "disclosure.record_dispute_outcome",
        lambda: services.record_dispute_outcome(
            by=request.user,
            signoff=signoff,
            allows_release=form.cleaned_data["allows_release"] == "yes",
            outcome=form.cleaned_data["outcome"],
            outcome_on=form.cleaned_data["outcome_on"],
        ),
        _("Outcome recorded."),
    )


@login_required
@require_POST
def item_approve(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return _act(
        request,
        item,
        "disclosure.approve_item",
        lambda: services.approve_item(by=request.user, item=item),
        _("Approved."),
    )


@login_required
@require_POST
def item_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = forms.PublishForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, form)
    return _act(
        request,
        item,
        "disclosure.publish_item",
        lambda: services.publish_item(
            by=request.user, item=item, channels=form.cleaned_data["channels"]
        ),
        _("Published on the portal."),
    )


item_channel = _form_action(
    forms.ChannelForm,
    "disclosure.publish_item",
    services.record_channel,
    gettext_lazy("Channel recorded."),
)


item_withdraw = _form_action(
    forms.WithdrawForm,
    "disclosure.publish_item",
    services.withdraw_item,
    gettext_lazy("Withdrawn from the portal."),
)


item_validity = _form_action(
    forms.ValidityForm,
    "disclosure.publish_item",
    services.set_validity,
    gettext_lazy("Validity changed."),
)


@login_required
@require_POST
def item_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, item, form)
    return _act(
        request,
        item,
        "disclosure.edit_item",
        lambda: services.add_attachment(
            by=request.user,
            item=item,
            upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        ),
        _("Attachment added."),
    )


@login_required
@require_POST
def item_reassess(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = forms.ReassessForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, form)
    decision = form.cleaned_data["decision"]
    return _act(
        request,
        item,
        "disclosure.reassess_withheld",
        lambda: services.reassess_withheld(
            by=request.user,
            item=item,
            keep=decision == "keep",
            note=form.cleaned_data["note"],
            new_attribute="" if decision == "keep" else decision,
        ),
        _("Re-assessment recorded."),
    )


@login_required
def staff_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment, pk=pk)
    _item(request, attachment.item_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
def clarification_new(request: HttpRequest) -> HttpResponse:
    """D-9: record false information and draft its clarification."""
    if not request.user.has_perm("disclosure.record_clarification"):
        raise PermissionDenied
    bureau = _bureau(request)
    form = forms.ClarificationForm(
        request.POST or None, items=selectors.public_items().filter(bureau=bureau)
    )
    if request.method == "POST" and form.is_valid():
        try:
            clarification = services.record_clarification(
                by=request.user, bureau=bureau, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Clarification recorded; it now goes through the review."))
            return redirect("disclosure:item", pk=clarification.clarification_id)
    return render(request, "disclosure/clarification_form.html", {"form": form})


@login_required
def guide_edit(request: HttpRequest) -> HttpResponse:
    """R-11: the disclosure guide is an editable page."""
    if not request.user.has_perm("disclosure.manage_guide"):
        raise PermissionDenied
    bureau = _bureau(request)
    guide = DisclosureGuide.objects.filter(bureau=bureau).first()
    initial = {"body": guide.body, "online_contact": guide.online_contact} if guide else {}
    form = forms.GuideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_guide(by=request.user, bureau=bureau, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The disclosure guide was saved."))
            return redirect("disclosure:guide")
    return render(request, "disclosure/guide_form.html", {"form": form, "bureau": bureau})
