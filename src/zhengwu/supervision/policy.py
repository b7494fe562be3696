"""Rule data of the ledger: which milestones a task gets, and what materials may be stored.

The time limits themselves (1, 2, 3 working days; 4 weeks) are versioned `workdays.TimeLimit`
rows that a bureau edits as data; this module only says which rule applies to which milestone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from zhengwu.supervision.models import FeedbackStatus, IssueKind, MilestoneKind


@dataclass(frozen=True)
class MilestoneRule:
    kind: str
    rule_id: str
    issue_kinds: tuple[str, ...]


# S-1: deployment feedback; S-2: progress feedback (both for every task);
# S-3: a general issue's implementation report; S-4: a major issue's 4-week result.
MILESTONE_RULES: tuple[MilestoneRule, ...] = (
    MilestoneRule(MilestoneKind.DEPLOYMENT, "S-1", (IssueKind.GENERAL, IssueKind.MAJOR)),
    MilestoneRule(MilestoneKind.PROGRESS, "S-2", (IssueKind.GENERAL, IssueKind.MAJOR)),
    MilestoneRule(MilestoneKind.IMPLEMENTATION, "S-3", (IssueKind.GENERAL,)),
    MilestoneRule(MilestoneKind.RESULT, "S-4", (IssueKind.MAJOR,)),
)


def milestone_rules_for(issue_kind: str) -> list[MilestoneRule]:
    return [rule for rule in MILESTONE_RULES if issue_kind in rule.issue_kinds]


def reopen_milestone_rules(issue_kind: str) -> list[MilestoneRule]:
    """S-5: a reopened task owes its reports again, counted from the reopening day with the same
    time limits as on assignment (deployment, progress, then the implementation report or the
    4-week result)."""
    return milestone_rules_for(issue_kind)


def leader_check_required() -> bool:
    """S-13: after the head's sign-off the leader in charge of the lead undertaker checks (把关)
    each report before the office may accept it. On by default; a bureau that folds the check
    into its own routine sets ZHENGWU_SUPERVISION_LEADER_CHECK = False."""
    return bool(getattr(settings, "ZHENGWU_SUPERVISION_LEADER_CHECK", True))


def office_review_status() -> str:
    """The feedback status in which a report reaches the office's review (S-12, S-13)."""
    return FeedbackStatus.CHECKED if leader_check_required() else FeedbackStatus.SIGNED_OFF


# Reports in the hands of the head's superiors: not redrafted, and no task closes over them.
SUBMITTED_STATUSES: tuple[str, ...] = (FeedbackStatus.SIGNED_OFF, FeedbackStatus.CHECKED)


# Materials (S-13): office documents, PDF and images, checked by their content, not their name.
ALLOWED_MIME_TYPES: tuple[str, ...] = (
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/msword",
    "application/vnd.ms-excel",
    "application/x-ole-storage",
)


def max_upload_bytes() -> int:
    """Largest attachment; a deployment sets ZHENGWU_SUPERVISION_MAX_UPLOAD_MB in settings."""
    return int(getattr(settings, "ZHENGWU_SUPERVISION_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def max_import_rows() -> int:
    return int(getattr(settings, "ZHENGWU_SUPERVISION_MAX_IMPORT_ROWS", 2000))
