"""Staff pages: the phone-reminder worklist (office) and the key supervision list (S-8)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.warnings import selectors, services
from zhengwu.warnings.forms import CallForm, CaseForm, CaseOutcomeForm, CloseForm, EntryForm
from zhengwu.warnings.models import KeySupervisionItem, PhoneReminder


def _require(request: HttpRequest, perm: str, obj: object = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
def phone_reminders(request: HttpRequest) -> HttpResponse:
    _require(request, "warnings.view_phone_reminders")
    show_all = request.GET.get("all") == "1"
    rows = selectors.phone_worklist(request.user, include_done=show_all)
    return render(request, "warnings/phone_reminders.html", {"rows": rows, "show_all": show_all})


def _reminder_for(request: HttpRequest, pk: int) -> PhoneReminder:
    rows = [r for r in selectors.phone_worklist(request.user, include_done=True) if r.pk == pk]
    if not rows:
        raise Http404  # hidden (confidential) and missing look the same
    _require(request, "warnings.view_phone_reminder", rows[0])
    return rows[0]


@login_required
def phone_reminder(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "warnings.view_phone_reminders")
    reminder = _reminder_for(request, pk)
    can_record = request.user.has_perm("warnings.record_call", reminder)
    initial = {
        "callee": reminder.contact_name,
        "callee_phone": reminder.contact_phone
        if request.user.has_perm("org.view_personal_data")
        else "",
        "called_at": clock.local(clock.now()).strftime("%Y-%m-%dT%H:%M"),
    }
    form = CallForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_call(
                    by=request.user,
                    reminder=reminder,
                    callee=data["callee"],
                    callee_phone=data["callee_phone"],
                    called_at=data["called_at"],
                    summary=data["summary"],
                    promised_date=data["promised_date"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The call was recorded."))
                return redirect("warnings:phone-reminder", pk=reminder.pk)
    return render(
        request,
        "warnings/phone_reminder.html",
        {"reminder": reminder, "form": form, "can_record": can_record},
    )


@login_required
def key_items(request: HttpRequest) -> HttpResponse:
    _require(request, "warnings.view_key_items")
    show_all = request.GET.get("all") == "1"
    rows = selectors.key_items(request.user, include_closed=show_all)
    return render(request, "warnings/key_items.html", {"rows": rows, "show_all": show_all})


@login_required
def key_item(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "warnings.view_key_items")
    rows = [r for r in selectors.key_items(request.user, include_closed=True) if r.pk == pk]
    if not rows:
        raise Http404
    item: KeySupervisionItem = rows[0]
    _require(request, "warnings.view_key_item", item)
    can_work = request.user.has_perm("warnings.work_key_item", item)
    entry_form = EntryForm(request.POST if request.POST.get("action") == "entry" else None)
    close_form = CloseForm(request.POST if request.POST.get("action") == "close" else None)
    case_form = CaseForm(request.POST if request.POST.get("action") == "case" else None)
    outcome_form = CaseOutcomeForm(
        request.POST if request.POST.get("action") == "outcome" else None
    )
    cases = list(item.deadline.accountability_cases.all())
    can_open_case = request.user.has_perm("warnings.open_accountability_case", item)
    if request.method == "POST" and request.POST.get("action") in {"case", "outcome"}:
        if not can_open_case:
            raise PermissionDenied
        form = case_form if request.POST.get("action") == "case" else outcome_form
        if form.is_valid():
            try:
                if form is case_form:
                    services.open_accountability_case(
                        by=request.user, on=item, subject=form.cleaned_data["subject"],
                        reason=form.cleaned_data["reason"],
                    )  # fmt: skip
                else:
                    case = next((c for c in cases if c.pk == form.cleaned_data["case"]), None)
                    if case is None:
                        raise Http404
                    services.conclude_accountability_case(
                        by=request.user, case=case, outcome=form.cleaned_data["outcome"]
                    )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The accountability case was saved."))
                return redirect("warnings:key-item", pk=item.pk)
    elif request.method == "POST":
        if not can_work:
            raise PermissionDenied
        form = entry_form if request.POST.get("action") == "entry" else close_form
        if form.is_valid():
            try:
                if form is entry_form:
                    services.add_key_item_entry(
                        by=request.user, item=item, kind=form.cleaned_data["kind"],
                        text=form.cleaned_data["text"],
                    )  # fmt: skip
                    messages.success(request, _("The entry was added."))
                else:
                    services.close_key_item(
                        by=request.user, item=item, outcome=form.cleaned_data["outcome"]
                    )
                    messages.success(request, _("The key supervision item was concluded."))
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("warnings:key-item", pk=item.pk)
    return render(
        request,
        "warnings/key_item.html",
        {
            "item": item,
            "entry_form": entry_form,
            "close_form": close_form,
            "can_work": can_work,
            "cases": cases,
            "case_form": case_form,
            "outcome_form": outcome_form,
            "can_open_case": can_open_case,
        },
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Warnings by level over time, open phone reminders and the key supervision list."""
    _require(request, "warnings.view_key_items")
    user = request.user
    return render(
        request,
        "warnings/dashboard.html",
        {
            "chart": selectors.warnings_by_week(user, today=clock.today()),
            "by_level": selectors.warnings_by_level(user),
            "calls": selectors.phone_worklist(user)
            if user.has_perm("warnings.view_phone_reminders")
            else None,
            "key_items": selectors.key_items(user),
        },
    )
