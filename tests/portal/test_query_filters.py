"""A list page whose query string holds a filter value no longer offered (a bookmarked month
that has left the list, an assignee who left the centre) shows the list without that filter
and says so in Thai: 200, not 422 (422 is for a form the user just submitted)."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst

from portal.filtering import described_filters
from services.visit_forms import visit_filters
from tests.centres.factories import UserFactory
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import ServiceRequestFactory, VisitFactory

pytestmark = pytest.mark.date_sensitive

NOTICE = "ไม่มีให้เลือกแล้ว"


def _notices(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_shows_every_visit_when_the_month_has_left_the_list(client, staff, centre_a):
    visit = VisitFactory(centre=centre_a, planned_date=timezone.localdate() + timedelta(days=3))
    client.force_login(staff)
    response = client.get(reverse("services:visit-list"), {"month": "2019-01"})
    assert response.status_code == 200
    assert list(response.context["page"]) == [visit]
    [notice] = _notices(response)
    assert "“เดือน”" in notice and NOTICE in notice


def test_it_keeps_the_filters_that_are_still_offered(client, staff, centre_a):
    VisitFactory(centre=centre_a, planned_date=timezone.localdate() + timedelta(days=3))
    client.force_login(staff)
    response = client.get(reverse("services:visit-list"), {"month": "2019-01", "status": "done"})
    assert response.status_code == 200
    assert list(response.context["page"]) == []  # none done: the status filter still applies
    assert response.context["filters"].cleaned_data["status"] == "done"


def test_it_shows_every_request_when_the_assignee_is_gone(client, staff, centre_a):
    listed = ServiceRequestFactory(centre=centre_a)
    gone = UserFactory()  # no longer a worker of the centre
    client.force_login(staff)
    response = client.get(reverse("services:request-list"), {"assigned_to": gone.pk})
    assert response.status_code == 200
    assert list(response.context["page"]) == [listed]
    [notice] = _notices(response)
    assert "“ผู้รับผิดชอบ”" in notice


def test_it_shows_every_group_when_the_kind_is_unknown(client, staff, centre_a):
    group = ClientGroupFactory(centre=centre_a)
    client.force_login(staff)
    response = client.get(reverse("clients:group-list"), {"kind": "no-such-kind"})
    assert response.status_code == 200
    assert list(response.context["page"]) == [group]
    assert len(_notices(response)) == 1


def test_it_says_nothing_when_every_filter_is_offered(client, staff, centre_a):
    client.force_login(staff)
    response = client.get(reverse("services:visit-list"), {"when": "all"})
    assert response.status_code == 200
    assert _notices(response) == []


def test_an_export_drops_the_value_too_without_a_notice(client, staff, centre_a):
    ServiceRequestFactory(centre=centre_a)
    client.force_login(staff)
    response = client.get(reverse("services:request-export"), {"format": "csv", "fiscal_year": "1"})
    assert response.status_code == 200
    assert _notices(response) == []


def test_a_chosen_day_is_described_in_the_buddhist_era(staff):
    form = visit_filters(staff, date(2026, 11, 26))(QueryDict("day=2026-12-14"))
    with translation.override("th"):
        assert (str(capfirst(form.fields["day"].label)), "14 ธ.ค. 2569") in described_filters(form)
