from django.urls import path

from services.views import attachments, mywork, requests, visits

app_name = "services"

# Each section is filled by its views module: my work, requests, visits, attachments.
urlpatterns: list = []

# My work and requests (services.views.mywork, services.views.requests)
urlpatterns += [
    path("", mywork.my_work, name="my-work"),
    path("requests/", requests.request_list, name="request-list"),
    path("requests/new/", requests.request_create, name="request-create"),
    path("requests/export/", requests.request_export, name="request-export"),
    path("requests/clients/search/", requests.client_search, name="client-search"),
    path("requests/<int:pk>/", requests.request_detail, name="request-detail"),
    path("requests/<int:pk>/edit/", requests.request_edit, name="request-edit"),
    path("requests/<int:pk>/outcome/", requests.request_outcome, name="request-outcome"),
    path("requests/<int:pk>/move/", requests.request_transition, name="request-transition"),
    path("requests/<int:pk>/assign/", requests.request_assign, name="request-assign"),
    path("requests/<int:pk>/due-date/", requests.request_due_date, name="request-due-date"),
    path("requests/<int:pk>/notes/", requests.request_note, name="request-note"),
]

# Visits (services.views.visits) and attachments (services.views.attachments)
urlpatterns += [
    path("visits/", visits.visit_list, name="visit-list"),
    path("visits/calendar/", visits.visit_calendar, name="visit-calendar"),
    path("visits/export/", visits.visit_export, name="visit-export"),
    path("visits/new/", visits.visit_create, name="visit-create"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/edit/", visits.visit_edit, name="visit-edit"),
    path("visits/<int:pk>/record/", visits.visit_record, name="visit-record"),
    path("visits/<int:pk>/status/", visits.visit_status, name="visit-status"),
    path("visits/<int:pk>/raise-request/", visits.visit_raise_request, name="visit-raise-request"),
    path("visits/<int:pk>/serve/", visits.visit_serve, name="visit-serve"),
    path(
        "requests/<int:pk>/attachments/",
        attachments.attachment_upload_request,
        name="attachment-upload-request",
    ),
    path(
        "visits/<int:pk>/attachments/",
        attachments.attachment_upload_visit,
        name="attachment-upload-visit",
    ),
    path("attachments/<int:pk>/", attachments.attachment, name="attachment"),
    path("attachments/<int:pk>/delete/", attachments.attachment_delete, name="attachment-delete"),
]
