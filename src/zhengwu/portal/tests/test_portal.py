"""The public portal (D-3, D-6, R-11) and its one gate: only published, proactive, non-confidential
items ever appear, on every surface."""

from __future__ import annotations

import pytest

from zhengwu.core import clock
from zhengwu.disclosure import readership, selectors, services
from zhengwu.disclosure.models import Attribute, InformationItem
from zhengwu.disclosure.tests.helpers import draft, publish


@pytest.fixture
def items(dc):
    public = publish(dc, draft(dc, title="关于开展大气污染防治专项检查的通知"))
    unpublished = draft(dc, title="大气污染草稿不应公开")
    in_review = draft(dc, title="大气污染审查中不应公开")
    services.submit_for_review(by=dc.air_liaison, item=in_review)
    withheld = draft(
        dc,
        title="大气污染内部事务不应公开",
        attribute=Attribute.WITHHELD,
        withhold_reason="process",
    )
    confidential = publish(dc, draft(dc, title="大气污染涉密不应公开", is_confidential=True))
    withdrawn = publish(dc, draft(dc, title="大气污染已撤回不应公开"))
    services.withdraw_item(by=dc.officer, item=withdrawn, reason="信息有误")
    # A published item whose attribute is forced to "on application" must not show either.
    forced = publish(dc, draft(dc, title="大气污染依申请不应公开"))
    InformationItem.objects.filter(pk=forced.pk).update(attribute=Attribute.ON_APPLICATION)
    hidden = [unpublished, in_review, withheld, confidential, withdrawn, forced]
    return public, hidden


def test_D11_nothing_unpublished_withheld_or_confidential_appears_on_any_public_surface(
    client, items
) -> None:
    public, hidden = items
    pages = {
        "home": client.get("/").content.decode(),
        "catalogue": client.get("/catalogue/").content.decode(),
        "search": client.get("/search/", {"q": "大气污染"}).content.decode(),
        "feed": client.get("/feed/").content.decode(),
        "sitemap": client.get("/sitemap-items.xml").content.decode(),
        "api list": client.get("/api/v1/public/items").content.decode(),
        "api search": client.get("/api/v1/public/search", {"q": "大气污染"}).content.decode(),
    }
    for surface, text in pages.items():
        assert public.title in text or f"/info/{public.pk}/" in text, surface
        for item in hidden:
            assert item.title not in text, (surface, item.title)
            assert f"/info/{item.pk}/" not in text, (surface, item.title)
    assert client.get(f"/info/{public.pk}/").status_code == 200
    assert client.get(f"/api/v1/public/items/{public.pk}").status_code == 200
    for item in hidden:
        assert client.get(f"/info/{item.pk}/").status_code == 404
        assert client.get(f"/api/v1/public/items/{item.pk}").status_code == 404


