"""Permissions of applications for disclosure (default deny; views, API and exports ask these).

Applications are scoped to their bureau: a person acts only on applications of a bureau they work
for (`org.selectors.bureaus_for`).
"""

from __future__ import annotations

import rules

from zhengwu.applications.models import Application
from zhengwu.disclosure.rules import is_head_of_disclosure_office
from zhengwu.org.models import Role
from zhengwu.org.rules import is_auditor, is_leader, is_system_admin, role_predicate
from zhengwu.org.selectors import bureaus_for

is_disclosure_officer = role_predicate(Role.DISCLOSURE_OFFICER)


@rules.predicate
def in_bureau(user: object, obj: object | None) -> bool:
    if obj is None:
        return True
    from zhengwu.org.models import Bureau

    bureau_id = obj.pk if isinstance(obj, Bureau) else getattr(obj, "bureau_id", None)
    if bureau_id is None and hasattr(obj, "application"):
        bureau_id = obj.application.bureau_id  # type: ignore[attr-defined]
    return bureau_id in bureaus_for(user)  # type: ignore[arg-type]


@rules.predicate
def is_handler(user: object, obj: object | None) -> bool:
    """The staff member handling the application; before one is named, the disclosure officers."""
    application = obj if isinstance(obj, Application) else getattr(obj, "application", None)
    if application is None:
        return False
    if application.handler_id is None:
        return bool(is_disclosure_officer(user))
    return getattr(user, "pk", None) == application.handler_id


may_see = (
    is_disclosure_officer | is_head_of_disclosure_office | is_leader | is_auditor
) & in_bureau
may_handle = is_disclosure_officer & in_bureau

rules.add_perm(
    "applications.view_list",
    is_disclosure_officer | is_head_of_disclosure_office | is_leader | is_auditor,
)
rules.add_perm("applications.see_application", may_see)
rules.add_perm("applications.enter_application", may_handle)
rules.add_perm("applications.handle_application", may_handle)
# Identity numbers and phones unmasked: only the staff handling the application.
rules.add_perm("applications.view_applicant_data", is_handler & in_bureau)
# an extension is approved by the head of the disclosure office.
rules.add_perm("applications.approve_extension", is_head_of_disclosure_office & in_bureau)
rules.add_perm("applications.record_followup", may_handle)
# correction requests are seen like applications and handled by the disclosure officers of
# the bureau, who alone see the requester's phone in full.
rules.add_perm("applications.see_correction", may_see)
rules.add_perm("applications.view_correction_data", may_handle)
rules.add_perm(
    "applications.calculate", is_disclosure_officer | is_head_of_disclosure_office | is_leader
)

for model in ("application", "filing", "remedycase", "correctionrequest"):
    rules.add_perm(f"applications.view_{model}", is_system_admin | is_auditor)
rules.add_perm("applications", is_system_admin | is_auditor)
