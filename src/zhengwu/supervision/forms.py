"""Forms of the ledger pages. They only parse input; rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengwu.core import inputs
from zhengwu.core.display import with_title
from zhengwu.core.widgets import SearchableCheckboxSelectMultiple
from zhengwu.org.models import OrgUnit, Person
from zhengwu.org.selectors import undertaking_units
from zhengwu.supervision.models import IssueKind, MeetingType, SourceKind, TaskStatus
from zhengwu.supervision.selectors import leaders


class DateInput(forms.DateInput):
    input_type = "date"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MeetingForm(forms.Form):
    meeting_type = forms.ChoiceField(label=_("Meeting type"), choices=MeetingType.choices)
    held_on = inputs.DateField(label=_("Held on"), widget=DateInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea, required=False)


class LeaderChoiceField(forms.ModelChoiceField):
    """A leader is chosen by name and title ("王建国（局长）"), as lists show them."""

    def label_from_instance(self, obj: Person) -> str:
        return with_title(obj)


class InstructionForm(forms.Form):
    leader = LeaderChoiceField(label=_("Leader"), queryset=Person.objects.none())
    given_on = inputs.DateField(label=_("Given on"), widget=DateInput)
    text = forms.CharField(label=_("Instruction"), widget=forms.Textarea)

    def __init__(self, *args: Any, bureau_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders(bureau_id)


class TaskForm(forms.Form):
    """One decision → one task. Used alone and, with a prefix, several times in one page."""

    title = forms.CharField(label=_("Task"), max_length=200, required=False)
    content = forms.CharField(
        label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    instructing_leader = LeaderChoiceField(
        label=_("Instructing leader"), queryset=Person.objects.none(), required=False
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Lead undertaker"), queryset=OrgUnit.objects.none(), required=False
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-undertakers"), queryset=OrgUnit.objects.none(), required=False,
        widget=SearchableCheckboxSelectMultiple,
    )  # fmt: skip
    issue_kind = forms.ChoiceField(
        label=_("Issue kind"), choices=IssueKind.choices, initial=IssueKind.GENERAL
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    confidential = forms.BooleanField(label=_("Confidential"), required=False)
    named_readers = forms.ModelMultipleChoiceField(
        label=_("People named on a confidential task"), queryset=Person.objects.none(),
        required=False, widget=SearchableCheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args: Any, bureau_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = undertaking_units(bureau_id).order_by("kind", "sort_order", "name")
        self.fields["lead_unit"].queryset = units
        self.fields["co_units"].queryset = units
        self.fields["instructing_leader"].queryset = leaders(bureau_id)
        self.fields["named_readers"].queryset = Person.objects.filter(
            bureau_id=bureau_id, is_active=True
        ).order_by("unit__sort_order", "full_name")

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("title") or "").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("title") or "").strip():
            if not data.get("lead_unit"):
                self.add_error("lead_unit", _("Choose the lead undertaker."))
            if not data.get("instructing_leader"):
                self.add_error("instructing_leader", _("Choose the instructing leader."))
        return data


class TaskEditForm(TaskForm):
    """The office corrects a recorded task: the same fields, the title now required."""

    # the task's revision when the form was opened; a save from an older one is refused
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("title", "lead_unit", "instructing_leader"):
            self.fields[name].required = True

    @classmethod
    def initial_of(cls, task: Any) -> dict[str, Any]:
        return {
            "title": task.title,
            "content": task.content,
            "instructing_leader": task.instructing_leader_id,
            "lead_unit": task.lead_unit_id,
            "co_units": list(task.co_units.values_list("pk", flat=True)),
            "issue_kind": task.issue_kind,
            "urgent": task.urgent,
            "confidential": task.confidential,
            "named_readers": list(task.named_readers.values_list("pk", flat=True)),
            "revision": task.revision,
        }


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("Report"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Name the people, facts, root causes and effects."),
    )
    files = forms.FileField(label=_("Materials"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ResultForm(forms.Form):
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 4}))


class PlanForm(forms.Form):
    text = forms.CharField(label=_("Plan"), widget=forms.Textarea(attrs={"rows": 5}))
    nodes = forms.CharField(
        label=_("Time nodes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One node per line: a date like 2026-03-31, a space, then what is done by then."
        ),
    )
    files = forms.FileField(
        label=_("Plan materials"), required=False,
        help_text=_("PDF, Word, Excel or image files; you may choose several."),
        widget=MultipleFileInput(),
    )  # fmt: skip


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class LedgerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Undertaker"), queryset=OrgUnit.objects.none(), required=False
    )
    leader = LeaderChoiceField(
        label=_("Instructing leader"), queryset=Person.objects.none(), required=False
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All")), *SourceKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), ("open", _("All open")), *TaskStatus.choices],
        required=False,
    )
    due_from = inputs.DateField(label=_("Due from"), required=False, widget=DateInput)
    due_to = inputs.DateField(label=_("Due until"), required=False, widget=DateInput)
    urgent = forms.ChoiceField(
        label=_("Urgency"),
        choices=[("", _("All")), ("1", _("Urgent only")), ("0", _("Not urgent"))],
        required=False,
    )
    warning = forms.ChoiceField(
        label=_("Warning level"),
        choices=[("", _("All")), ("1", _("Level 1 or higher")), ("2", _("Level 2 or higher")),
                 ("3", _("Level 3"))],
        required=False,
    )  # fmt: skip
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("-number", _("Newest first")), ("number", _("Oldest first")),
                 ("due", _("Next deadline")), ("warning", _("Warning level")),
                 ("unit", _("Undertaker")), ("status", _("Status"))],
        required=False,
    )  # fmt: skip

    def __init__(self, *args: Any, bureau_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if bureau_id:
            self.fields["unit"].queryset = undertaking_units(bureau_id)
            self.fields["leader"].queryset = leaders(bureau_id)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Ledger workbook (.xlsx)"))
