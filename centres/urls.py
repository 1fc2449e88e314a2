from django.urls import path

from centres import views

app_name = "centres"

urlpatterns = [
    path("", views.centre_list, name="centre-list"),
    path("subdistricts/search/", views.subdistrict_search, name="subdistrict-search"),
    path("<str:code>/", views.centre_home, name="centre-home"),
]
