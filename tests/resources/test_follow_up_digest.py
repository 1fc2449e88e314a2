"""The daily digest of referral follow-ups due (manage.py send_follow_up_digest)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from resources.notifications import send_follow_up_digests
from services.models import Status
from tests.resources.factories import ReferralFactory, ResourceFactory
from tests.services.factories import ServiceRequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


@pytest.fixture
def due(centre_a, staff):
    today = timezone.localdate()
    request = ServiceRequestFactory(centre=centre_a, status=Status.REFERRED, assigned_to=staff)
    return ReferralFactory(
        request=request,
        resource=ResourceFactory(name="ธ.ก.ส. ทดสอบ"),
        sent_by=staff,
        sent_on=today - timedelta(days=40),
        follow_up_on=today - timedelta(days=10),
    )


def test_it_sends_nothing_when_nothing_is_due(staff):
    assert send_follow_up_digests() == 0
    assert mail.outbox == []


def test_it_mails_the_officer_and_the_head_their_follow_ups(due, staff, head, colleague):
    staff.email, head.email, colleague.email = "s@example.go.th", "h@example.go.th", "c@x.th"
    for user in (staff, head, colleague):
        user.save()

    sent = send_follow_up_digests()

    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["h@example.go.th", "s@example.go.th"]
    assert "ธ.ก.ส. ทดสอบ" in mail.outbox[0].body
    assert due.get_absolute_url() in mail.outbox[0].body


def test_it_leaves_out_an_ended_referral(due, staff):
    staff.email = "s@example.go.th"
    staff.save()
    due.status = "withdrawn"
    due.save()

    assert send_follow_up_digests() == 0


def test_the_command_says_how_many_it_sent(due, staff):
    staff.email = "s@example.go.th"
    staff.save()
    out = StringIO()

    call_command("send_follow_up_digest", stdout=out)

    assert "Sent 1 follow-up digest(s)." in out.getvalue()
