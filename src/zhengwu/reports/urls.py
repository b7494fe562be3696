from django.urls import path

from zhengwu.reports import table_views, views

app_name = "reports"

urlpatterns = [
    # --- the tables' files and the import of a published year (table_views) ---
    path("import/", table_views.import_year, name="import"),
    path("import/confirm/", table_views.import_confirm, name="import-confirm"),
    path(
        "annual/<str:code>/<int:year>/tables.xlsx",
        table_views.tables_xlsx,
        name="annual-tables-xlsx",
    ),
    path(
        "annual/<str:code>/<int:year>/report.docx",
        table_views.report_docx,
        name="annual-report-docx",
    ),
    # --- end of table_views ---
    path("annual/", views.annual_list, name="annual-list"),
    path("annual/import/", views.import_year, name="annual-import"),
    path("annual/<int:pk>/", views.annual_report, name="annual-report"),
    path("annual/<int:pk>/versions/<slug:section>/", views.versions, name="annual-versions"),
]
