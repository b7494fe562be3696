from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    email = forms.BooleanField(label=_("Send me each message by e-mail"), required=False)
    sms = forms.BooleanField(label=_("Send me each message by SMS"), required=False)
    daily_digest = forms.BooleanField(
        label=_("Instead, send me one daily digest e-mail"), required=False
    )
