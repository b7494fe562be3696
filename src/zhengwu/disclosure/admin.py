from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from zhengwu.audit.admin import AuditedModelAdmin
from zhengwu.disclosure import services
from zhengwu.disclosure.models import (
    Category,
    Clarification,
    DisclosureGuide,
    InformationItem,
    SearchTerm,
)
from zhengwu.disclosure.selectors import confidential_hidden_from, visible_items


@admin.register(Category)
class CategoryAdmin(AuditedModelAdmin):
    """D-5: administrators maintain the catalogue tree (categories are deactivated, not deleted)."""

    list_display = ["code", "name", "parent", "sort_order", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["code", "name"]


@admin.register(SearchTerm)
class SearchTermAdmin(AuditedModelAdmin):
    """Issue 15: administrators keep the list of government terms the portal search knows
    (abbreviations, synonyms, words kept whole). A change takes effect at the next search; the
    items already indexed are indexed again by a job (or `zhengwu reindex_search`)."""

    list_display = ["term", "kind", "equivalents", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["term", "equivalents"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        services.search_terms_changed()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        services.search_terms_changed()


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
    """D-11: the admin lists and opens only what the staff register shows the same person
    (`selectors.visible_items`): a confidential item only for the people named on it."""

    list_display = ["index_number", "title", "status", "attribute", "published_on"]
    list_filter = ["status", "attribute"]
    search_fields = ["index_number", "title", "document_number"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[InformationItem]:
        visible = visible_items(request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=visible)


@admin.register(Clarification)
class ClarificationAdmin(ReadOnlyAdmin):
    list_display = ["found_on", "found_where", "clarification"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Clarification]:
        hidden = confidential_hidden_from(request.user).values("pk")
        return (
            super()
            .get_queryset(request)
            .exclude(corrects__in=hidden)
            .exclude(clarification__in=hidden)
        )


@admin.register(DisclosureGuide)
class DisclosureGuideAdmin(ReadOnlyAdmin):
    list_display = ["bureau", "updated_at"]
