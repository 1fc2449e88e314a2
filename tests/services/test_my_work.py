"""The "my work" home: my open requests by due date, the coming visits, and for the head the
requests still waiting for someone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from services.models import Status, VisitStatus
from tests.services.factories import ServiceRequestFactory, VisitFactory

pytestmark = pytest.mark.date_sensitive

URL = reverse("services:my-work")


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def make_request(centre_a, staff):
    def make(**values):
        values.setdefault("centre", centre_a)
        values.setdefault("received_by", staff)
        return ServiceRequestFactory(**values)

    return make


def refs(rows) -> set[str]:
    return {r.reference for r in rows}


def test_it_sends_anonymous_users_to_the_login_page(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_shows_an_empty_page_to_a_user_without_a_centre(client, nobody):
    client.force_login(nobody)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["counts"] == {"open": 0, "overdue": 0, "week": 0}
    assert not response.context["can_log"]


def test_it_never_shows_another_centres_work(client, outsider, centre_a, staff, make_request):
    make_request(assigned_to=staff)
    VisitFactory(centre=centre_a, created_by=staff)
    client.force_login(outsider)
    response = client.get(URL)
    assert response.context["counts"]["open"] == 0
    assert list(response.context["visits"]) == []


def test_it_sorts_my_open_requests_by_due_date(client, staff, colleague, today, make_request):
    overdue = make_request(assigned_to=staff, due_date=today - timedelta(days=1))
    due_today = make_request(assigned_to=staff, due_date=today)
    due_in_six = make_request(assigned_to=staff, due_date=today + timedelta(days=6))
    later = make_request(assigned_to=staff, due_date=today + timedelta(days=7))
    make_request(assigned_to=staff, status=Status.RESOLVED, due_date=today - timedelta(days=9))
    make_request(assigned_to=colleague, due_date=today - timedelta(days=1))
    make_request(due_date=today - timedelta(days=1))  # no one's yet
    client.force_login(staff)
    response = client.get(URL)
    context = response.context
    assert context["counts"] == {"open": 4, "overdue": 1, "week": 2}
    assert refs(context["overdue"]) == {overdue.reference}
    assert [r.reference for r in context["due_this_week"]] == [
        due_today.reference,
        due_in_six.reference,
    ]
    assert refs(context["later"]) == {later.reference}
    assert not context["is_head"]
    assert context["waiting"] == []
    html = response.content.decode()
    assert overdue.reference in html and later.reference in html


def test_it_shows_the_first_twenty_of_each_section_by_due_date(client, staff, today, make_request):
    overdue = [
        make_request(assigned_to=staff, due_date=today - timedelta(days=30 - n)) for n in range(25)
    ]
    this_week = make_request(assigned_to=staff, due_date=today + timedelta(days=2))
    later = [
        make_request(assigned_to=staff, due_date=today + timedelta(days=8 + n)) for n in (2, 1)
    ]
    client.force_login(staff)
    context = client.get(URL).context

    assert [r.reference for r in context["overdue"]] == [r.reference for r in overdue[:20]]
    assert [r.reference for r in context["due_this_week"]] == [this_week.reference]
    assert [r.reference for r in context["later"]] == [later[1].reference, later[0].reference]
    assert context["counts"] == {"open": 28, "overdue": 25, "week": 1}


def test_each_section_starts_where_the_one_before_ends(client, staff, today, make_request):
    overdue = make_request(assigned_to=staff, due_date=today - timedelta(days=1))
    make_request(assigned_to=staff, status=Status.RESOLVED, due_date=today - timedelta(days=2))
    this_week = [
        make_request(assigned_to=staff, due_date=today + timedelta(days=n % 7)) for n in range(22)
    ]
    later = make_request(assigned_to=staff, due_date=today + timedelta(days=30))
    client.force_login(staff)
    context = client.get(URL).context

    assert [r.reference for r in context["overdue"]] == [overdue.reference]
    by_due = sorted(this_week, key=lambda r: (r.due_date, r.reference))
    assert [r.reference for r in context["due_this_week"]] == [r.reference for r in by_due[:20]]
    assert [r.reference for r in context["later"]] == [later.reference]


def test_it_shows_the_head_the_requests_waiting_to_be_assigned(
    client, head, staff, centre_b, outsider, make_request
):
    waiting = make_request()
    make_request(assigned_to=staff)
    make_request(status=Status.CANCELLED)
    ServiceRequestFactory(centre=centre_b, received_by=outsider)
    client.force_login(head)
    response = client.get(URL)
    assert response.context["is_head"]
    assert refs(response.context["waiting"]) == {waiting.reference}
    assert response.context["waiting_count"] == 1
    assert waiting.reference in response.content.decode()


def test_it_shows_todays_and_coming_visits_i_go_on_or_of_my_centre(
    client, staff, colleague, centre_a, centre_b, outsider, today
):
    mine = VisitFactory(centre=centre_a, planned_date=today, created_by=colleague)
    mine.staff.add(staff)
    centres = VisitFactory(
        centre=centre_a, planned_date=today + timedelta(days=3), created_by=colleague
    )
    VisitFactory(centre=centre_a, planned_date=today - timedelta(days=1), created_by=colleague)
    VisitFactory(
        centre=centre_a,
        planned_date=today + timedelta(days=1),
        status=VisitStatus.CANCELLED,
        created_by=colleague,
    )
    VisitFactory(centre=centre_b, planned_date=today, created_by=outsider)
    client.force_login(staff)
    response = client.get(URL)
    visits = list(response.context["visits"])
    assert visits == [mine, centres]
    assert [v.is_mine for v in visits] == [True, False]
    assert reverse("services:visit-detail", args=[mine.pk]) in response.content.decode()


def test_it_links_to_my_work_from_the_navbar_and_the_centre_home(client, staff, centre_a):
    client.force_login(staff)
    html = client.get(centre_a.get_absolute_url()).content.decode()
    assert html.count(f'href="{URL}"') >= 2
    assert reverse("services:request-list") in html
