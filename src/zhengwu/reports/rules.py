"""Permissions of the annual report (default deny)."""

from __future__ import annotations

import rules

from zhengwu.applications.rules import in_bureau, is_disclosure_officer
from zhengwu.disclosure.rules import is_head_of_disclosure_office
from zhengwu.org.rules import is_auditor, is_leader

# Importing last year's published tables: the disclosure office of the bureau.
rules.add_perm(
    "reports.import_year", (is_disclosure_officer | is_head_of_disclosure_office) & in_bureau
)

# --- the report's files (D-13) --------------------------------------------------------------------
# Reading a bureau's computed tables and downloading them (.xlsx, .docx): the disclosure office,
# the leaders and the auditors of that bureau.
rules.add_perm(
    "reports.view_annual",
    (is_disclosure_officer | is_head_of_disclosure_office | is_leader | is_auditor) & in_bureau,
)
