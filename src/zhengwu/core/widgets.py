"""Form widgets of the staff pages."""

from __future__ import annotations

from django import forms


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Choosing several of a long list (co-undertakers, the people named on a confidential task)
    without Ctrl-click: a scrollable box of checkboxes, which is all there is without JavaScript;
    core/zhengwu.js puts a filter box above it that hides the options not matching what is typed.
    Render it in a <fieldset> with the field's label as the legend (its checkboxes have labels of
    their own; the group has no single element to point a <label> at)."""

    template_name = "core/widgets/searchable_checkboxes.html"

    def __init__(self, attrs: dict[str, str] | None = None, choices: tuple = ()) -> None:
        attrs = {"class": "multi-pick-options", **(attrs or {})}
        super().__init__(attrs, choices)
