"""Admin for the calendar and the time limits (issue 3, points 1 and 7).

Every change goes through a service, so it is audited, bumps the calendar version and recomputes
the open deadlines of the year concerned; a time-limit change is a new version, never an edit.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from zhengwu.audit.admin import AuditedModelAdmin
from zhengwu.workdays import services
from zhengwu.workdays.models import CalendarDay, CalendarYear, TimeLimit
from zhengwu.workdays.selectors import rule_choices


def _copy(target: models.Model, source: models.Model) -> None:
    """Let the admin continue (messages, redirect) with the row the service wrote."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.adding = False


class TimeLimitForm(forms.ModelForm):
    rule_id = forms.ChoiceField(label=_("rule"))

    class Meta:
        model = TimeLimit
        fields = ["rule_id", "amount", "unit", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rules by name (答复期限), never by code (a stored version shows no form field).
        if "rule_id" in self.fields:
            self.fields["rule_id"].choices = rule_choices()

    def clean_amount(self) -> int:
        amount = self.cleaned_data["amount"]
        if amount < 1:
            raise forms.ValidationError(_("A time limit must be at least 1."))
        return amount


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["year", "status"]

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 1900 <= year <= 2200:
            raise forms.ValidationError(_("The year must be between 1900 and 2200."))
        return year


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedModelAdmin):
    list_display = ["day", "is_workday", "name", "source", "notice_title"]
    list_filter = ["is_workday", "source"]
    search_fields = ["name", "notice_title"]
    date_hierarchy = "day"
    fields = ["day", "is_workday", "name", "source", "notice_title"]
    readonly_fields = ["source", "notice_title"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*self.readonly_fields, "day"] if obj is not None else list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        row = services.set_calendar_day(
            by=request.user, day=obj.day, is_workday=obj.is_workday, name=obj.name
        )
        if row is not None:
            _copy(obj, row)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.set_calendar_day(by=request.user, day=obj.day, is_workday=None)


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedModelAdmin):
    form = CalendarYearForm
    list_display = ["year", "status", "source", "notice_title", "updated_at"]
    list_filter = ["status", "source"]
    fields = ["year", "status", "source", "notice_title", "updated_at"]
    readonly_fields = ["source", "notice_title", "updated_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*self.readonly_fields, "year"] if obj is not None else list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        row = services.set_year_status(by=request.user, year=obj.year, status=obj.status)
        _copy(obj, row)


@admin.register(TimeLimit)
class TimeLimitAdmin(AuditedModelAdmin):
    # People see rules by their names; the rule code is data for the code, not for them.
    list_display = ["label", "version", "amount", "unit", "legal_basis", "effective_from"]
    list_filter = ["label", "unit"]
    search_fields = ["label", "legal_basis"]
    form = TimeLimitForm

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["rule_id", "amount", "unit", "note"]
        return [f.name for f in TimeLimit._meta.fields if f.name not in ("id", "rule_id")]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else [f.name for f in TimeLimit._meta.fields]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Point 7: a new version through the service; earlier versions stay as they were.
        limit = services.set_time_limit(
            by=request.user,
            rule_id=obj.rule_id,
            amount=obj.amount,
            unit=obj.unit,
            note=obj.note,
        )
        _copy(obj, limit)
