from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
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

    @admin.display(description=_("office phone"))
    def masked_office_phone(self, obj: Person) -> str:
        return mask_phone(obj.office_phone) if obj.office_phone else ""

    # Personal data (S-13 spirit, org.view_personal_data): whoever may not see phone numbers gets
    # them masked on the change page too, as in the list.
    PERSONAL_FIELDS = {"mobile": "masked_mobile", "office_phone": "masked_office_phone"}

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm("org.view_personal_data"):
            return fieldsets
        return [
            (name, {**opts, "fields": [self.PERSONAL_FIELDS.get(f, f) for f in opts["fields"]]})
            for name, opts in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("org.view_personal_data"):
            fields += list(self.PERSONAL_FIELDS.values())
        return fields

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Setting someone's password is audited, in the same transaction as the change."""
        with transaction.atomic():
            before = Person.objects.filter(pk=id).values_list("password", flat=True).first()
            response = super().user_change_password(request, id, form_url)
            person = Person.objects.filter(pk=id).first()
            if person is not None and before is not None and person.password != before:
                audit.record(
                    actor=request.user,
                    action="admin.password_set",
                    obj=person,
                    after={"usable_password": person.has_usable_password()},
                )
        return response

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
