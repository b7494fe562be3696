"""Everyone with a staff account has an inbox; each person sees only their own messages."""

from __future__ import annotations

import rules

from zhengwu.org.rules import is_auditor, is_staff_member, is_system_admin


@rules.predicate
def is_recipient(user: object, obj: object) -> bool:
    return obj is None or getattr(obj, "recipient_id", None) == getattr(user, "pk", None)


rules.add_perm("notifications.view_inbox", is_staff_member)
rules.add_perm("notifications.read_notification", is_staff_member & is_recipient)
rules.add_perm("notifications.set_preferences", is_staff_member)
# Django admin: delivery attempts are read by administrators and auditors.
rules.add_perm("notifications", is_system_admin | is_auditor)
rules.add_perm("notifications.view_delivery", is_system_admin | is_auditor)
