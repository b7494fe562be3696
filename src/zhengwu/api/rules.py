import rules

from zhengwu.org.rules import is_auditor, is_system_admin

rules.add_perm("api", is_system_admin | is_auditor)
rules.add_perm("api.view_apitoken", is_system_admin | is_auditor)
rules.add_perm("api.change_apitoken", is_system_admin)
