import rules

from zhengwu.org.rules import is_auditor, is_staff_member, is_system_admin

rules.add_perm("api", is_system_admin | is_auditor)
rules.add_perm("api.view_apitoken", is_system_admin | is_auditor)
# Nobody edits a token in the admin (owner, scope, expiry): administrators may only revoke.
rules.add_perm("api.change_apitoken", rules.always_deny)
rules.add_perm("api.add_apitoken", rules.always_deny)
rules.add_perm("api.delete_apitoken", rules.always_deny)
rules.add_perm("api.revoke_apitoken", is_system_admin)
# Every member of staff manages their own tokens (issue, list, revoke).
rules.add_perm("api.manage_own_tokens", is_staff_member)
