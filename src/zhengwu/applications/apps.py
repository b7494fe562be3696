from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "zhengwu.applications"
    label = "applications"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Applications for disclosure")

    def ready(self) -> None:
        # jobs: the worker only runs the huey tasks imported when the apps are ready
        from zhengwu.applications import checks, jobs, owner, rules  # noqa: F401 — registers them
        from zhengwu.core.registry import NavItem, register_nav

        owner.register()
        register_nav(
            NavItem(
                label=_("Applications"),
                url_name="applications:list",
                permission="applications.view_list",
                order=35,
                group="applications",
            )
        )
