"""Who reads the ledger figures (default deny). Which undertakers each one sees is
`selectors.units_for`; which tasks count is `selectors.counted_tasks` (S-13)."""

from __future__ import annotations

import rules

from zhengwu.org.models import Role
from zhengwu.org.rules import is_hr, role_predicate

# Issue 5, point 7: the office, the supervision office and the leaders see every undertaker (leaders
# in charge: their units); each undertaker's head and liaison see their own; HR reads them for S-14.
reads_dashboards = role_predicate(
    Role.OFFICE_STAFF,
    Role.SUPERVISION_STAFF,
    Role.DIRECTOR,
    Role.LEADER_IN_CHARGE,
    Role.SECTION_HEAD,
    Role.LIAISON,
    Role.HR,
)

rules.add_perm("assessment.view_dashboard", reads_dashboards)
rules.add_perm("assessment.view_figure_items", reads_dashboards)
# S-14: the HR section (人事科) takes the figures into the annual target assessment.
rules.add_perm("assessment.view_assessment", is_hr)
rules.add_perm("assessment.export_assessment", is_hr)
# S-14: the accountability cases on ledger tasks — worked by the supervision office (permission
# `warnings.open_accountability_case`), followed by the office, the leaders and HR.
rules.add_perm(
    "assessment.view_cases",
    role_predicate(
        Role.SUPERVISION_STAFF, Role.OFFICE_STAFF, Role.DIRECTOR, Role.LEADER_IN_CHARGE, Role.HR
    ),
)

# D-12: the disclosure assessment (考核评议) of the bureau's performance evaluation — read by HR for
# the evaluation, by the director and by the disclosure officers whose work it measures.
reads_disclosure_assessment = is_hr | role_predicate(Role.DIRECTOR, Role.DISCLOSURE_OFFICER)
rules.add_perm("assessment.view_disclosure_assessment", reads_disclosure_assessment)
rules.add_perm("assessment.export_disclosure_assessment", reads_disclosure_assessment)
