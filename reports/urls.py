from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("centres/<str:code>/", views.centre_overview_page, name="centre-overview"),
    path("centres/<str:code>/report/", views.centre_report, name="centre-report"),
]
