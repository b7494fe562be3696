"""Schemathesis against the OpenAPI document: every documented operation answers as documented.

Generated requests go to the real WSGI application, as an anonymous caller and as a staff member
with a token. (Driven through hypothesis directly: schemathesis' pytest plugin does not support
the pytest version the project pins.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from zhengwu.api import services
from zhengwu.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """Calling the WSGI application directly would close the database connection after each
    request (Django does so on request_finished), ending the test's transaction; Django's own test
    client avoids it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_api_conforms_to_its_openapi_document(cast, keep_test_connection) -> None:
    _token, raw = services.issue_token(by=None, person=cast.office_staff, name="fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the OpenAPI document lists no operation"

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            # A schema-valid request may still be refused by a rule of the domain (a documented
            # 400: "already signed off", "no such unit"); every other check applies.
            skip = [positive_data_acceptance]
            case.call_and_validate(headers={"Authorization": f"Bearer {raw}"}, excluded_checks=skip)
            case.call_and_validate(excluded_checks=skip)

        check()
