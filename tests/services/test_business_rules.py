"""Each rule said once and asked everywhere: "late", a visit's request channel, who assigns,
who deletes an attachment, and the intake's person-and-request write."""

from datetime import timedelta

import pytest
from django.utils import timezone

from services.actions import ActionRefused, can_assign, log_request
from services.models import (
    Channel,
    ServiceRequest,
    Status,
    Urgency,
    VisitKind,
    overdue_condition,
)
from services.visit_actions import can_delete_attachment
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import (
    AttachmentFactory,
    ServiceRequestFactory,
    ServiceTypeFactory,
    VisitFactory,
)

pytestmark = pytest.mark.date_sensitive


def test_it_calls_late_only_an_open_request_past_its_due_date(centre_a):
    today = timezone.localdate()
    late = ServiceRequestFactory(centre=centre_a, due_date=today - timedelta(days=1))
    due_today = ServiceRequestFactory(centre=centre_a, due_date=today)
    done = ServiceRequestFactory(
        centre=centre_a, due_date=today - timedelta(days=9), status=Status.RESOLVED
    )
    assert [r.is_overdue() for r in (late, due_today, done)] == [True, False, False]
    assert list(ServiceRequest.objects.overdue()) == [late]
    assert list(ServiceRequest.objects.filter(overdue_condition(today))) == [late]


@pytest.mark.parametrize(
    ("kind", "chosen", "expected"),
    [
        (VisitKind.OUTREACH, Channel.ONSITE, Channel.OUTREACH),
        (VisitKind.ONSITE, Channel.ONSITE, Channel.ONSITE),
        (VisitKind.ONSITE, Channel.OUTREACH, Channel.OUTREACH),
    ],
)
def test_it_gives_a_request_raised_on_a_visit_the_visits_channel(centre_a, kind, chosen, expected):
    visit = VisitFactory.build(centre=centre_a, kind=kind)
    assert visit.channel_for_request(chosen) == expected
    assert visit.raises_outreach_requests is (kind == VisitKind.OUTREACH)


def test_it_lets_only_the_head_and_administrators_assign(
    centre_a, staff, head, committee_member, outsider, admin_user
):
    assert can_assign(head, centre_a) and can_assign(admin_user, centre_a)
    assert not any(can_assign(u, centre_a) for u in (staff, committee_member, outsider))


def test_it_lets_the_uploader_or_the_head_delete_an_attachment(
    centre_a, staff, colleague, head, committee_member
):
    attachment = AttachmentFactory(request__centre=centre_a, uploaded_by=staff)
    assert can_delete_attachment(staff, attachment)
    assert can_delete_attachment(head, attachment, centre=centre_a)
    assert not can_delete_attachment(colleague, attachment)
    assert not can_delete_attachment(committee_member, attachment)


def test_it_refuses_an_intake_without_a_client_or_a_new_person(centre_a, staff):
    with pytest.raises(ActionRefused):
        log_request(
            centre=centre_a,
            client=None,
            service_type=ServiceTypeFactory(),
            channel=Channel.ONSITE,
            urgency=Urgency.NORMAL,
            subject="ขอคำปรึกษา",
            by=staff,
        )
    assert not ServiceRequest.objects.exists()


def test_it_logs_an_intake_for_a_registered_client(centre_a, staff):
    group = ClientGroupFactory(centre=centre_a)
    logged = log_request(
        centre=centre_a,
        client=group,
        service_type=ServiceTypeFactory(),
        channel=Channel.ONSITE,
        urgency=Urgency.NORMAL,
        subject="ขอคำปรึกษา",
        by=staff,
    )
    assert ServiceRequest.objects.get() == logged
    assert (logged.client_group, logged.status) == (group, Status.RECEIVED)
