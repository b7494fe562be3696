from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from zhengwu.audit import confidential, labels
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


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return labels.action_choices()

    def queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> Any:
        return queryset.filter(action=self.value()) if self.value() else queryset


class ObjectTypeFilter(admin.SimpleListFilter):
    title = _("object type")
    parameter_name = "object_type"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        types = Event.objects.order_by().values_list("object_type", flat=True).distinct()
        shown = ((t, labels.object_type_label(t)) for t in types if t)
        return sorted(shown, key=lambda choice: choice[1])

    def queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> Any:
        return queryset.filter(object_type=self.value()) if self.value() else queryset


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only; events of confidential objects the reader is not named on are redacted (S-13,
    D-11): "机密事项 #id" with actor, time and action, no text."""

    # Actions and kinds of object in words, as on the staff audit page; the codes stay in the data.
    list_display = [
        "seq",
        "occurred_at",
        "actor_name",
        "shown_action",
        "shown_type",
        "shown_object",
    ]
    list_filter = [ActionFilter, ObjectTypeFilter]
    search_fields = ["object_repr", "actor_name", "action", "request_id", "object_id"]
    date_hierarchy = "occurred_at"
    # The detail page likewise: the action and the kind of object in words.
    fields = [
        "shown_action"
        if f.name == "action"
        else "shown_type"
        if f.name == "object_type"
        else f.name
        for f in Event._meta.fields
    ]
    readonly_fields = fields

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

    @admin.display(description=_("action"), ordering="action")
    def shown_action(self, event: Event) -> str:
        return labels.action_label(event.action)

    @admin.display(description=_("object type"), ordering="object_type")
    def shown_type(self, event: Event) -> str:
        return labels.object_type_label(event.object_type)

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
