from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zhengwu.audit.confidential import redacted
from zhengwu.audit.labels import action_choices, action_label, actor_label, object_type_label
from zhengwu.audit.selectors import search_events
from zhengwu.core import inputs
from zhengwu.org.selectors import bureaus_for


class EventFilter(forms.Form):
    # Actions are chosen by their label; the code stays in the option's value.
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Actor"), required=False)
    text = forms.CharField(label=_("Object or request id"), required=False)
    since = inputs.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = inputs.DateField(
        label=_("To"), required=False, widget=forms.DateInput({"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *action_choices()]


def in_words(event: Any) -> Any:
    """The event as the log shows it: its action and object type in words, never as codes."""
    event.action_label = action_label(event.action)
    event.actor_label = actor_label(event)
    event.object_type_label = object_type_label(event.object_type)
    return event


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """The audit log for auditors and administrators: filter, page, read; never change."""
    if not request.user.has_perm("audit.view_event"):
        raise PermissionDenied
    form = EventFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    scope = bureaus_for(request.user)  # the one scope rule, superusers included
    events = search_events(
        action=filters.get("action", ""),
        actor=filters.get("actor", ""),
        text=filters.get("text", ""),
        since=filters.get("since"),
        until=filters.get("until"),
        bureau_ids=scope,
        viewer=request.user,
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    page.object_list = [in_words(redacted(event)) for event in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
