from django.contrib import admin

from zhengwu.audit.admin import AuditedModelAdmin
from zhengwu.supervision.models import Instruction, Meeting


@admin.register(Meeting)
class MeetingAdmin(AuditedModelAdmin):
    list_display = ["held_on", "meeting_type", "title", "bureau"]
    list_filter = ["meeting_type", "bureau"]
    search_fields = ["title"]
    readonly_fields = ["bureau", "created_by", "created_at"]


@admin.register(Instruction)
class InstructionAdmin(AuditedModelAdmin):
    list_display = ["given_on", "leader", "bureau"]
    list_filter = ["bureau"]
    readonly_fields = ["bureau", "leader", "created_by", "created_at"]
