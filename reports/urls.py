from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("exports/", views.my_exports, name="my-exports"),
    path("exports/notice/", views.export_notice, name="export-notice"),
    path("exports/start/<slug:kind>/", views.export_start, name="export-start"),
    path("exports/<int:pk>/row/", views.export_row, name="export-row"),
    path("exports/<int:pk>/download/", views.export_download, name="export-download"),
]
