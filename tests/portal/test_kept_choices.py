"""The lists' filter choices read from small tables are kept a while by the app server
(portal.lib.choices): fewer queries on every list page, never another scope's choices or
another language's labels, and nothing kept longer than FILTER_CHOICES_SECONDS."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centres.models import Role
from tests.centres.factories import (
    MembershipFactory,
    SubdistrictFactory,
    UserFactory,
    VillageFactory,
)
from tests.services.factories import ServiceTypeFactory

REQUESTS = reverse("services:request-list")


def _page(client, url: str = REQUESTS, **params) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _filters(html: str) -> str:
    start = html.index('<form method="get"')
    return html[start : html.index("</form>", start)]


def test_a_second_list_page_reads_the_choices_no_more(client, staff):
    client.force_login(staff)
    first, read = _page(client)
    again, kept = _page(client)

    # the services, the centre's staff, the first fiscal year, the subdistricts, the villages
    assert kept == read - 5
    assert _filters(again) == _filters(first)


def test_a_new_choice_is_offered_once_the_time_is_up(client, staff, settings):
    settings.FILTER_CHOICES_SECONDS = 120
    client.force_login(staff)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _page(client)
        ServiceTypeFactory(name_th="บริการใหม่ล่าสุด")
        assert "บริการใหม่ล่าสุด" not in _page(client)[0]

        clock.shift(timedelta(seconds=121))
        assert "บริการใหม่ล่าสุด" in _page(client)[0]


def test_nothing_is_kept_when_the_time_is_zero(client, staff, settings):
    settings.FILTER_CHOICES_SECONDS = 0
    client.force_login(staff)
    _, first = _page(client)
    ServiceTypeFactory(name_th="บริการใหม่ล่าสุด")
    html, again = _page(client)

    assert "บริการใหม่ล่าสุด" in html
    assert again == first


def test_users_of_another_centre_never_get_these_choices(client, centre_a, centre_b):
    for centre, name in ((centre_a, "สมชายศูนย์เอ"), (centre_b, "สมหญิงศูนย์บี")):
        user = UserFactory(username=f"worker-{centre.code}", first_name=name)
        MembershipFactory(user=user, centre=centre, role=Role.STAFF)
    a = UserFactory(username="reader-a")
    MembershipFactory(user=a, centre=centre_a, role=Role.STAFF)
    b = UserFactory(username="reader-b")
    MembershipFactory(user=b, centre=centre_b, role=Role.STAFF)
    client.force_login(a)
    page_a = _page(client)[0]
    client.force_login(b)
    page_b = _page(client)[0]

    assert "สมชายศูนย์เอ" in page_a and "สมหญิงศูนย์บี" not in page_a
    assert "สมหญิงศูนย์บี" in page_b and "สมชายศูนย์เอ" not in page_b


@pytest.mark.parametrize("url", [REQUESTS, reverse("clients:group-list")])
def test_the_labels_come_in_the_language_of_the_page(client, staff, centre_a, url):
    subdistrict = SubdistrictFactory(code="500199", district=centre_a.district)
    VillageFactory(subdistrict=subdistrict, number=7, name="บ้านทดสอบ")
    client.force_login(staff)
    thai = _page(client, url)[0]
    client.cookies["django_language"] = "en"
    english = _page(client, url)[0]

    assert "หมู่ที่ 7 บ้านทดสอบ ·" in _filters(thai)
    english = _filters(english)
    assert "Moo 7 บ้านทดสอบ ·" in english and "หมู่ที่ 7" not in english
