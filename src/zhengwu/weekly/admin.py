from django.contrib import admin

from zhengwu.audit.admin import AuditedModelAdmin
from zhengwu.weekly.models import WeeklyReport


@admin.register(WeeklyReport)
class WeeklyReportAdmin(AuditedModelAdmin):
    """Read-only: reports change only through their services (pages, API, job)."""

    list_display = ("week", "kind", "leader", "preparing_unit", "status")
    list_filter = ("kind", "status")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
