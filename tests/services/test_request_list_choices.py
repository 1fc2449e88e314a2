"""The request list's choices come from calendars and small tables (issue 8): fiscal years from
the visible centres' reference counters, places from the visible districts' geography, and for
users of many centres a typed subdistrict; the admin's changelist filters likewise."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.lib.fiscal import fiscal_year
from services.filters import YEARS_SHOWN
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.services.factories import ReferenceCounterFactory, ServiceRequestFactory

pytestmark = pytest.mark.date_sensitive

LIST = reverse("services:request-list")


def _fields(client, params=None):
    response = client.get(LIST, params or {})
    assert response.status_code == 200
    return response.context["filters"].form.fields


def test_it_offers_the_last_fiscal_years_without_reading_the_requests(client, staff):
    current = fiscal_year(timezone.localdate())
    client.force_login(staff)

    years = [value for value, _ in _fields(client)["fiscal_year"].choices][1:]

    assert years == list(range(current, current - YEARS_SHOWN, -1))


def test_it_offers_older_years_numbered_at_a_visible_centre_only(client, staff, centre_a, centre_b):
    current = fiscal_year(timezone.localdate())
    ReferenceCounterFactory(centre=centre_a, fiscal_year=current - 7)
    ReferenceCounterFactory(centre=centre_b, fiscal_year=current - 9)
    client.force_login(staff)

    years = [value for value, _ in _fields(client)["fiscal_year"].choices][1:]

    assert years[-1] == current - 7
    assert current - 9 not in years


def test_it_offers_a_centres_staff_the_subdistricts_of_their_district(
    client, staff, centre_a, centre_b
):
    own = SubdistrictFactory(code="500101", district=centre_a.district)
    other = SubdistrictFactory(code="400101", district=centre_b.district)
    client.force_login(staff)

    offered = set(_fields(client)["subdistrict"].queryset)

    assert own in offered and other not in offered


def test_a_provincial_officer_types_a_subdistrict_then_chooses_its_village(
    client, province_officer, centre_a, staff
):
    subdistrict = SubdistrictFactory(code="500101", district=centre_a.district)
    village = VillageFactory(subdistrict=subdistrict, number=3)
    person = PersonFactory(centre=centre_a, village=village)
    wanted = ServiceRequestFactory(centre=centre_a, client_group=None, person=person)
    ServiceRequestFactory(centre=centre_a)
    client.force_login(province_officer)

    fields = _fields(client)
    assert "data-suggest-url" in str(fields["subdistrict"].widget.attrs)
    assert list(fields["village"].queryset) == []

    response = client.get(LIST, {"subdistrict": "500101", "village": village.pk})

    assert [r.pk for r in response.context["page"]] == [wanted.pk]
    assert list(response.context["filters"].form.fields["village"].queryset) == [village]


def test_an_unknown_typed_subdistrict_is_dropped_with_a_notice(client, province_officer):
    client.force_login(province_officer)

    response = client.get(LIST, {"subdistrict": "ไม่มีตำบลนี้"})

    assert response.status_code == 200
    assert "ตำบล" in str(list(response.context["messages"])[0])


def test_the_admin_request_changelist_has_calendar_years_and_no_date_hierarchy(admin_client):
    current = fiscal_year(timezone.localdate())

    response = admin_client.get(reverse("admin:services_servicerequest_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].date_hierarchy is None
    assert f"?fiscal_year={current}" in response.content.decode()
    assert response.context["cl"].show_full_result_count is False


def test_the_admin_group_changelist_filters_by_province_from_the_province_table(
    admin_client, centre_a, centre_b
):
    ours = ClientGroupFactory(centre=centre_a)
    ClientGroupFactory(centre=centre_b)

    response = admin_client.get(
        reverse("admin:clients_clientgroup_changelist"), {"province": centre_a.province.code}
    )

    assert list(response.context["cl"].result_list) == [ours]


def test_an_administrator_is_not_offered_every_worker_of_the_country(client, admin_user, staff):
    client.force_login(admin_user)

    field = _fields(client)["assigned_to"]

    assert list(field.queryset) == []
    assert [value for value, _ in field.choices] == ["", "null"]
