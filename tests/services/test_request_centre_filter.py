"""The request list's centre filter, for users who see several centres (the province comparison
links to it): its choices are the centres they can see, from the centres table; it keeps one
centre's requests; a centre not offered is dropped with a notice, never a 500."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.lib.fiscal import fiscal_year
from tests.centres.factories import CentreFactory, DistrictFactory
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.date_sensitive

LIST = reverse("services:request-list")


def _neighbour(centre):
    """Another centre of the same province."""
    return CentreFactory(district=DistrictFactory(code="5002", province=centre.district.province))


def _request(centre, staff):
    year = fiscal_year(timezone.localdate())
    return ServiceRequestFactory(centre=centre, received_by=staff, fiscal_year=year)


def test_it_offers_a_provincial_officer_every_centre_of_the_province(
    client, province_officer, centre_a, centre_b
):
    quiet = _neighbour(centre_a)
    client.force_login(province_officer)

    field = client.get(LIST).context["filters"].form.fields["centre"]

    offered = [value for value, _label in field.choices][1:]
    # No request at 5002: offered all the same; centre B, of another province, is not.
    assert [str(value) for value in offered] == [centre_a.district_id, quiet.district_id]
    assert centre_b.district_id not in offered


def test_it_lists_the_requests_of_the_chosen_centre_only(client, province_officer, centre_a, staff):
    other = _neighbour(centre_a)
    mine = _request(centre_a, staff)
    _request(other, staff)
    client.force_login(province_officer)

    response = client.get(LIST, {"centre": "5001"})

    assert [r.pk for r in response.context["page"]] == [mine.pk]
    assert response.context["filters"].form.cleaned_data["centre"] == centre_a.district_id


def test_it_drops_a_centre_it_does_not_offer(client, province_officer, centre_a, centre_b, staff):
    _request(centre_a, staff)
    client.force_login(province_officer)

    for value in ("4001", "evil'--", "9" * 30):
        response = client.get(LIST, {"centre": value})
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 1


def test_it_has_no_centre_filter_for_a_single_centres_staff(client, staff, centre_a, centre_b):
    _request(centre_a, staff)
    client.force_login(staff)

    response = client.get(LIST, {"centre": "4001"})

    assert "centre" not in response.context["filters"].form.fields
    assert response.context["page"].paginator.count == 1


def test_it_exports_the_chosen_centres_requests(client, province_officer, centre_a, staff):
    other = _neighbour(centre_a)
    _request(centre_a, staff)
    _request(other, staff)
    client.force_login(province_officer)

    response = client.get(reverse("services:request-export"), {"format": "csv", "centre": "5002"})

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "5002-" in body and "5001-" not in body
