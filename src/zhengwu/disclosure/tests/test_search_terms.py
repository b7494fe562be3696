"""Search finds what people type (R-11, issue 15): the administrators' list of government terms —
abbreviations, synonyms, words kept whole — applied when indexing and when searching."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from huey.contrib.djhuey import HUEY

from zhengwu.disclosure import search, services
from zhengwu.disclosure.models import SearchDocument, SearchTerm
from zhengwu.disclosure.tests.helpers import draft, publish


def found(client, query: str) -> str:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def immediate() -> Iterator[None]:
    previous = HUEY.immediate
    HUEY.immediate = True
    try:
        yield
    finally:
        HUEY.immediate = previous


def test_R11_search_an_abbreviation_finds_its_full_terms(dc, client) -> None:
    assessment = publish(
        dc, draft(dc, title="关于某化工项目环境影响评价文件的批复", body="同意该项目建设。")
    )
    report = publish(
        dc, draft(dc, title="某污水处理厂扩建工程环境影响报告书公示", body="公示期十个工作日。")
    )
    short = publish(dc, draft(dc, title="2026年环评审批情况", body="全年审批项目12个。"))
    other = publish(dc, draft(dc, title="关于水源地保护区划定的公告", body="饮用水水源保护。"))

    html = found(client, "环评")
    for item in (assessment, report, short):
        assert f"/info/{item.pk}/" in html
    assert f"/info/{other.pk}/" not in html
    assert "<mark>环境影响评价</mark>" in html and "<mark>环境影响报告书</mark>" in html
    # One way: an abbreviation may stand for several things, the full term does not find it.
    html = found(client, "环境影响评价")
    assert f"/info/{assessment.pk}/" in html and f"/info/{short.pk}/" not in html


def test_R11_search_synonyms_find_each_other(dc, client) -> None:
    long_form = publish(dc, draft(dc, title="关于调整社会保险缴费基数的通知", body="自7月起执行。"))
    short_form = publish(dc, draft(dc, title="社保卡补办指南", body="携带身份证到窗口办理。"))
    for query in ("社保", "社会保险"):
        html = found(client, query)
        assert f"/info/{long_form.pk}/" in html and f"/info/{short_form.pk}/" in html, query


def test_R11_search_a_dictionary_word_is_kept_as_one_word(dc, client) -> None:
    item = publish(
        dc, draft(dc, title="2026年度双随机一公开抽查计划", body="按照双随机一公开要求开展检查。")
    )
    assert search.query_tokens("双随机一公开") == ["双随机一公开"]
    tokens = SearchDocument.objects.get(item=item).tokens.split()
    assert "双随机一公开" in tokens  # indexed whole (with its parts, as cut_for_search does)
    html = found(client, "双随机一公开")
    assert f"/info/{item.pk}/" in html and "<mark>双随机一公开</mark>" in html


# serialized_rollback: a transactional test elsewhere on this worker may have emptied the tables
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_R11_search_terms_edited_in_the_admin_take_effect_and_reindex(
    dc, client, immediate
) -> None:
    item = publish(dc, draft(dc, title="推行跨省通办服务事项清单", body="首批事项共四十项。"))
    assert "跨省通办" not in SearchDocument.objects.get(item=item).tokens.split()
    assert f"/info/{item.pk}/" not in found(client, "异地办")

    client.force_login(dc.admin)
    response = client.post(
        "/admin/disclosure/searchterm/add/",
        {
            "kind": "abbreviation",
            "term": "异地办",
            "equivalents": "跨省通办、全省通办",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    # The next search knows the term; the job (queued after commit) re-indexed the item with the
    # new dictionary word kept whole.
    assert f"/info/{item.pk}/" in found(client, "异地办")
    assert "跨省通办" in SearchDocument.objects.get(item=item).tokens.split()
    assert search.query_tokens("跨省通办") == ["跨省通办"]

    term = SearchTerm.objects.get(term="异地办")
    response = client.post(
        f"/admin/disclosure/searchterm/{term.pk}/change/",
        {"kind": "abbreviation", "term": "异地办", "equivalents": "跨省通办"},  # deactivated
    )
    assert response.status_code == 302
    assert f"/info/{item.pk}/" not in found(client, "异地办")


def test_R11_search_term_list_refuses_an_abbreviation_without_full_terms(dc, client) -> None:
    client.force_login(dc.admin)
    response = client.post(
        "/admin/disclosure/searchterm/add/",
        {"kind": "abbreviation", "term": "某某", "equivalents": "", "is_active": "on"},
    )
    assert response.status_code == 200 and not SearchTerm.objects.filter(term="某某").exists()
    response = client.post(
        "/admin/disclosure/searchterm/add/",
        {"kind": "word", "term": "两个 词", "equivalents": "", "is_active": "on"},
    )
    assert response.status_code == 200 and not SearchTerm.objects.filter(term="两个 词").exists()


def test_R11_reindex_search_command_indexes_every_public_item(dc, client) -> None:
    from django.core.management import call_command

    item = publish(dc, draft(dc, title="生态保护补偿资金分配方案", body="下达生态补偿金。"))
    assert "生态补偿金" not in SearchDocument.objects.get(item=item).tokens.split()
    SearchTerm.objects.create(kind="word", term="生态补偿金")  # no job: not through the admin
    call_command("reindex_search")
    assert "生态补偿金" in SearchDocument.objects.get(item=item).tokens.split()
    assert f"/info/{item.pk}/" in found(client, "生态补偿金")
    assert services.reindex_search() == 1
