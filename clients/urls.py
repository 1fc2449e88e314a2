from django.urls import path

from clients.views import groups, persons, privacy, spreadsheets

app_name = "clients"

# Each section is filled by its views module: groups, persons, spreadsheets, privacy.
urlpatterns: list = []

# Groups
urlpatterns += [
    path("groups/", groups.group_list, name="group-list"),
    path("groups/new/", groups.group_create, name="group-create"),
    path("groups/<int:pk>/", groups.group_detail, name="group-detail"),
    path("groups/<int:pk>/edit/", groups.group_edit, name="group-edit"),
    path("groups/<int:pk>/members/add/", groups.membership_add, name="membership-add"),
    path(
        "groups/<int:pk>/members/<int:membership_pk>/edit/",
        groups.membership_edit,
        name="membership-edit",
    ),
    path(
        "groups/<int:pk>/members/<int:membership_pk>/end/",
        groups.membership_end,
        name="membership-end",
    ),
    path("groups/<int:pk>/products/add/", groups.product_add, name="product-add"),
    path(
        "groups/<int:pk>/products/<int:product_pk>/edit/",
        groups.product_edit,
        name="product-edit",
    ),
    path("groups/<int:pk>/figures/add/", groups.snapshot_add, name="snapshot-add"),
    path(
        "groups/<int:pk>/figures/<int:snapshot_pk>/edit/",
        groups.snapshot_edit,
        name="snapshot-edit",
    ),
]

# Persons
urlpatterns += [
    path("persons/", persons.person_list, name="person-list"),
    path("persons/new/", persons.person_create, name="person-create"),
    path("persons/search/", persons.person_search, name="person-search"),
    path("persons/<int:pk>/", persons.person_detail, name="person-detail"),
    path("persons/<int:pk>/edit/", persons.person_edit, name="person-edit"),
]

# Spreadsheets: import (upload → preview → confirm), blank templates, exports of the lists
urlpatterns += [
    path("import/", spreadsheets.import_upload, name="import"),
    path(
        "import/templates/<slug:table>.<slug:fmt>",
        spreadsheets.import_template,
        name="import-template",
    ),
    path("import/<str:token>/", spreadsheets.import_preview, name="import-preview"),
    path("import/<str:token>/confirm/", spreadsheets.import_confirm, name="import-confirm"),
    path("import/<str:token>/cancel/", spreadsheets.import_cancel, name="import-cancel"),
    path("import-done/", spreadsheets.import_result, name="import-result"),
    path("groups/export.<slug:fmt>", spreadsheets.group_export, name="group-export"),
    path("persons/export.<slug:fmt>", spreadsheets.person_export, name="person-export"),
]

# Privacy (PDPA)
urlpatterns += [
    path("persons/<int:pk>/reveal-id/", privacy.person_reveal_id, name="person-reveal-id"),
    path("persons/<int:pk>/data-export/", privacy.person_data_export, name="person-data-export"),
]
