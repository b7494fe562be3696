"""Rule data of the ledger: which milestones a task gets, and what materials may be stored.

The time limits themselves (1, 2, 3 working days; 4 weeks) are versioned `workdays.TimeLimit`
rows that a bureau edits as data; this module only says which rule applies to which milestone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from zhengwu.supervision.models import IssueKind, MilestoneKind


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
