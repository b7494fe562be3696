"""The person's own API tokens (their settings): issue (shown once), list, revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengwu.api import policy
from zhengwu.api.models import ApiToken
from zhengwu.api.services import expiry_of, issue_token, revoke_token
from zhengwu.core.errors import DomainError


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name (what the token is for)"), max_length=policy.MAX_NAME_LENGTH
    )
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=policy.MAX_LIFETIME_DAYS,
        initial=policy.DEFAULT_LIFETIME_DAYS,
    )
    read_only = forms.BooleanField(
        label=gettext_lazy("Read-only (may not change anything)"), required=False
    )


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("api.manage_own_tokens"):
        raise PermissionDenied
    form = TokenForm(request.POST if request.method == "POST" else None)
    raw = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = issue_token(by=request.user, person=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            form = TokenForm()
    own = [
        {"token": t, "expires": expiry_of(t)} for t in ApiToken.objects.filter(person=request.user)
    ]
    return render(request, "api/tokens.html", {"form": form, "raw": raw, "tokens": own})


@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST" or not request.user.has_perm("api.manage_own_tokens"):
        raise PermissionDenied
    # Only one's own tokens are found here: another person's id is "not found".
    token = ApiToken.objects.filter(pk=pk, person=request.user).first()
    if token is None:
        messages.error(request, _("No such token of yours."))
        return redirect("api-tokens")
    try:
        revoke_token(by=request.user, token=token)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The token was revoked."))
    return redirect("api-tokens")
