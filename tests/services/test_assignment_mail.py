"""The e-mail of an assignment: the assignee is told of a request given to them, and one who
takes a request themselves gets a confirmation; both link to the request at PORTAL_URL."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from services.actions import assign_request, create_request
from services.models import Channel, Urgency
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import ServiceTypeFactory


@pytest.fixture
def service_request(centre_a, staff, head, colleague):
    for user in (staff, head, colleague):
        user.email = f"{user.username}@example.go.th"
        user.save(update_fields=["email"])
    return create_request(
        centre=centre_a,
        client=ClientGroupFactory(centre=centre_a),
        service_type=ServiceTypeFactory(),
        channel=Channel.ONSITE,
        urgency=Urgency.NORMAL,
        subject="ขอคำปรึกษาการทำบัญชีกลุ่ม",
        by=head,
    )


def th(msgid: str, **values) -> str:
    with translation.override("th"):
        return translation.gettext(msgid) % values


def test_it_mails_a_confirmation_to_staff_who_take_a_request(
    client, settings, staff, service_request, django_capture_on_commit_callbacks
):
    settings.PORTAL_URL = "http://127.0.0.1:8001"
    client.force_login(staff)
    url = reverse("services:request-assign", args=[service_request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"assignee": staff.pk})

    (message,) = mail.outbox
    reference = service_request.reference
    assert message.to == ["staff_a@example.go.th"]
    assert message.subject == th("You took request %(reference)s", reference=reference)
    taken = "You took request %(reference)s: it is now yours to follow up."
    assert th(taken, reference=reference) in message.body
    assert f"http://127.0.0.1:8001{service_request.get_absolute_url()}" in message.body


def test_it_mails_the_head_who_takes_a_request_a_confirmation_too(
    head, service_request, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assign_request(service_request, assignee=head, by=head)
    (message,) = mail.outbox
    assert message.to == ["head_a@example.go.th"]
    reference = service_request.reference
    assert message.subject == th("You took request %(reference)s", reference=reference)


def test_it_tells_an_assignee_the_head_chose_that_the_request_is_theirs(
    head, colleague, service_request, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assign_request(service_request, assignee=colleague, by=head)
    (message,) = mail.outbox
    reference = service_request.reference
    assert message.to == ["colleague_a@example.go.th"]
    assert message.subject == th("New request for you: %(reference)s", reference=reference)
    assigned = "Request %(reference)s has been assigned to you."
    assert th(assigned, reference=reference) in message.body
    assert th("You took request %(reference)s", reference=reference) not in message.body


def test_taking_a_request_one_already_has_sends_nothing(
    staff, service_request, django_capture_on_commit_callbacks
):
    assign_request(service_request, assignee=staff, by=staff)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assign_request(service_request, assignee=staff, by=staff)
    assert callbacks == []
