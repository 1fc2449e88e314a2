"""E-mails: to the assignee when a request is assigned, and the daily digest of each staff
member's overdue requests (manage.py send_overdue_digest)."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from services.actions import assign_request
from services.models import Status, Urgency
from services.notifications import send_overdue_digests
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.date_sensitive


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def make_request(centre_a, head):
    def make(**values):
        values.setdefault("centre", centre_a)
        values.setdefault("received_by", head)
        return ServiceRequestFactory(**values)

    return make


def with_email(user, address: str):
    user.email = address
    user.save()
    return user


def test_it_mails_no_one_when_nothing_is_overdue(staff, today, make_request):
    with_email(staff, "staff@example.org")
    make_request(assigned_to=staff, due_date=today)
    make_request(assigned_to=staff, due_date=today - timedelta(days=3), status=Status.RESOLVED)
    assert send_overdue_digests(today) == 0
    assert mail.outbox == []


def test_it_skips_staff_without_an_email_address_or_no_longer_active(
    staff, colleague, today, make_request
):
    make_request(assigned_to=staff, due_date=today - timedelta(days=1))
    with_email(colleague, "colleague@example.org")
    colleague.is_active = False
    colleague.save()
    make_request(assigned_to=colleague, due_date=today - timedelta(days=1))
    assert send_overdue_digests(today) == 0
    assert mail.outbox == []


def test_it_mails_each_staff_member_their_own_overdue_requests_once(
    staff, colleague, today, make_request, settings
):
    settings.PORTAL_URL = "https://portal.example.go.th"
    with_email(staff, "staff@example.org")
    with_email(colleague, "colleague@example.org")
    first = make_request(
        assigned_to=staff, due_date=date(2026, 11, 2), urgency=Urgency.URGENT, subject="น้ำท่วม"
    )
    second = make_request(assigned_to=staff, due_date=date(2026, 11, 20))
    make_request(assigned_to=staff, due_date=date(2026, 11, 27))  # not yet due
    theirs = make_request(assigned_to=colleague, due_date=date(2026, 11, 25))
    sent = send_overdue_digests(date(2026, 11, 26))
    assert sent == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"staff@example.org", "colleague@example.org"}
    body = by_address["staff@example.org"].body
    assert body.index(first.reference) < body.index(second.reference)
    assert theirs.reference not in body
    assert "2 พ.ย. 2569" in body
    assert f"https://portal.example.go.th{first.get_absolute_url()}" in body
    assert "น้ำท่วม" in body
    assert "2" in by_address["staff@example.org"].subject


def test_it_prints_how_many_it_sent_from_the_command(staff, today, make_request):
    with_email(staff, "staff@example.org")
    make_request(assigned_to=staff, due_date=today - timedelta(days=1))
    out = StringIO()
    call_command("send_overdue_digest", stdout=out)
    assert out.getvalue().strip() == "Sent 1 overdue digest(s)."
    assert len(mail.outbox) == 1


def test_it_mails_the_assignee_with_a_link_and_the_due_date(
    centre_a, head, colleague, make_request, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_URL = "https://portal.example.go.th"
    with_email(colleague, "colleague@example.org")
    service_request = make_request(due_date=date(2026, 12, 24))
    with django_capture_on_commit_callbacks(execute=True):
        assign_request(service_request, assignee=colleague, by=head)
    (message,) = mail.outbox
    assert message.to == ["colleague@example.org"]
    assert service_request.reference in message.subject
    assert f"https://portal.example.go.th{service_request.get_absolute_url()}" in message.body
    assert "24 ธันวาคม 2569" in message.body
