"""Audit events in words: each action code has a label people read; object types are named by
their model's name. A code without a label reads as a general description of its kind of change,
never as the code itself (the codes are for programs and the chain, not for people).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "api.token_issued": _("API token issued"),
    "api.token_revoked": _("API token revoked"),
    "applications.answered": _("Application answered"),
    "applications.case_concluded": _("Review or litigation concluded"),
    "applications.case_opened": _("Review or litigation recorded"),
    "applications.closed": _("Application closed"),
    "applications.consultation_answered": _("Opinion received"),
    "applications.consultation_sent": _("Opinion requested"),
    "applications.correction_answered": _("Correction request answered"),
    "applications.correction_received": _("Correction request received"),
    "applications.delivered": _("Answer delivered"),
    "applications.document_added": _("Document added to the application"),
    "applications.extended": _("Answer period extended"),
    "applications.fee_assessed": _("Fee assessed: no fee this time"),
    "applications.fee_notified": _("Fee notice sent"),
    "applications.fee_paid": _("Fee paid"),
    "applications.refusal_filed": _("Refusal recorded"),
    "applications.handler_assigned": _("Handler assigned"),
    "applications.moved_to_proactive": _("Moved to proactive disclosure"),
    "applications.receipt_confirmed": _("Receipt confirmed"),
    "applications.redacted": _("Information redacted"),
    "applications.submitted": _("Application submitted"),
    "applications.supplement_asked": _("Supplement requested"),
    "applications.supplement_received": _("Supplement received"),
    "assessment.exported": _("Assessment figures exported"),
    "auth.login": _("Logged in"),
    "auth.login_failed": _("Failed login"),
    "auth.logout": _("Logged out"),
    "disclosure.approved": _("Item approved"),
    "disclosure.attachment_added": _("Attachment added"),
    "disclosure.attachment_text_read": _("Attachment text read"),
    "disclosure.channel_recorded": _("Publication channel recorded"),
    "disclosure.clarification_recorded": _("Clarification recorded"),
    "disclosure.confidentiality_reviewed": _("Confidentiality review"),
    "disclosure.dispute_outcome_recorded": _("Dispute outcome recorded"),
    "disclosure.guide_saved": _("Disclosure guide saved"),
    "disclosure.item_changed": _("Item changed"),
    "disclosure.item_created": _("Item recorded"),
    "disclosure.published": _("Item published"),
    "disclosure.withheld_reassessed": _("Withheld item reassessed"),
    "disclosure.secrecy_answer_recorded": _("Secrecy office answer recorded"),
    "disclosure.signed_off": _("Coordination sign-off"),
    "disclosure.submitted_for_review": _("Submitted for review"),
    "disclosure.validity_changed": _("Validity changed"),
    "disclosure.withdrawn": _("Item withdrawn"),
    "disclosure.returned": _("Item returned"),
    "org.bureau_changed": _("Bureau changed"),
    "org.bureau_created": _("Bureau added"),
    "org.person_changed": _("Person changed"),
    "org.person_created": _("Person added"),
    "org.role_assigned": _("Role assigned"),
    "org.role_changed": _("Role changed"),
    "org.role_ended": _("Role ended"),
    "org.role_removed": _("Role removed"),
    "org.unit_changed": _("Unit changed"),
    "org.unit_created": _("Unit added"),
    "reports.year_imported": _("Annual report year imported"),
    "supervision.attachment_added": _("Material stored"),
    "supervision.feedback_accepted": _("Report accepted by the office"),
    "supervision.feedback_checked": _("Report checked by the leader in charge"),
    "supervision.feedback_check_returned": _("Report sent back by the leader in charge"),
    "supervision.feedback_drafted": _("Report drafted"),
    "supervision.feedback_head_returned": _("Report sent back by the head"),
    "supervision.feedback_returned": _("Report returned for redrafting"),
    "supervision.feedback_signed_off": _("Report signed off by the head"),
    "supervision.instruction_recorded": _("Instruction recorded"),
    "supervision.leader_remark": _("Leader's remark"),
    "supervision.ledger_imported": _("Ledger imported"),
    "supervision.meeting_recorded": _("Meeting recorded"),
    "supervision.milestone_met": _("Milestone met"),
    "supervision.plan_approval": _("Plan approved by a leader"),
    "supervision.plan_approved": _("Plan approved; nodes became milestones"),
    "supervision.plan_forwarded": _("Plan forwarded to the leaders"),
    "supervision.plan_returned": _("Plan returned"),
    "supervision.plan_submitted": _("Plan submitted"),
    "supervision.task_assigned": _("Assigned and undertakers notified"),
    "supervision.task_closed": _("Task closed"),
    "supervision.task_created": _("Task recorded"),
    "supervision.task_edited": _("Task changed"),
    "supervision.task_reopened": _("Task reopened"),
    "warnings.accountability_case_concluded": _("Accountability case concluded"),
    "warnings.accountability_case_opened": _("Accountability case opened"),
    "warnings.calendar_unconfirmed": _("Next year's calendar not confirmed"),
    "warnings.key_item_closed": _("Key supervision item concluded"),
    "warnings.key_item_entry": _("Key supervision entry"),
    "warnings.key_item_listed": _("Another overdue report on the key supervision list"),
    "warnings.key_item_opened": _("On the key supervision list"),
    "warnings.phone_call_recorded": _("Phone reminder call recorded"),
    "warnings.phone_reminder_listed": _("Another overdue report on the phone reminder"),
    "warnings.phone_reminder_opened": _("On the phone-reminder list"),
    "warnings.phone_reminder_resolved": _("Phone reminder resolved"),
    "warnings.reminder_sent": _("Reminder sent"),
    "warnings.warning_raised": _("Overdue warning raised"),
    "weekly.report_archived": _("Weekly report archived"),
    "weekly.report_drafted": _("Weekly report drafted"),
    "weekly.report_edited": _("Weekly report edited"),
    "weekly.report_issued": _("Weekly report issued"),
    "weekly.figures_refreshed": _("Weekly figures refreshed"),
    "weekly.leader_remark": _("Leader's remark on the weekly report"),
    "workdays.calendar_changed": _("Calendar changed"),
    "workdays.calendar_day_changed": _("Calendar day changed"),
    "workdays.calendar_day_removed": _("Calendar day removed"),
    "workdays.calendar_year_changed": _("Calendar year changed"),
    "workdays.deadline_cancelled": _("Deadline stopped"),
    "workdays.deadline_extended": _("Deadline extended"),
    "workdays.deadline_met": _("Deadline met"),
    "workdays.deadline_opened": _("Deadline opened"),
    "workdays.deadline_paused": _("Deadline paused"),
    "workdays.deadline_recomputed": _("Deadline recomputed"),
    "workdays.deadline_restarted": _("Deadline restarted"),
    "workdays.deadline_resumed": _("Deadline resumed"),
    "workdays.notice_imported": _("Holiday notice imported"),
    "workdays.time_limit_changed": _("Time limit changed"),
}

# The last word of a code without a label (e.g. an admin change "org.calendar_changed").
_VERBS: dict[str, Promise] = {
    "created": _("Record added"),
    "changed": _("Record changed"),
    "deleted": _("Record deleted"),
    "removed": _("Record removed"),
}


def action_label(code: str) -> str:
    """What happened, in words."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    verb = code.rsplit("_", 1)[-1]
    if verb in _VERBS:
        return str(_VERBS[verb])
    return gettext("Other action")


def actor_label(event: Any) -> str:
    """Who acted: the person's name, or "系统" for what the system did by itself (the log stores
    the word "system")."""
    if event.actor_id is None and event.actor_name in ("", "system"):
        return gettext("System")
    return event.actor_name


def action_choices() -> list[tuple[str, str]]:
    """(code, label) of every labelled action, by label: the audit log's filter."""
    return sorted(((code, str(label)) for code, label in ACTION_LABELS.items()), key=lambda c: c[1])


# Object types that name no model.
OBJECT_TYPES: dict[str, Promise] = {
    "assessment.year": _("assessment year"),
    "audit.chain": _("audit log"),
}


def object_type_label(object_type: str) -> str:
    """The kind of object, in words: the model's name ("督办事项"), else a general word."""
    if not object_type:
        return ""
    if object_type in OBJECT_TYPES:
        return str(OBJECT_TYPES[object_type])
    app_label, _dot, model_name = object_type.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return gettext("record")
    return str(model._meta.verbose_name)
