"""The lists' filter choices read from small tables are kept a while by the app server
(portal.lib.choices): fewer queries on every list page, never another scope's choices or
another language's labels, and nothing kept longer than FILTER_CHOICES_SECONDS."""

import re
from datetime import timedelta

import pytest
import time_machine
from django import forms
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centres.models import Role
from portal.templatetags.filterfields import filter_fields
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


# The filter fields written from those choices are kept with them ({% filter_fields %}).


def _selected(html: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', _filters(html))


def test_the_kept_fields_show_each_page_its_own_chosen_values(client, staff):
    client.force_login(staff)
    plain = _page(client)[0]
    received = _page(client, status="received", sort="due")[0]
    again = _page(client)[0]

    assert "received" in _selected(received) and "due" in _selected(received)
    assert "received" not in _selected(plain) and "received" not in _selected(again)
    assert _filters(again) == _filters(plain)


def test_a_provincial_officer_never_gets_the_fields_kept_for_a_centre(
    client, staff, province_officer
):
    client.force_login(staff)
    centre_page = _filters(_page(client)[0])
    client.force_login(province_officer)
    province_page = _filters(_page(client)[0])

    assert 'name="centre"' not in centre_page  # a centre's staff have no centre filter
    assert 'name="centre"' in province_page


def test_a_new_choice_is_offered_within_the_time_whichever_copy_a_page_reads(
    client, staff, settings
):
    """Fields written late in a period from choices read at its start go with them."""
    settings.FILTER_CHOICES_SECONDS = 120
    client.force_login(staff)
    with time_machine.travel("2026-11-05 10:00 +07:00", tick=False) as clock:  # a period starts
        _page(client)  # the choices read
        clock.shift(timedelta(seconds=100))
        _page(client, status="received")  # these fields written from those choices
        ServiceTypeFactory(name_th="บริการใหม่ล่าสุด")
        clock.shift(timedelta(seconds=25))  # 125 s after the choices were read

        assert "บริการใหม่ล่าสุด" in _page(client, status="received")[0]


def test_the_kept_fields_follow_the_day(client, staff, settings):
    """A new fiscal year is offered from 1 October, however long the markup is kept: here two
    hours, both moments within one period of the epoch's count (16:00-18:00 UTC)."""
    settings.FILTER_CHOICES_SECONDS = 7200
    client.force_login(staff)
    with time_machine.travel("2026-09-30 23:30 +07:00", tick=False) as clock:
        before = _filters(_page(client)[0])
        clock.move_to("2026-10-01 00:10 +07:00")
        after = _filters(_page(client)[0])

    assert '<option value="2570">' not in before
    assert '<option value="2570">' in after


class _Filters(forms.Form):
    status = forms.ChoiceField(label="สถานะ", choices=[("", "ทั้งหมด"), ("open", "ยังไม่ปิด")])


class _FilterSet:
    """What {% filter_fields %} asks of a FilterSet: its form and its scope."""

    scope = "1:staff|"

    def __init__(self, data) -> None:
        self.form = _Filters(data)


def test_fields_with_an_error_are_written_anew_and_never_kept(db):
    refused = filter_fields(_FilterSet({"status": "nonsense"}), "col")
    chosen = filter_fields(_FilterSet({"status": "open"}), "col")

    assert "is-invalid" in refused or "invalid-feedback" in refused
    assert '<option value="open" selected>' in chosen
    assert filter_fields(_FilterSet({"status": "nonsense"}), "col") == refused
    # one entry kept: the valid form's; the refused one was never stored
    assert len(cache._cache) == 1  # type: ignore[attr-defined]
