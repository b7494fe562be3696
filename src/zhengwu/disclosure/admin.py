from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhengwu.audit.admin import AuditedModelAdmin
from zhengwu.disclosure.models import Category, Clarification, DisclosureGuide, InformationItem


@admin.register(Category)
class CategoryAdmin(AuditedModelAdmin):
    """D-5: administrators maintain the catalogue tree (categories are deactivated, not deleted)."""

    list_display = ["code", "name", "parent", "sort_order", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["code", "name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Items change only through the disclosure services (staff pages and API)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InformationItem)
class InformationItemAdmin(ReadOnlyAdmin):
    list_display = ["index_number", "title", "status", "attribute", "published_on"]
    list_filter = ["status", "attribute"]
    search_fields = ["index_number", "title", "document_number"]


@admin.register(Clarification)
class ClarificationAdmin(ReadOnlyAdmin):
    list_display = ["found_on", "found_where", "clarification"]


@admin.register(DisclosureGuide)
class DisclosureGuideAdmin(ReadOnlyAdmin):
    list_display = ["bureau", "updated_at"]
