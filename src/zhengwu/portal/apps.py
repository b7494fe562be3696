from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "zhengwu.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        # Names of bureaus, units and categories are on the visitors' pages, which the page cache
        # and portal.memo keep per public generation: a change of one moves the generation on
        # (every process sees it), and this process forgets at once.
        from zhengwu.disclosure.models import Category
        from zhengwu.org.models import Bureau, OrgUnit
        from zhengwu.portal import rules  # noqa: F401 — registers the permissions
        from zhengwu.portal.models import SiteSettings

        for model in (Category, Bureau, OrgUnit, SiteSettings):
            post_save.connect(_forget, sender=model, dispatch_uid=f"portal-memo-{model.__name__}")
            post_delete.connect(
                _forget, sender=model, dispatch_uid=f"portal-memo-d-{model.__name__}"
            )


def _forget(sender, raw: bool = False, **kwargs) -> None:
    from django.db import transaction

    from zhengwu.disclosure.services import bump_public_generation
    from zhengwu.portal import memo

    memo.clear()
    if not raw and sender.__name__ != "SiteSettings":  # the site settings' service bumps it
        transaction.on_commit(bump_public_generation)
