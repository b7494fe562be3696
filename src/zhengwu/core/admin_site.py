"""The admin site asks the rules layer who may enter (not Django's is_staff flag), and shows each
person only the rows of the bureaus they work for (`org.selectors.in_bureaus`)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class BureauScoped:
    """Mixed into every registered ModelAdmin and inline: lists, change pages and the choices of
    related fields hold only rows of the person's bureaus. The installation's superuser (who adds
    bureaus) is the one exception."""

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        from zhengwu.org.selectors import in_bureaus  # the apps are loaded by now

        queryset = super().get_queryset(request)  # type: ignore[misc]
        return queryset if request.user.is_superuser else in_bureaus(queryset, request.user)

    def get_list_filter(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        """A filter on a related record offers only those present in the (scoped) list."""
        filters = []
        for entry in super().get_list_filter(request):  # type: ignore[misc]
            if isinstance(entry, str) and "__" not in entry:
                field = self.model._meta.get_field(entry)  # type: ignore[attr-defined]
                if field.is_relation:
                    entry = (entry, admin.RelatedOnlyFieldListFilter)
            filters.append(entry)
        return filters

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        return _scoped_choices(field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        return _scoped_choices(field, request)


def _scoped_choices(field, request):  # type: ignore[no-untyped-def]
    from zhengwu.org.selectors import in_bureaus

    if field is not None and hasattr(field, "queryset") and not request.user.is_superuser:
        field.queryset = in_bureaus(field.queryset, request.user)
    return field


def _scoped(admin_class: type) -> type:
    if issubclass(admin_class, BureauScoped):
        return admin_class
    attrs = {"__module__": admin_class.__module__}
    if getattr(admin_class, "inlines", None):
        attrs["inlines"] = [_scoped(inline) for inline in admin_class.inlines]
    return type(admin_class.__name__, (BureauScoped, admin_class), attrs)


class ZhengwuAdminSite(admin.AdminSite):
    site_header = _("zhengwu administration")
    site_title = _("zhengwu administration")
    index_title = _("Administration")

    def register(self, model_or_iterable, admin_class=None, **options):  # type: ignore[no-untyped-def]
        super().register(model_or_iterable, _scoped(admin_class or admin.ModelAdmin), **options)

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.has_perm("core.access_admin"))


class ZhengwuAdminConfig(AdminConfig):
    default_site = "zhengwu.core.admin_site.ZhengwuAdminSite"
