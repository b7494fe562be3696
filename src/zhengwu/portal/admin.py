from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhengwu.portal import services
from zhengwu.portal.models import SITE_ID, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """The one row of the portal's identity; saved through `portal.services` (audited)."""

    list_display = ["site_name", "host_organisation", "website_code", "icp_number"]
    fields = [*services.FIELDS, "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        exists = SiteSettings.objects.filter(pk=SITE_ID).exists()
        return not exists and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: SiteSettings, form: Any, change: bool) -> None:
        saved = services.save_site_settings(
            by=request.user, **{name: form.cleaned_data[name] for name in services.FIELDS}
        )
        obj.pk = saved.pk
        obj.updated_at = saved.updated_at
