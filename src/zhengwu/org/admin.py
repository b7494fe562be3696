from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from zhengwu.audit import services as audit
from zhengwu.audit.admin import AuditedModelAdmin
from zhengwu.org.models import Bureau, OrgUnit, Person, RoleAssignment
from zhengwu.org.selectors import mask_phone


@admin.register(Bureau)
class BureauAdmin(AuditedModelAdmin):
    list_display = ["name", "short_name", "code", "phone", "is_active"]
    search_fields = ["name", "code"]


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedModelAdmin):
    list_display = ["name", "bureau", "kind", "function", "sort_order", "is_active"]
    list_filter = ["bureau", "kind", "function", "is_active"]
    search_fields = ["name", "code"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "person"
    extra = 0
    fields = ["bureau", "role", "unit", "units_in_charge", "valid_from", "valid_until", "note"]
    filter_horizontal = ["units_in_charge"]


class PersonCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = Person
        fields = ("username", "full_name", "bureau", "unit")


class PersonChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = Person
        fields = "__all__"


@admin.register(Person)
class PersonAdmin(UserAdmin, AuditedModelAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    list_display = [
        "username",
        "full_name",
        "bureau",
        "unit",
        "job_title",
        "masked_mobile",
        "is_active",
    ]
    list_filter = ["bureau", "unit", "is_active"]
    search_fields = ["username", "full_name"]
    ordering = ["bureau", "unit", "full_name"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Person"),
            {
                "fields": (
                    "full_name",
                    "bureau",
                    "unit",
                    "job_title",
                    "mobile",
                    "office_phone",
                    "email",
                )
            },
        ),
        (_("Status"), {"fields": ("is_active", "is_superuser", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "bureau", "unit", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal: tuple[str, ...] = ()
    inlines = [RoleAssignmentInline]

    @admin.display(description=_("mobile phone"))
    def masked_mobile(self, obj: Person) -> str:
        return mask_phone(obj.mobile) if obj.mobile else ""

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            for obj in formset.new_objects + [o for o, _fields in formset.changed_objects]:
                after = audit.snapshot(obj)
                after["units_in_charge"] = sorted(obj.units_in_charge.values_list("pk", flat=True))
                audit.record(
                    actor=request.user, action="admin.roleassignment_saved", obj=obj, after=after
                )
            for obj in formset.deleted_objects:
                audit.record(
                    actor=request.user,
                    action="admin.roleassignment_deleted",
                    object_type="org.roleassignment",
                    object_id=str(obj.pk or ""),
                    object_repr=str(obj),
                    before=audit.snapshot(obj),
                )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedModelAdmin):
    list_display = ["person", "role", "unit", "bureau", "valid_from", "valid_until"]
    list_filter = ["bureau", "role", "unit"]
    search_fields = ["person__full_name", "person__username"]
    filter_horizontal = ["units_in_charge"]
    autocomplete_fields = ["person"]

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        audit.record(
            actor=request.user,
            action="admin.roleassignment_units_in_charge",
            obj=form.instance,
            after={
                "units_in_charge": sorted(
                    form.instance.units_in_charge.values_list("pk", flat=True)
                )
            },
        )
