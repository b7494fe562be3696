from __future__ import annotations

import pytest

from zhengwu.applications.tests.helpers import AppCast, make_app_cast


@pytest.fixture
def ac(cast) -> AppCast:
    return make_app_cast(cast)


@pytest.fixture(autouse=True)
def _media(tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _intake(settings) -> None:
    """As with ZHENGWU_CAPTCHA=off and ZHENGWU_INTAKE_RATE=0; the tests of both turn them on."""
    settings.ZHENGWU_CAPTCHA = False
    settings.ZHENGWU_INTAKE_RATE = "0"
