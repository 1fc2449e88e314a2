"""The portal's main pages, one of each kind with its objects, for checks that sweep them
(every form has novalidate; no English is left)."""

from django.urls import reverse

from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.services.factories import ServiceRequestFactory, VisitFactory


def main_page_urls(centre_a, staff) -> list[str]:
    group = ClientGroupFactory(centre=centre_a)
    person = PersonFactory(centre=centre_a, national_id="1101700230705")
    request = ServiceRequestFactory(centre=centre_a, received_by=staff, client_group=group)
    visit = VisitFactory(centre=centre_a, created_by=staff)
    return [
        reverse("services:my-work"),
        reverse("services:request-list"),
        reverse("services:request-create"),
        reverse("services:request-detail", args=[request.pk]),
        reverse("services:request-edit", args=[request.pk]),
        reverse("services:request-outcome", args=[request.pk]),
        reverse("services:visit-list"),
        reverse("services:visit-create"),
        reverse("services:visit-detail", args=[visit.pk]),
        reverse("services:visit-record", args=[visit.pk]),
        reverse("clients:group-list"),
        reverse("clients:group-create"),
        reverse("clients:group-detail", args=[group.pk]),
        reverse("clients:person-list"),
        reverse("clients:person-detail", args=[person.pk]),
        reverse("clients:person-edit", args=[person.pk]),
        reverse("clients:import"),
        reverse("centres:centre-list"),
        reverse("centres:centre-home", args=[centre_a.district_id]),
        reverse("reports:centre-overview", args=[centre_a.district_id]),
        reverse("reports:centre-report", args=[centre_a.district_id]) + "?month=2",
        reverse("password_change"),
    ]
