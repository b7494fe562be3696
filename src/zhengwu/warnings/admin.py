from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zhengwu.audit.admin import AuditedModelAdmin
from zhengwu.audit.confidential import hidden_condition
from zhengwu.audit.labels import object_type_label
from zhengwu.warnings.models import (
    AccountabilityCase,
    KeySupervisionItem,
    OverdueWarning,
    PhoneReminder,
    QuietHours,
    Reminder,
    ReminderRule,
)


class ReadOnlyAdmin(AuditedModelAdmin):
    """Rows of a confidential task's deadlines are left out for anyone not named on it (S-13)."""

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        rows = super().get_queryset(request)
        if any(f.name == "deadline" for f in self.model._meta.fields):
            rows = rows.exclude(
                hidden_condition("workdays.deadline", request.user, field="deadline_id")
            )
        return rows

    def get_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # The kind of subject in words ("督办事项"), not its stored code.
        return [
            "shown_subject_type" if name == "subject_type" else name
            for name in super().get_fields(request, obj)
        ]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return [*super().get_readonly_fields(request, obj), "shown_subject_type"]

    @admin.display(description=_("subject type"))
    def shown_subject_type(self, row):  # type: ignore[no-untyped-def]
        return object_type_label(getattr(row, "subject_type", ""))

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(OverdueWarning)
class OverdueWarningAdmin(ReadOnlyAdmin):
    list_display = ("deadline", "level", "raised_on", "processed_at")
    list_filter = ("level",)


@admin.register(PhoneReminder)
class PhoneReminderAdmin(ReadOnlyAdmin):
    list_display = ("deadline", "contact_name", "status", "created_at")
    list_filter = ("status",)


@admin.register(KeySupervisionItem)
class KeySupervisionItemAdmin(ReadOnlyAdmin):
    list_display = ("deadline", "status", "opened_at", "closed_at")
    list_filter = ("status",)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("deadline", "kind", "status", "sent_at")


@admin.register(ReminderRule)
class ReminderRuleAdmin(AuditedModelAdmin):
    list_display = ("kind", "label", "workdays_before", "send_at", "active")

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(QuietHours)
class QuietHoursAdmin(AuditedModelAdmin):
    list_display = ("allowed_from", "allowed_until", "working_days_only", "calendar_check_month")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AccountabilityCase)
class AccountabilityCaseAdmin(ReadOnlyAdmin):
    list_display = ("subject", "deadline", "status", "opened_at", "concluded_at")
    list_filter = ("status",)
