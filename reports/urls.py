from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("provinces/<str:code>/", views.province, name="province"),
    path("provinces/<str:code>/print/", views.province_print, name="province-print"),
    path("provinces/<str:code>/export/<str:fmt>/", views.province_export, name="province-export"),
    path("national/", views.national, name="national"),
    path("national/export/<str:fmt>/", views.national_export, name="national-export"),
]
