"""Two staff editing one request: the second save of a form opened before the first save is
refused with what changed, keeps the user's input, and never overwrites silently."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from services.actions import create_request, edit_request, transition_request
from services.models import Channel, ServiceRequest, Status, Urgency
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import ServiceTypeFactory


def th(msgid: str) -> str:
    with translation.override("th"):
        return escape(translation.gettext(msgid))


def label(field: str) -> str:
    """A field's label as the page shows it (Thai, first letter capital)."""
    with translation.override("th"):
        name = str(ServiceRequest._meta.get_field(field).verbose_name)
    return escape(name[:1].upper() + name[1:])


@pytest.fixture
def service_request(centre_a, staff):
    return create_request(
        centre=centre_a,
        client=ClientGroupFactory(centre=centre_a),
        service_type=ServiceTypeFactory(),
        channel=Channel.ONSITE,
        urgency=Urgency.NORMAL,
        subject="ขอความรู้การทำบัญชีกลุ่ม",
        by=staff,
    )


def edit_data(service_request: ServiceRequest, **changes) -> dict:
    data = {
        "version": 1,
        "subject": service_request.subject,
        "description": "",
        "service_type": service_request.service_type_id,
        "channel": Channel.ONSITE,
        "urgency": Urgency.NORMAL,
    }
    return {**data, **changes}


def test_it_refuses_a_stale_edit_and_says_what_changed(client, staff, colleague, service_request):
    edit_url = reverse("services:request-edit", args=[service_request.pk])
    client.force_login(staff)
    assert client.get(edit_url).context["form"]["version"].value() == 1
    # Meanwhile a colleague saves the same request.
    edit_request(
        service_request,
        changes={"subject": "ขอความรู้บัญชีครัวเรือน"},
        expected_version=1,
        by=colleague,
    )
    response = client.post(edit_url, edit_data(service_request, description="มาที่ศูนย์ฯ"))
    assert response.status_code == 409
    html = response.content.decode()
    assert th("Someone else saved this request while you were editing it.") in html
    assert label("subject") in html
    assert "ขอความรู้บัญชีครัวเรือน" in html  # the value saved now
    assert "มาที่ศูนย์ฯ" in html  # the user's input is kept
    fresh = ServiceRequest.objects.get(pk=service_request.pk)
    assert (fresh.subject, fresh.description, fresh.version) == ("ขอความรู้บัญชีครัวเรือน", "", 2)
    stale = response.context["stale"]
    assert stale.current == [(label("subject"), "ขอความรู้บัญชีครัวเรือน")]


def test_it_saves_the_second_time_once_the_user_has_seen_the_changes(
    client, staff, colleague, service_request
):
    edit_url = reverse("services:request-edit", args=[service_request.pk])
    edit_request(service_request, changes={"subject": "เรื่องใหม่"}, expected_version=1, by=colleague)
    client.force_login(staff)
    first = client.post(edit_url, edit_data(service_request, subject="เรื่องของฉัน"))
    assert str(first.context["form"]["version"].value()) == "2"
    second = client.post(edit_url, edit_data(service_request, subject="เรื่องของฉัน", version=2))
    assert second.status_code == 302
    fresh = ServiceRequest.objects.get(pk=service_request.pk)
    assert (fresh.subject, fresh.version) == ("เรื่องของฉัน", 3)
    assert fresh.history.first().history_user == staff


def test_it_names_a_status_change_made_meanwhile(client, staff, head, service_request):
    edit_url = reverse("services:request-edit", args=[service_request.pk])
    transition_request(service_request, to=Status.IN_PROGRESS, by=head)
    client.force_login(staff)
    response = client.post(edit_url, edit_data(service_request, subject="แก้ไขเรื่อง"))
    assert response.status_code == 409
    assert label("status") in response.content.decode()
    fresh = ServiceRequest.objects.get(pk=service_request.pk)
    assert fresh.subject == "ขอความรู้การทำบัญชีกลุ่ม"


def test_it_refuses_a_stale_outcome_too(client, staff, colleague, service_request):
    url = reverse("services:request-outcome", args=[service_request.pk])
    edit_request(
        service_request, changes={"outcome": "ให้คำปรึกษาแล้ว"}, expected_version=1, by=colleague
    )
    client.force_login(staff)
    response = client.post(url, {"version": 1, "outcome": "อบรมการทำบัญชี", "satisfaction": ""})
    assert response.status_code == 409
    html = response.content.decode()
    assert label("outcome") in html
    assert "ให้คำปรึกษาแล้ว" in html and "อบรมการทำบัญชี" in html
    assert ServiceRequest.objects.get(pk=service_request.pk).outcome == "ให้คำปรึกษาแล้ว"
