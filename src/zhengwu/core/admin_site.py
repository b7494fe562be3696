"""The admin site asks the rules layer who may enter (not Django's is_staff flag)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class ZhengwuAdminSite(admin.AdminSite):
    site_header = _("zhengwu administration")
    site_title = _("zhengwu administration")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.has_perm("core.access_admin"))


class ZhengwuAdminConfig(AdminConfig):
    default_site = "zhengwu.core.admin_site.ZhengwuAdminSite"
