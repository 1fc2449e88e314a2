from django.urls import path

from reports.views import comparison, exports, overview

app_name = "reports"

urlpatterns = [
    path("centres/<str:code>/", overview.centre_overview_page, name="centre-overview"),
    path(
        "centres/<str:code>/export/<str:fmt>/",
        overview.centre_overview_export,
        name="centre-overview-export",
    ),
    path("centres/<str:code>/report/", overview.centre_report, name="centre-report"),
    path("provinces/<str:code>/", comparison.province, name="province"),
    path("provinces/<str:code>/print/", comparison.province_print, name="province-print"),
    path(
        "provinces/<str:code>/export/<str:fmt>/",
        comparison.province_export,
        name="province-export",
    ),
    path("national/", comparison.national, name="national"),
    path("national/export/<str:fmt>/", comparison.national_export, name="national-export"),
    path("exports/", exports.my_exports, name="my-exports"),
    path("exports/notice/", exports.export_notice, name="export-notice"),
    path("exports/start/<slug:kind>/", exports.export_start, name="export-start"),
    path("exports/<int:pk>/row/", exports.export_row, name="export-row"),
    path("exports/<int:pk>/download/", exports.export_download, name="export-download"),
]
