"""Password authentication only; permissions come from the rules layer alone (default deny).

Django's ModelBackend would also grant every permission to a superuser and read the auth
permission tables; both would bypass org/rules.py, so this backend answers no permission question.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class AuthenticationOnlyBackend(ModelBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()
