"""Forms of applications: the public form (R-1) and staff entry of letters, visits and faxes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengwu.applications.models import (
    ApplicantCategory,
    ApplicantKind,
    Channel,
    CorrectionStatus,
    Delivery,
    IdType,
    InfoForm,
)
from zhengwu.core import inputs

ORGANISATION_CATEGORIES = [c for c in ApplicantCategory.choices if c[0] != "natural_person"]


class ApplicationForm(forms.Form):
    applicant_kind = forms.ChoiceField(label=_("Applicant"), choices=ApplicantKind.choices)
    applicant_category = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", "—"), *ORGANISATION_CATEGORIES],
        required=False,
    )
    name = forms.CharField(label=_("Name or organisation"), max_length=100)
    legal_representative = forms.CharField(
        label=_("Legal representative"), max_length=50, required=False
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=18, required=False
    )
    id_type = forms.ChoiceField(label=_("Identity document"), choices=IdType.choices)
    id_number = forms.CharField(label=_("Document number"), max_length=30)
    scan = forms.FileField(label=_("Scan of the document"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    email = forms.CharField(label=_("E-mail"), max_length=100, required=False)
    address = forms.CharField(label=_("Postal address"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    info_title = forms.CharField(
        label=_("Title of the information"), max_length=200, required=False
    )
    info_document_number = forms.CharField(
        label=_("Document number of the information"), max_length=100, required=False
    )
    description = forms.CharField(
        label=_("Description of the information wanted"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    purpose = forms.CharField(label=_("Purpose (optional)"), max_length=200, required=False)
    form = forms.ChoiceField(label=_("Form wanted"), choices=InfoForm.choices)
    delivery = forms.ChoiceField(label=_("Way of delivery"), choices=Delivery.choices)


class StaffEntryForm(ApplicationForm):
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    handed_in_on = inputs.DateField(
        label=_("Handed in / signed for on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    field_order = ["channel", "handed_in_on"]


class CorrectionForm(forms.Form):
    """R-8: staff enter a request to correct records about the requester."""

    name = forms.CharField(label=_("Name"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    record = forms.CharField(label=_("Record concerned"), max_length=300)
    correction = forms.CharField(
        label=_("Correction asked"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    received_on = inputs.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    tracking_number = forms.CharField(
        label=_("Related application (tracking number, optional)"), max_length=20, required=False
    )


class CorrectionAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Result"), choices=[c for c in CorrectionStatus.choices if c[0] != "open"]
    )
    answered_on = inputs.DateField(
        label=_("Answered on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    answer = forms.CharField(
        label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PublicApplicationForm(ApplicationForm):
    """R-1: the online form. Where several bureaus are active the applicant chooses the one
    (行政机关) the application is addressed to; with one bureau the field is left out."""

    def __init__(self, *args: object, bureaus: list | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if bureaus and len(bureaus) > 1:
            self.fields["bureau"] = forms.ChoiceField(
                label=_("Bureau applied to"),
                choices=[("", "—"), *((b.code, b.name) for b in bureaus)],
                error_messages={
                    "required": _("Choose the bureau you apply to."),
                    "invalid_choice": _(
                        "This bureau is unknown or does not take applications; "
                        "choose one from the list."
                    ),
                },
            )
            self.order_fields(["bureau"])
