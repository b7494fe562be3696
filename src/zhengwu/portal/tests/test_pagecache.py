"""The public page cache (portal.pagecache): visitors get stored pages, never stale or private."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhengwu.disclosure import readership, services
from zhengwu.disclosure.models import InformationItem
from zhengwu.disclosure.tests.helpers import draft, publish


def test_a_visitors_second_read_is_served_without_running_the_view(dc, client) -> None:
    item = publish(dc, draft(dc, title="关于公布2026年重点排污单位名录的通知"))
    first = client.get(f"/info/{item.pk}/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"/info/{item.pk}/")
    assert again.status_code == 200
    assert again.content == first.content
    # Only the register's generation is read: no item, session or catalogue query.
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "关于公布2026年重点排污单位名录的通知" in again.content.decode()


def test_visitor_pages_set_no_cookie_and_ask_browsers_to_revalidate(dc, client) -> None:
    item = publish(dc, draft(dc))
    response = client.get(f"/info/{item.pk}/")
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    unchanged = client.get(f"/info/{item.pk}/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert unchanged.status_code == 304


def test_D11_a_change_of_the_register_is_seen_at_once(dc, client) -> None:
    item = publish(dc, draft(dc, title="关于开展扬尘专项整治的通知"))
    assert "关于开展扬尘专项整治的通知" in client.get("/").content.decode()
    newer = publish(dc, draft(dc, title="关于开展餐饮油烟专项检查的通知"))
    home = client.get("/").content.decode()
    assert newer.title in home and item.title in home
    services.withdraw_item(by=dc.officer, item=newer, reason="信息有误")
    assert newer.title not in client.get("/").content.decode()
    assert client.get(f"/info/{newer.pk}/").status_code == 404


def test_D9_a_published_clarification_shows_on_the_cached_page_it_corrects(dc, client) -> None:
    item = publish(dc, draft(dc))
    assert "澄清" not in client.get(f"/info/{item.pk}/").content.decode()
    clarification = services.record_clarification(
        by=dc.officer,
        bureau=item.bureau,
        found_where="某新闻网站",
        found_on=item.published_on,
        false_information="转载时把检查时间写错了",
        title="关于大气污染防治工作通知有关内容的澄清",
        body="经核实，检查时间应为2026年11月。",
        category=item.category,
        corrects=item,
    )
    publish(dc, clarification.clarification)
    page = client.get(f"/info/{item.pk}/").content.decode()
    assert "关于大气污染防治工作通知有关内容的澄清" in page


def test_a_signed_in_person_never_gets_the_visitors_copy(dc, client) -> None:
    item = publish(dc, draft(dc))
    visitor = client.get(f"/info/{item.pk}/").content.decode()
    client.force_login(dc.officer)
    staff = client.get(f"/info/{item.pk}/").content.decode()
    assert staff != visitor
    name = dc.officer.full_name or dc.officer.username
    assert name in staff and name not in visitor


def test_each_language_has_its_own_copy(dc, client) -> None:
    item = publish(dc, draft(dc))
    chinese = client.get(f"/info/{item.pk}/").content.decode()
    switched = client.get("/language/", {"language": "en", "next": f"/info/{item.pk}/"})
    assert switched.status_code == 302 and switched["Location"] == f"/info/{item.pk}/"
    english = client.get(f"/info/{item.pk}/").content.decode()
    assert "索引号" in chinese and "Index number" in english


def test_the_language_switch_goes_back_only_to_this_site(client, db) -> None:
    response = client.get("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.cookies["zhengwu_language"].value == "en"
    client.get("/language/", {"language": "xx"})
    assert client.cookies["zhengwu_language"].value == "en"


def test_reads_served_from_the_cache_are_counted(dc, client) -> None:
    item = publish(dc, draft(dc))
    readership.flush()  # counts other tests left in this process's buffer
    before = InformationItem.objects.get(pk=item.pk).view_count
    for _ in range(3):
        client.get(f"/info/{item.pk}/")
    readership.flush()
    assert InformationItem.objects.get(pk=item.pk).view_count == before + 3
