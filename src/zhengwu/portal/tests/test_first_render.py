"""Pages no visitor asked for before: rendered with few statements, never with stale names.

What every visitor's page shows alike (site settings, catalogue lists, counts, the navigation) is
kept per public generation (portal.memo); a change of a name on those pages moves it on."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhengwu.disclosure.tests.helpers import draft, publish


def test_R11_an_item_page_never_requested_before_needs_four_statements(dc, client) -> None:
    first = publish(dc, draft(dc, title="关于开展2026年扬尘专项整治的通知"))
    second = publish(dc, draft(dc, title="关于公布2026年重点排污单位名录的通知"))
    assert client.get(f"/info/{first.pk}/").status_code == 200  # the shared parts, once
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/info/{second.pk}/")
    assert page.status_code == 200
    assert "关于公布2026年重点排污单位名录的通知" in page.content.decode()
    # The generation, the item, its links (clarifications, versions, interpretations) and
    # whether it has attachments.
    assert len(queries) <= 4, [q["sql"] for q in queries]


def test_R11_a_renamed_publisher_shows_on_pages_read_before(
    dc, client, django_capture_on_commit_callbacks
) -> None:
    item = publish(dc, draft(dc))
    unit = item.publisher_unit or item.bureau
    old_name = unit.name
    assert old_name in client.get(f"/info/{item.pk}/").content.decode()
    assert old_name in client.get("/catalogue/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        unit.name = "生态环境执法支队"
        unit.save()
    assert "生态环境执法支队" in client.get(f"/info/{item.pk}/").content.decode()
    assert "生态环境执法支队" in client.get("/catalogue/").content.decode()
