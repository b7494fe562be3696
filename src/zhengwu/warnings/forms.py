from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengwu.core import inputs
from zhengwu.warnings.models import EntryKind


class CallForm(forms.Form):
    callee = forms.CharField(label=_("Person called"), max_length=50)
    callee_phone = forms.CharField(label=_("Number called"), max_length=40)
    called_at = inputs.DateTimeField(
        label=_("Called at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    summary = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 3}))
    promised_date = inputs.DateField(
        label=_("Promised date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))


class CaseForm(forms.Form):
    subject = forms.CharField(label=_("Held accountable"), max_length=100)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CaseOutcomeForm(forms.Form):
    case = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}))
