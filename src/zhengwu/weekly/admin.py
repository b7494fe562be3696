from django.contrib import admin

from zhengwu.audit.admin import AuditedModelAdmin
from zhengwu.weekly.models import WeeklyReport


@admin.register(WeeklyReport)
class WeeklyReportAdmin(AuditedModelAdmin):
    """Read-only: reports change only through their services (pages, API, job)."""

    list_display = ("week", "kind", "leader", "preparing_unit", "status")
    list_filter = ("kind", "status")

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        """Only the reports the reader may open on the weekly pages (their items may include
        confidential tasks named to the preparer and the recipient, S-13)."""
        rows = super().get_queryset(request)
        readable = [r.pk for r in rows if request.user.has_perm("weekly.view_report", r)]
        return rows.filter(pk__in=readable)

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
