"""System checks of public intake: the captcha must be on in production; the rate must parse."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def captcha_on(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if not getattr(settings, "ZHENGWU_CAPTCHA", True):
        return [
            checks.Warning(
                "ZHENGWU_CAPTCHA is off: the public application form and API accept robots.",
                hint="Unset ZHENGWU_CAPTCHA (it is only for tests).",
                id="applications.W001",
            )
        ]
    return []


@checks.register()
def intake_rate(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    from zhengwu.applications.intake import parse_rate

    try:
        parse_rate(getattr(settings, "ZHENGWU_INTAKE_RATE", "30/h"))
    except ValueError as error:
        return [checks.Error(str(error), id="applications.E001")]
    return []
