"""The request and visit lists' centre filter (offered to users who see several centres, so a
centre's overview links to its own rows) and the visit list's fiscal-year filter."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.lib.fiscal import fiscal_year, fiscal_year_range
from tests.centres.factories import CentreFactory, DistrictFactory
from tests.services.factories import ServiceRequestFactory, VisitFactory

pytestmark = pytest.mark.date_sensitive

REQUESTS = reverse("services:request-list")
VISITS = reverse("services:visit-list")


@pytest.fixture
def neighbour(centre_a):
    return CentreFactory(district=DistrictFactory(province=centre_a.district.province))


def test_it_offers_no_centre_filter_to_a_user_of_one_centre(client, staff):
    client.force_login(staff)
    assert "centre" not in client.get(REQUESTS).context["filters"].form.fields
    assert "centre" not in client.get(VISITS).context["filters"].fields


def test_it_keeps_a_provincial_officers_lists_to_the_chosen_centre(
    client, centre_a, neighbour, staff, province_officer
):
    for centre in (centre_a, neighbour, neighbour):
        ServiceRequestFactory(centre=centre, received_by=staff)
        VisitFactory(centre=centre, created_by=staff)
    client.force_login(province_officer)
    response = client.get(REQUESTS, {"centre": centre_a.code})
    assert [r.centre_id for r in response.context["page"]] == [centre_a.pk]
    choices = dict(response.context["filters"].form.fields["centre"].choices)
    assert {centre_a.code, neighbour.code} <= set(choices)
    visits = client.get(VISITS, {"centre": neighbour.code, "when": "all"}).context["page"]
    assert [v.centre_id for v in visits] == [neighbour.pk, neighbour.pk]


def test_a_centre_of_another_province_is_not_offered(client, centre_b, staff, province_officer):
    ServiceRequestFactory(centre=centre_b)
    client.force_login(province_officer)
    response = client.get(REQUESTS, {"centre": centre_b.code})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0  # dropped, with a notice: its own
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]


def test_the_visit_list_filters_by_fiscal_year_past_and_future(client, centre_a, staff):
    year = fiscal_year(timezone.localdate())
    first, last = fiscal_year_range(year)
    inside = [first, last, first + timedelta(days=40)]
    outside = [first - timedelta(days=1), last + timedelta(days=1)]
    for day in inside + outside:
        VisitFactory(centre=centre_a, created_by=staff, planned_date=day)
    client.force_login(staff)
    page = client.get(VISITS, {"fiscal_year": year}).context["page"]
    assert sorted(v.planned_date for v in page) == sorted(inside)
    response = client.get(VISITS, {"fiscal_year": "1999"})
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
