"""A request's row, as the request list and My work show it: what a user reads on it."""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from services.models import Status, Urgency
from tests.centres.factories import UserFactory
from tests.clients.factories import PersonFactory
from tests.services.factories import ServiceRequestFactory

BANGKOK = ZoneInfo("Asia/Bangkok")
TODAY = date(2026, 12, 3)


def th(msgid: str) -> str:
    with translation.override("th"):
        return translation.gettext(msgid)


def row_of(html: str, reference: str) -> str:
    """The row (an ``<a class="list-group-item">``) that holds ``reference``."""
    rows = re.findall(r'<a class="list-group-item[^"]*" href="[^"]*">.*?</a>', html, re.S)
    found = [row for row in rows if reference in row]
    assert len(found) == 1, rows
    return re.sub(r"\s+", " ", found[0])


@pytest.fixture
def late_urgent_request(centre_a):
    assignee = UserFactory(username="somsri", first_name="สมศรี", last_name="ใจดี")
    return ServiceRequestFactory(
        centre=centre_a,
        client_group=None,
        person=PersonFactory(centre=centre_a, first_name="ประไพ", last_name="ทาเครือ"),
        subject='ขอทุน <script>alert("x")</script>',
        urgency=Urgency.URGENT,
        status=Status.IN_PROGRESS,
        assigned_to=assignee,
        # 23:30 in UTC on 30 November is 1 December in Bangkok, the day the row shows.
        received_at=datetime(2026, 11, 30, 23, 30, tzinfo=UTC),
        due_date=TODAY - timedelta(days=1),
    )


@time_machine.travel(datetime(2026, 12, 3, 10, 0, tzinfo=BANGKOK), tick=False)
@pytest.mark.parametrize("url", [reverse("services:request-list"), reverse("services:my-work")])
def test_a_row_shows_the_client_status_dates_and_assignee(client, staff, late_urgent_request, url):
    late_urgent_request.assigned_to = staff if url.endswith("/services/") else None
    late_urgent_request.save()
    client.force_login(staff)

    row = row_of(client.get(url).content.decode(), late_urgent_request.reference)

    assert f'href="{late_urgent_request.get_absolute_url()}"' in row
    assert "&lt;script&gt;" in row and "<script>" not in row
    assert "ประไพ ทาเครือ" in row
    assert th(Status.IN_PROGRESS.label) in row and th(Urgency.URGENT.label) in row
    assert f"{th('Received')} 1 ธ.ค. 2569" in row
    assert th("Late") in row and "2 ธ.ค. 2569" in row
    assert (th("Not assigned") in row) is (late_urgent_request.assigned_to is None)
    assert late_urgent_request.centre.name not in row


@time_machine.travel(datetime(2026, 12, 3, 10, 0, tzinfo=BANGKOK), tick=False)
def test_a_province_officer_reads_each_rows_centre(client, province_officer, late_urgent_request):
    client.force_login(province_officer)

    html = client.get(reverse("services:request-list")).content.decode()

    row = row_of(html, late_urgent_request.reference)
    assert f" · {late_urgent_request.centre.name}" in row
    assert "สมศรี ใจดี" in row
    assert th("Not assigned") not in row


@time_machine.travel(datetime(2026, 12, 3, 10, 0, tzinfo=BANGKOK), tick=False)
def test_a_normal_request_on_time_has_no_urgent_or_late_badge(client, staff, centre_a):
    on_time = ServiceRequestFactory(centre=centre_a, due_date=TODAY)
    client.force_login(staff)

    row = row_of(client.get(reverse("services:request-list")).content.decode(), on_time.reference)

    assert on_time.client_group.name in row
    assert th("Late") not in row and th(Urgency.URGENT.label) not in row
    assert th("Not assigned") in row
