"""Who may change the portal's site settings: the installation's superuser (the website is one for
every bureau of the installation, so no bureau's administrator changes it); auditors read."""

from __future__ import annotations

import rules

from zhengwu.org.rules import is_auditor, is_superuser

rules.add_perm("portal", is_superuser | is_auditor)
rules.add_perm("portal.view_sitesettings", is_superuser | is_auditor)
rules.add_perm("portal.add_sitesettings", is_superuser)
rules.add_perm("portal.change_sitesettings", is_superuser)
rules.add_perm("portal.delete_sitesettings", rules.always_deny)
