"""Query counts of the visit pages, built with many rows, so that an N+1 cannot come back
silently: the same number of queries for 30 visits as for 60, for 1 village as for 10."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centres.models import Role
from tests.centres.factories import MembershipFactory, SubdistrictFactory, VillageFactory
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import AttachmentFactory, ServiceRequestFactory, VisitFactory

pytestmark = pytest.mark.date_sensitive

# The caps: the measured counts plus a little room, so that only an N+1 breaks them.
VISIT_LIST_QUERIES = 11  # measured: 9 for staff (session, user, month span, count, roles, …)
VISIT_CALENDAR_QUERIES = 8  # measured: 6 for staff
VISIT_DETAIL_QUERIES = 13  # measured: 11 for staff (six prefetches among them)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def villages(centre_a):
    subdistrict = SubdistrictFactory(code="500101", district=centre_a.district)
    return [VillageFactory(subdistrict=subdistrict, number=n) for n in range(1, 11)]


def _add_visits(centre, villages, count: int, start: int = 0) -> None:
    today = timezone.localdate()
    for n in range(start, start + count):
        visit = VisitFactory(centre=centre, planned_date=today + timedelta(days=n % 20))
        visit.villages.add(villages[n % 10], villages[(n + 1) % 10])


def _count(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"when": "all"}, {"month": "this"}])
def test_the_visit_list_runs_as_many_queries_for_60_visits_as_for_30(
    client, staff, centre_a, villages, params
):
    client.force_login(staff)
    url = reverse("services:visit-list")
    if params.get("month") == "this":  # a month the list offers, whatever today is
        params = {"month": f"{timezone.localdate():%Y-%m}"}
    _add_visits(centre_a, villages, 30)
    with_30 = _count(client, url, params)
    _add_visits(centre_a, villages, 30, start=30)
    assert _count(client, url, params) == with_30 <= VISIT_LIST_QUERIES


def test_the_calendar_runs_as_many_queries_for_60_visits_as_for_30(
    client, staff, centre_a, villages
):
    client.force_login(staff)
    url = reverse("services:visit-calendar")
    today = timezone.localdate()
    _add_visits(centre_a, villages, 30)
    with_30 = _count(client, url, {"month": f"{today:%Y-%m}"})
    _add_visits(centre_a, villages, 30, start=30)
    assert _count(client, url, {"month": f"{today:%Y-%m}"}) == with_30 <= VISIT_CALENDAR_QUERIES


def _full_visit(centre, villages, staff_users, size: int):
    visit = VisitFactory(centre=centre, planned_date=date(2026, 11, 26))
    for n in range(size):
        village = villages[n]
        visit.villages.add(village)
        group = ClientGroupFactory(centre=centre, village=village)
        visit.groups.add(group)
        visit.staff.add(staff_users[n])
        visit.served_requests.add(ServiceRequestFactory(centre=centre, client_group=group))
        ServiceRequestFactory(centre=centre, client_group=group, raised_on_visit=visit)
        AttachmentFactory(request=None, visit=visit, centre=centre, uploaded_by=staff_users[n])
    return visit


def test_the_visit_detail_runs_as_many_queries_for_10_of_everything_as_for_1(
    client, staff, centre_a, villages
):
    team = [staff] + [MembershipFactory(centre=centre_a, role=Role.STAFF).user for _ in range(9)]
    small = _full_visit(centre_a, villages, team, 1)
    large = _full_visit(centre_a, villages, team, 10)
    client.force_login(staff)
    with_1 = _count(client, small.get_absolute_url())
    with_10 = _count(client, large.get_absolute_url())
    assert with_10 == with_1 <= VISIT_DETAIL_QUERIES
    page = client.get(large.get_absolute_url()).content.decode()
    assert page.count('loading="lazy"') == 10
