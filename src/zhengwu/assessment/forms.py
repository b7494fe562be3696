from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class TaskCaseForm(forms.Form):
    """S-14: open an accountability case directly from a task: which milestone was missed."""

    milestone = forms.TypedChoiceField(label=_("Missed milestone"), coerce=int)
    subject = forms.CharField(label=_("Held accountable"), max_length=100)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, milestones: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [
            (m.pk, f"{m.display_label()} · {m.deadline.due_date:%Y-%m-%d}") for m in milestones
        ]


class ConcludeForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}))
