from django.urls import path

app_name = "clients"

# Each section is filled by its views module: groups, persons, spreadsheets, privacy.
urlpatterns: list = []
