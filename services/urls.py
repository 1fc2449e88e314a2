from django.urls import path  # noqa: F401  (the views modules add their paths below)

app_name = "services"

# Filled by the views modules: requests, my work, visits, attachments.
urlpatterns: list = []
