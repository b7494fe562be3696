"""The catalogue's publisher filter takes only what can be a unit id; anything else is ignored,
never a 500 (found by the OpenAPI fuzz test: ?publisher=¹)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("publisher", ["¹", "١٢", "9" * 30, "abc"])
def test_R11_an_odd_publisher_value_is_ignored_not_an_error(client, publisher) -> None:
    api = client.get("/api/v1/public/items", {"publisher": publisher})
    assert api.status_code == 200
    assert api.json() == []
    search = client.get("/api/v1/public/search", {"q": "通知", "publisher": publisher})
    assert search.status_code == 200
