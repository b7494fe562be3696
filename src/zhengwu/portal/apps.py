from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "zhengwu.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        # What portal.memo keeps per generation: a change made in this process (the admin, a
        # test's factory) is seen at once; other processes see it with the next generation.
        from zhengwu.disclosure.models import Category
        from zhengwu.org.models import Bureau, OrgUnit
        from zhengwu.portal import rules  # noqa: F401 — registers the permissions
        from zhengwu.portal.models import SiteSettings

        for model in (Category, Bureau, OrgUnit, SiteSettings):
            post_save.connect(_forget, sender=model, dispatch_uid=f"portal-memo-{model.__name__}")
            post_delete.connect(
                _forget, sender=model, dispatch_uid=f"portal-memo-d-{model.__name__}"
            )


def _forget(sender, **kwargs) -> None:
    from zhengwu.portal import memo

    memo.clear()
