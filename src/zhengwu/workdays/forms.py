from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengwu.core import inputs
from zhengwu.workdays.selectors import rule_choices

MAX_NOTICE_BYTES = 200_000


class NoticeForm(forms.Form):
    """A notice pasted as text or uploaded as a .txt file (issue 3, point 2)."""

    text = forms.CharField(
        label=_("Notice text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "notice-text"}),
        help_text=_("Paste the whole notice, title included, as published."),
    )
    file = forms.FileField(
        label=_("or a .txt file"),
        required=False,
        help_text=_("UTF-8 or GB18030 text; if both are given, the file is read after the text."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if not upload.name.lower().endswith(".txt"):
            raise forms.ValidationError(_("Only .txt files can be read."))
        if upload.size > MAX_NOTICE_BYTES:
            raise forms.ValidationError(_("The file is too large for a notice."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("The file is not UTF-8 or GB18030 text."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste the text of a notice or choose a .txt file."))
        return data

    def texts(self) -> list[str]:
        return [t for t in (self.cleaned_data.get("text"), self.cleaned_data.get("file")) if t]


class ComputeForm(forms.Form):
    """A deadline computed from a rule and a start date, with its explanation (point 6)."""

    rule = forms.ChoiceField(label=_("Rule"))
    start = inputs.DateField(
        label=_("Start date (event or receipt)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = rule_choices()

    def clean_start(self) -> dt.date:
        start = self.cleaned_data["start"]
        if not 1950 <= start.year <= 2150:
            raise forms.ValidationError(_("Enter a date between 1950 and 2150."))
        return start
