from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from zhengwu.portal import views
from zhengwu.portal.sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("open/", views.open_index, name="open"),
    path("open/rules/", views.open_rules, name="open-rules"),
    path("open/proactive/", views.proactive, name="proactive"),
    path("open/proactive/<slug:slug>/", views.column, name="column"),
    path("open/interpretations/", views.interpretations, name="interpretations"),
    path("font-size/<slug:size>/", views.font_size, name="font-size"),
    path("guide/", views.guide, name="guide"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("info/<int:pk>/", views.item, name="item"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("search/", views.search, name="search"),
    path("annual-reports/", views.annual_reports, name="annual-reports"),
    path("annual-reports/<int:pk>/", views.annual_report, name="annual-report"),
    path(
        "annual-reports/<int:pk>/report.docx",
        views.annual_report_file,
        {"kind": "docx"},
        name="annual-report-docx",
    ),
    path(
        "annual-reports/<int:pk>/tables.xlsx",
        views.annual_report_file,
        {"kind": "xlsx"},
        name="annual-report-xlsx",
    ),
    path("feed/", views.LatestFeed(), name="feed"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
