import rules

from zhengwu.org.rules import is_auditor, is_system_admin

rules.add_perm("audit", is_auditor | is_system_admin)
rules.add_perm("audit.view_event", is_auditor | is_system_admin)
