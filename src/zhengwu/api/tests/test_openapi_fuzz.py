"""Schemathesis against the OpenAPI document: every documented operation answers as documented.

Generated requests go to the real WSGI application, as an anonymous caller and as a staff member
with a token. (Driven through hypothesis directly: schemathesis' pytest plugin does not support
the pytest version the project pins.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from zhengwu.api import services
from zhengwu.wsgi import application

pytestmark = pytest.mark.django_db


def test_api_conforms_to_its_openapi_document(cast) -> None:
    _token, raw = services.issue_token(by=None, person=cast.office_staff, name="fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the OpenAPI document lists no operation"

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {raw}"})
            case.call_and_validate()

        check()
