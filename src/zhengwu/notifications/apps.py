from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "zhengwu.notifications"
    label = "notifications"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from zhengwu.notifications import delivery, jobs, services  # noqa: F401

        if delivery.queue_deliveries not in services.after_notify_hooks:
            services.after_notify_hooks.append(delivery.queue_deliveries)