def test_D11_attachments_of_hidden_items_cannot_be_downloaded(dc, client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = draft(dc)
    attachment = services.add_attachment(
        by=dc.air_liaison, item=item, upload=SimpleUploadedFile("说明.txt", "附件内容".encode())
    )
    assert client.get(f"/files/{attachment.pk}/").status_code == 404
    publish(dc, item)
    response = client.get(f"/files/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "附件内容"


def test_R11_item_page_shows_the_metadata_table(dc, client) -> None:
    item = publish(
        dc, draft(dc, document_number="测环发〔2026〕12号", is_normative=True, summary="概述")
    )
    html = client.get(f"/info/{item.pk}/").content.decode()
    for label in ("索引号", "发布机构", "文号", "成文日期", "发布日期", "有效性"):
        assert label in html
    assert item.index_number in html and "测环发〔2026〕12号" in html and "有效" in html
    assert clock.today().strftime("%Y-%m-%d") in html


def test_R11_search_finds_two_character_words_and_highlights_them(dc, client) -> None:
    item = publish(
        dc,
        draft(
            dc,
            title="示例市挥发性有机物综合治理方案",
            body="推进石化、化工、工业涂装等重点行业挥发性有机物减排。",
        ),
    )
    publish(dc, draft(dc, title="关于水源地保护区划定的公告", body="饮用水水源保护。"))
    for query in ("治理", "减排", "有机物", "涂装"):
        response = client.get("/search/", {"q": query})
        html = response.content.decode()
        assert f"/info/{item.pk}/" in html, query
        assert f"<mark>{query}</mark>" in html, query
        assert "水源地" not in html
    assert "未找到" in client.get("/search/", {"q": "核电站"}).content.decode()


def test_R11_search_filters_by_category_publisher_and_year(dc, client) -> None:
    item = publish(dc, draft(dc, title="空气质量监测数据发布"))
    year = item.published_on.year
    found = client.get("/search/", {"q": "空气", "year": year}).content.decode()
    assert f"/info/{item.pk}/" in found
    none = client.get("/search/", {"q": "空气", "year": year - 3}).content.decode()
    assert f"/info/{item.pk}/" not in none
    by_bureau = client.get("/catalogue/", {"publisher": "bureau"}).content.decode()
    assert item.title in by_bureau
    other = client.get("/catalogue/", {"category": "1"}).content.decode()
    assert item.title not in other  # filed under R20-13, not under D5


def test_R11_guide_page_shows_the_guide_and_contacts(dc, client) -> None:
    dc.bureau.address = "测试市人民路1号"
    dc.bureau.phone = "0571-1234567"
    dc.bureau.fax = "0571-7654321"
    dc.bureau.save()
    services.save_guide(
        by=dc.officer,
        bureau=dc.bureau,
        body="一、主动公开\n本机关主动公开的政府信息可在门户网站查阅。",
        online_contact="gk@test.gov.cn",
    )
    html = client.get("/guide/").content.decode()
    for text in ("本机关主动公开的政府信息", "测试市人民路1号", "0571-1234567", "0571-7654321",
                 "gk@test.gov.cn", "财政预算、决算信息"):  # fmt: skip
        assert text in html


def test_R11_home_shows_latest_and_most_read(dc, client) -> None:
    first = publish(dc, draft(dc, title="第一条信息"))
    second = publish(dc, draft(dc, title="第二条信息"))
    for _ in range(3):
        client.get(f"/info/{first.pk}/")
    readership.flush()
    html = client.get("/").content.decode()
    assert "最新信息" in html and "热点信息" in html
    assert first.title in html and second.title in html


def test_foundation_read_counts_are_written_in_id_order(dc) -> None:
    """Two processes flushing their counts together lock the items in the same order (no
    deadlock between them under load)."""
    from django.db import connection

    items = [publish(dc, draft(dc, title=f"阅读计数{n}")) for n in range(3)]
    batch = {items[2].pk: 2, items[0].pk: 1, items[1].pk: 5}
    updated: list[int] = []

    def watch(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.startswith("UPDATE"):
            # one statement per item, or one statement run for each row of the batch
            for row in params if many else [params]:
                updated.append(row[-1])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        readership.write(batch)
    assert updated == sorted(batch)
    counts = dict(InformationItem.objects.filter(pk__in=batch).values_list("pk", "view_count"))
    assert counts == batch


def test_portal_speaks_english_too(dc, client) -> None:
    item = publish(dc, draft(dc))
    client.cookies["zhengwu_language"] = "en"
    html = client.get(f"/info/{item.pk}/").content.decode()
    assert "Index number" in html and "Date published" in html


def test_annual_reports_placeholder_and_sitemap_index(client, db) -> None:
    assert client.get("/annual-reports/").status_code == 200
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-items.xml" in index and "sitemap-pages.xml" in index


def test_D11_a_cached_item_page_disappears_when_the_item_is_withdrawn(dc, client) -> None:
    item = publish(dc, draft(dc))
    first = client.get(f"/info/{item.pk}/")
    again = client.get(f"/info/{item.pk}/")  # served from the cache
    assert first.status_code == again.status_code == 200
    assert again["ETag"] == first["ETag"]
    services.withdraw_item(by=dc.officer, item=item, reason="内容需更正")
    assert client.get(f"/info/{item.pk}/").status_code == 404


def test_R11_search_puts_title_hits_first_then_the_newest(dc, client) -> None:
    in_title_old = publish(dc, draft(dc, title="关于排污许可证核发情况的公告", body="依法公开。"))
    in_body = publish(
        dc, draft(dc, title="关于做好秋冬季工作的通知", body="各单位要做好排污许可管理工作。")
    )
    in_title_new = publish(
        dc, draft(dc, title="关于排污许可证延续审批结果的公示", body="详见附件。")
    )
    results, _, total = selectors.search_public("排污许可")
    assert [r.item for r in results] == [in_title_new, in_title_old, in_body]
    assert total == 3
    html = client.get("/search/", {"q": "排污许可"}).content.decode()
    links = [html.index(f'href="/info/{i.pk}/"') for i in (in_title_new, in_title_old, in_body)]
    assert links == sorted(links)
