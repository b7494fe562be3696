"""The inbox: every staff member's messages, read state and channel choices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.notifications import delivery, selectors, services
from zhengwu.notifications.forms import PreferenceForm
from zhengwu.notifications.models import Notification


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    _require(request, "notifications.view_inbox")
    rows = selectors.inbox(request.user)
    if request.GET.get("unread") == "1":
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread": selectors.unread_count(request.user),
         "only_unread": request.GET.get("unread") == "1"},
    )  # fmt: skip


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    _require(request, "notifications.view_inbox")
    if request.POST.get("all") == "1":
        services.mark_all_read(person=request.user)
    else:
        ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()]
        services.mark_read(person=request.user, notification_ids=ids)
    return redirect("notifications:inbox")


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a message's link and mark it read."""
    note = Notification.objects.filter(pk=pk, recipient=request.user).first()
    if note is None or not request.user.has_perm("notifications.read_notification", note):
        raise PermissionDenied
    services.mark_read(person=request.user, notification_ids=[note.pk])
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts=None):
        return redirect(note.url)
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    _require(request, "notifications.set_preferences")
    pref = delivery.preference_of(request.user)
    form = PreferenceForm(
        request.POST or None,
        initial={"email": pref.email, "sms": pref.sms, "daily_digest": pref.daily_digest},
    )
    if request.method == "POST" and form.is_valid():
        delivery.set_preferences(person=request.user, **form.cleaned_data)
        messages.success(request, _("Your choices were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
