"""Permissions of the annual report (default deny)."""

from __future__ import annotations

import rules

from zhengwu.applications.rules import in_bureau, is_disclosure_officer
from zhengwu.disclosure.rules import is_head_of_disclosure_office

# Importing last year's published tables: the disclosure office of the bureau.
rules.add_perm(
    "reports.import_year", (is_disclosure_officer | is_head_of_disclosure_office) & in_bureau
)
