"""The portal a bureau publishes (R-11): its identity from the site settings, breadcrumbs, the
font-size control, the 政府信息公开 columns and the catalogue tree behind them."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps as django_apps

from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.disclosure import services as disclosure
from zhengwu.disclosure.models import Category, InformationItem
from zhengwu.disclosure.tests.helpers import category, publish
from zhengwu.org.models import Person
from zhengwu.portal import columns, services
from zhengwu.portal.models import SiteSettings

SITE = {
    "site_name": "测试市生态环境局",
    "host_organisation": "测试市生态环境局办公室",
    "address": "测试市人民路1号",
    "phone": "0000-1234567",
    "website_code": "9900000001",
    "icp_number": "测ICP备00000001号",
    "police_number": "测公网安备00000000000001号",
    "show_emblem": True,
}


@pytest.fixture
def superuser(db) -> Person:
    return Person.objects.create_superuser("root", "root@example.org", "x-Very-long-9")


def _draft(dc, title: str, code: str, **fields) -> InformationItem:
    return disclosure.create_item(
        by=dc.air_liaison, bureau=dc.bureau, title=title, category=category(code),
        formed_on=clock.today(), body="正文", **fields,
    )  # fmt: skip


def _footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') : html.index("</footer>")]


def test_R11_the_header_and_footer_carry_the_site_settings_not_the_software(
    dc, client, superuser
) -> None:
    services.save_site_settings(by=superuser, **SITE)
    for path in ("/", "/open/", "/catalogue/", "/guide/", "/apply/", "/annual-reports/"):
        html = client.get(path).content.decode()
        header = html[html.index("<header") : html.index("</header>")]
        assert "测试市生态环境局" in header and "portal/emblem" in header, path
        footer = _footer(html)
        for value in (
            "测试市生态环境局办公室",
            "测试市人民路1号",
            "9900000001",
            "测ICP备00000001号",
        ):
            assert value in footer, (path, value)
        assert "zhengwu" not in footer.lower() and "12340" not in html, path
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "测试市生态环境局" in title and "政务信息公开与工作落实系统" not in title, path


def test_R11_before_any_settings_the_portal_has_a_neutral_name_not_the_software(dc, client):
    html = client.get("/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert "政府信息公开" in header
    assert "政务信息公开与工作落实系统" not in html and "zhengwu" not in _footer(html).lower()


def test_R11_site_settings_are_audited_invalidate_cached_pages_and_need_a_name(
    dc, client, superuser
) -> None:
    client.get("/")  # stored by the page cache
    services.save_site_settings(by=superuser, **SITE)
    assert "9900000001" in client.get("/").content.decode()
    services.save_site_settings(by=superuser, website_code="9900000002")
    assert "9900000002" in client.get("/").content.decode()
    assert Event.objects.filter(action=services.Actions.SITE_CHANGED).count() == 2
    with pytest.raises(DomainError):
        services.save_site_settings(by=superuser, site_name=" ")
    assert SiteSettings.objects.get().site_name == "测试市生态环境局"


def test_R11_only_the_installation_superuser_changes_the_site_settings_in_the_admin(
    dc, client, superuser
) -> None:
    services.save_site_settings(by=superuser, **SITE)
    client.force_login(dc.admin)  # the bureau's system administrator
    assert client.get("/admin/portal/sitesettings/1/change/").status_code in (302, 403)
    client.force_login(superuser)
    assert client.get("/admin/portal/sitesettings/add/").status_code == 403  # one row only
    response = client.post(
        "/admin/portal/sitesettings/1/change/", {**SITE, "icp_number": "测ICP备00000009号"}
    )
    assert response.status_code == 302
    assert SiteSettings.objects.get().icp_number == "测ICP备00000009号"
    assert "测ICP备00000009号" in client.get("/").content.decode()


def test_R11_breadcrumbs_lead_from_home_through_the_columns(dc, client) -> None:
    item = publish(dc, _draft(dc, "大气污染防治监督检查情况", "R20-13"))
    expected = {
        "/guide/": ["首页", "政府信息公开", "政府信息公开指南"],
        "/open/rules/": ["首页", "政府信息公开", "政府信息公开制度"],
        "/open/proactive/": ["首页", "政府信息公开", "法定主动公开内容"],
        "/open/proactive/inspections/": ["首页", "政府信息公开", "法定主动公开内容", "监督检查"],
        f"/info/{item.pk}/": ["首页", "政府信息公开", "法定主动公开内容", "监督检查", item.title],
        "/apply/": ["首页", "政府信息公开", "依申请公开"],
        "/annual-reports/": ["首页", "政府信息公开", "政府信息公开年报"],
    }
    for path, trail in expected.items():
        html = client.get(path).content.decode()
        nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
        assert [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<li>(.*?)</li>", nav)] == (
            trail
        ), path


def test_R11_font_size_links_set_a_cookie_and_the_page_follows_it(dc, client) -> None:
    response = client.get("/font-size/large/", {"next": "/catalogue/?year=2026"})
    assert response.status_code == 302 and response["Location"] == "/catalogue/?year=2026"
    assert response.cookies["portal_font"].value == "large"
    assert 'class="portal font-large"' in client.get("/").content.decode()
    client.cookies["portal_font"] = "small"
    assert 'class="portal font-small"' in client.get("/").content.decode()  # not the cached copy
    assert client.get("/font-size/huge/").status_code == 404
    elsewhere = client.get("/font-size/small/", {"next": "https://evil.example/"})
    assert elsewhere["Location"] == "/"


def test_R11_the_disclosure_columns_open_and_show_their_items(dc, client) -> None:
    budget = publish(dc, _draft(dc, "2026年部门预算", "R20-07"))
    for path in ("/open/", "/open/rules/", "/open/proactive/", "/open/interpretations/"):
        assert client.get(path).status_code == 200, path
    for column in columns.COLUMNS:
        assert client.get(f"/open/proactive/{column.slug}/").status_code == 200, column.slug
    assert budget.title in client.get("/open/proactive/budgets/").content.decode()
    assert budget.title not in client.get("/open/proactive/personnel/").content.decode()
    assert client.get("/open/proactive/nothing/").status_code == 404
    html = client.get("/open/").content.decode()
    labels = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政策解读", "依申请公开")
    for label in (*labels, "政府信息公开年报"):
        assert label in html, label
    assert 'href="/apply/"' in html and 'href="/annual-reports/"' in html


def test_R11_catalogue_shows_document_number_and_validity(dc, client) -> None:
    rule = publish(
        dc,
        _draft(dc, "测试市扬尘污染防治管理办法", "R20-01", document_number="测环规〔2026〕1号",
               is_normative=True),
    )  # fmt: skip
    html = client.get("/catalogue/").content.decode()
    row = re.search(rf"<tr>(?:(?!</tr>).)*{rule.title}.*?</tr>", html, re.S).group(0)
    assert "测环规〔2026〕1号" in row and "有效" in row


def test_D5_every_catalogue_leaf_is_in_exactly_one_column_and_names_are_unique(db) -> None:
    leaves = columns.leaves()
    placed = [leaf.code for column in columns.COLUMNS for leaf in columns.categories_of(column)]
    assert sorted(placed) == sorted(leaf.code for leaf in leaves)
    assert len(set(placed)) == len(placed)
    names = list(Category.objects.filter(is_active=True).values_list("name", flat=True))
    assert len(set(names)) == len(names)
    # Two roots, nothing deeper: a leaf's parent is a root.
    assert all(leaf.parent is not None and leaf.parent.parent_id is None for leaf in leaves)
    # The bureau's categories that repeated 条例第二十条 are gone.
    assert not Category.objects.filter(code__in=["D5-3", "D5-4", "D5-5", "D5-6"]).exists()
    assert columns.column_of(Category.objects.get(code="D5-1")).slug == "other"


def test_D5_the_tree_migration_moves_items_of_a_duplicate_category_to_the_statutory_one(
    dc,
) -> None:
    d5 = Category.objects.get(code="D5")
    duplicate = Category.objects.create(code="D5-5", name="专项工作规划及相关政策", parent=d5)
    item = disclosure.create_item(
        by=dc.air_liaison,
        bureau=dc.bureau,
        title="测试市大气污染防治规划",
        category=duplicate,
        formed_on=clock.today(),
    )
    migration = importlib.import_module(
        "zhengwu.disclosure.migrations.0008_policy_interpretations_and_catalogue_tree"
    )
    migration.clean_tree(django_apps, None)
    item = InformationItem.objects.get(pk=item.pk)
    assert item.category.code == "R20-03"
    assert not Category.objects.filter(code="D5-5").exists()
    assert "第五条第（五）项" in item.category.legal_basis
