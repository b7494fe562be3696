from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengwu.core import inputs
from zhengwu.weekly.models import ReportKind, ReportStatus


class NarrativeForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the week"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    problems = forms.CharField(label=_("Problems"), widget=forms.Textarea(attrs={"rows": 4}),
                               required=False)  # fmt: skip
    next_steps = forms.CharField(label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 4}),
                                 required=False)  # fmt: skip


class FilterForm(forms.Form):
    week = inputs.DateField(label=_("Week of"), required=False,
                           widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All")), *list(ReportKind.choices)])  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *list(ReportStatus.choices)])  # fmt: skip
