"""The service history panel on the registry's group and person pages: the client's requests the
user may see, newest first, with BE dates and a late badge, in one query."""

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from centres.scoping import visible_centre_ids
from services.models import Status
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.services.factories import ServiceRequestFactory, ServiceTypeFactory

pytestmark = pytest.mark.date_sensitive


@pytest.fixture
def group(centre_a):
    return ClientGroupFactory(centre=centre_a)


@pytest.fixture
def person(centre_a):
    return PersonFactory(centre=centre_a)


def _received(days_ago: int):
    return timezone.now() - timedelta(days=days_ago)


def test_the_group_page_lists_the_groups_requests_newest_first(client, staff, group):
    service_type = ServiceTypeFactory(name_th="เชื่อมโยงแหล่งตลาด")
    older = ServiceRequestFactory(
        centre=group.centre,
        client_group=group,
        service_type=service_type,
        received_at=timezone.make_aware(timezone.datetime(2026, 10, 2, 10)),
        due_date=date(2026, 11, 1),
    )
    newer = ServiceRequestFactory(centre=group.centre, client_group=group, received_at=_received(1))
    someone_else = ServiceRequestFactory(centre=group.centre)
    client.force_login(staff)
    page = client.get(group.get_absolute_url()).content.decode()
    assert newer.reference in page and older.reference in page
    assert page.index(newer.reference) < page.index(older.reference)
    assert someone_else.reference not in page
    assert older.get_absolute_url() in page
    assert "เชื่อมโยงแหล่งตลาด" in page
    assert "2 ต.ค. 2569" in page  # received, BE
    assert "1 พ.ย. 2569" in page  # due, BE


def test_a_late_open_request_has_a_late_badge_and_a_closed_one_not(client, settings, staff, group):
    late = ServiceRequestFactory(
        centre=group.centre, client_group=group, due_date=date(2020, 1, 1), subject="LATE-ONE"
    )
    ServiceRequestFactory(
        centre=group.centre,
        client_group=group,
        due_date=date(2020, 1, 1),
        status=Status.CLOSED,
        subject="CLOSED-ONE",
    )
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(group.get_absolute_url()).content.decode()
    assert page.count(">Late</span>") == 1
    start = page.index(late.reference)
    late_row = page[start : page.index("</tr>", start)]
    assert ">Late</span>" in late_row


def test_the_person_page_lists_the_persons_requests(client, staff, person):
    own = ServiceRequestFactory(centre=person.centre, client_group=None, person=person)
    other = ServiceRequestFactory(centre=person.centre)
    client.force_login(staff)
    page = client.get(person.get_absolute_url()).content.decode()
    assert own.reference in page
    assert other.reference not in page


def test_a_client_without_requests_says_so(client, settings, staff, group):
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "No service requests yet." in client.get(group.get_absolute_url()).content.decode()


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
def test_readers_of_the_centre_see_the_history(request, client, persona, group):
    found = ServiceRequestFactory(centre=group.centre, client_group=group)
    client.force_login(request.getfixturevalue(persona))
    response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    assert found.reference in response.content.decode()


def test_the_panel_shows_only_requests_the_user_may_see(outsider, group):
    ServiceRequestFactory(centre=group.centre, client_group=group)
    html = _render(group, outsider)
    assert group.centre.district_id + "-" not in html


def test_the_panel_runs_one_query_however_many_requests(staff, group, django_assert_num_queries):
    for days in range(12):
        ServiceRequestFactory(centre=group.centre, client_group=group, received_at=_received(days))
    visible_centre_ids(staff)  # read once per request, by the page before the panel
    with django_assert_num_queries(1):
        html = _render(group, staff)
    assert html.count(f"{group.centre.district_id}-2570-") == 12


def test_the_panel_shows_at_most_fifty_and_says_so(settings, staff, group):
    for days in range(51):
        ServiceRequestFactory(centre=group.centre, client_group=group, received_at=_received(days))
    with translation.override("en"):
        html = _render(group, staff)
    assert html.count(f"{group.centre.district_id}-2570-") == 50
    assert "Showing the newest 50 requests." in html


def _render(client, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    context = {"client": client, "request": request}
    return render_to_string("services/includes/client_history.html", context, request=request)
