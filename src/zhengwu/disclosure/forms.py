from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengwu.core import inputs
from zhengwu.core.widgets import SearchableCheckboxSelectMultiple
from zhengwu.disclosure.models import (
    Attribute,
    Category,
    Channel,
    InformationItem,
    ReviewConclusion,
    Validity,
)
from zhengwu.org.models import OrgUnit


class DateInput(forms.DateInput):
    input_type = "date"


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.path


class ItemForm(forms.ModelForm):
    category = CategoryChoiceField(
        queryset=Category.objects.filter(is_active=True, parent__isnull=False),
        label=_("category"),
    )

    class Meta:
        model = InformationItem
        formfield_callback = inputs.formfield
        fields = [
            "title",
            "summary",
            "category",
            "document_number",
            "formed_on",
            "changed_on",
            "publisher_unit",
            "attribute",
            "withhold_reason",
            "withhold_note",
            "is_normative",
            "supersedes",
            "interprets",
            "body",
            "concerned_units",
            "is_confidential",
        ]
        widgets = {
            "formed_on": DateInput,
            "changed_on": DateInput,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "concerned_units": SearchableCheckboxSelectMultiple,
        }

    # When the item was last saved as the editor opened it: a save from an older state is refused
    # (someone else changed the item meanwhile; nothing is overwritten silently).
    opened_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args: Any, bureau: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["opened_version"].initial = self.instance.updated_at.isoformat()
        units = OrgUnit.objects.filter(bureau=bureau, is_active=True)
        self.fields["publisher_unit"].queryset = units
        self.fields["publisher_unit"].empty_label = _("The bureau itself")
        self.fields["concerned_units"].queryset = units
        self.fields["supersedes"].queryset = InformationItem.objects.filter(
            bureau=bureau, is_normative=True, is_confidential=False
        )
        interpretable = InformationItem.objects.filter(bureau=bureau, is_confidential=False)
        if self.instance.pk:
            interpretable = interpretable.exclude(pk=self.instance.pk)
        self.fields["interprets"].queryset = interpretable.order_by("-formed_on", "-pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("attribute") == Attribute.WITHHELD and not data.get("withhold_reason"):
            self.add_error("withhold_reason", _("A withheld item needs its legal reason."))
        return data

    def clean_opened_version(self) -> Any:
        import datetime as dt

        value = self.cleaned_data.get("opened_version") or ""
        if not value:
            return None
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError as exc:
            raise forms.ValidationError(_("Reload the page and edit again.")) from exc

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("concerned_units", None)
        data.pop("opened_version", None)
        return data


class ReviewForm(forms.Form):
    conclusion = forms.ChoiceField(choices=ReviewConclusion.choices, label=_("Conclusion"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    referred_to = forms.CharField(
        label=_("Referred to (if unsure)"), required=False, max_length=100
    )


class SecrecyAnswerForm(forms.Form):
    conclusion = forms.ChoiceField(
        choices=[
            (ReviewConclusion.PASSED, _("Passed")),
            (ReviewConclusion.FAILED, _("Not passed")),
        ],
        label=_("Answer of the authority"),
    )
    answer_on = inputs.DateField(label=_("Answer received on"), widget=DateInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignOffForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", _("Confirm the release")), ("dispute", _("Dispute"))],
        label=_("Decision"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DisputeOutcomeForm(forms.Form):
    allows_release = forms.ChoiceField(
        choices=[("yes", _("Release allowed")), ("no", _("Release not allowed"))],
        label=_("Outcome"),
    )
    outcome = forms.CharField(
        label=_("Outcome of the referral"), widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome_on = inputs.DateField(label=_("Outcome received on"), widget=DateInput)


class PublishForm(forms.Form):
    channels = forms.MultipleChoiceField(
        choices=[c for c in Channel.choices if c[0] != Channel.PORTAL],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Other channels (the portal is always used)"),
    )


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(choices=Channel.choices, label=_("Channel"))
    released_on = inputs.DateField(label=_("Released on"), widget=DateInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=300,
        help_text=_("What the file shows; required for images (it is their alternative text)."),
    )


class ReassessForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("keep", _("Keep withheld")),
            (Attribute.PROACTIVE, _("Release: proactive disclosure")),
            (Attribute.ON_APPLICATION, _("Release: disclosure on application")),
        ],
        label=_("Decision"),
    )
    note = forms.CharField(
        label=_("Outcome of the re-assessment"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ClarificationForm(forms.Form):
    found_where = forms.CharField(label=_("Where it was found"), max_length=200)
    found_on = inputs.DateField(label=_("Found on"), widget=DateInput)
    false_information = forms.CharField(
        label=_("What was false or incomplete"), widget=forms.Textarea(attrs={"rows": 3})
    )
    corrects = forms.ModelChoiceField(
        queryset=InformationItem.objects.none(), required=False, label=_("Item it concerns")
    )
    title = forms.CharField(label=_("Title of the clarification"), max_length=300)
    body = forms.CharField(label=_("Clarification"), widget=forms.Textarea(attrs={"rows": 6}))
    category = CategoryChoiceField(
        queryset=Category.objects.filter(is_active=True, parent__isnull=False), label=_("category")
    )

    def __init__(self, *args: Any, items: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if items is not None:
            self.fields["corrects"].queryset = items


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(choices=Validity.choices, label=_("Validity"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class GuideForm(forms.Form):
    body = forms.CharField(label=_("Guide text"), widget=forms.Textarea(attrs={"rows": 16}))
    online_contact = forms.CharField(label=_("Online contact"), required=False, max_length=200)
