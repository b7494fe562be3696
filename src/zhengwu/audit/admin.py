from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from zhengwu.audit import confidential
from zhengwu.audit import services as audit
from zhengwu.audit.confidential import hidden_q, redacted, with_redaction
from zhengwu.audit.models import Event


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin edits are state changes like any other: each writes an audit event.

    The admin's change and delete views already run inside transaction.atomic, so the event is
    written in the same transaction as the change.
    """

    audit_prefix = "admin"

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        before = None
        if change and obj.pk:
            previous = type(obj).objects.filter(pk=obj.pk).first()
            before = audit.snapshot(previous) if previous is not None else None
        super().save_model(request, obj, form, change)
        after = audit.snapshot(obj)
        if before is not None:
            before, after = audit.changed(before, after)
        label = obj._meta.model_name
        audit.record(
            actor=request.user,
            action=f"{self.audit_prefix}.{label}_{'changed' if change else 'created'}",
            obj=obj,
            before=before,
            after=after,
        )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        before = audit.snapshot(obj)
        label = obj._meta.model_name
        audit.record(
            actor=request.user,
            action=f"{self.audit_prefix}.{label}_deleted",
            obj=obj,
            before=before,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only; events of confidential objects the reader is not named on are redacted (S-13,
    D-11): "机密事项 #id" with actor, time and action, no text."""

    list_display = ["seq", "occurred_at", "actor_name", "action", "object_type", "shown_object"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_name", "action", "request_id", "object_id"]
    date_hierarchy = "occurred_at"
    readonly_fields = [f.name for f in Event._meta.fields]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return with_redaction(super().get_queryset(request), request.user)

    def get_search_results(
        self, request: HttpRequest, queryset: models.QuerySet[Any], search_term: str
    ) -> tuple[models.QuerySet[Any], bool]:
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            # A hidden event's text must not be found by searching for it.
            results = results.exclude(hidden_q(request.user))
        return results, may_have_duplicates

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        event = super().get_object(request, object_id, from_field)
        return redacted(event) if event is not None else None

    @admin.display(description=_("object"), ordering="object_repr")
    def shown_object(self, event: Event) -> str:
        return (
            confidential.label(event) if getattr(event, "is_hidden", False) else event.object_repr
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
