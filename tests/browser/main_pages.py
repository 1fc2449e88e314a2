"""The main pages of every app, with a few rows of each kind on them, for the checks that sweep
them all (accessibility, tap targets on a phone).

``main_pages`` gives (name, path) pairs; the data is centre A's, seen by its head (who sees the
most: the waiting list, assignment and workflow buttons).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from services.models import Channel, Status, Urgency, VisitStatus
from tests.clients.factories import (
    ClientGroupFactory,
    GroupMembershipFactory,
    GroupSnapshotFactory,
    PersonFactory,
    ProductFactory,
)
from tests.resources.factories import (
    EventFactory,
    LocalResourceFactory,
    ParticipantFactory,
    ReferralFactory,
    ResourceFactory,
)
from tests.services.factories import (
    RequestNoteFactory,
    ServiceRequestFactory,
    StatusChangeFactory,
    VisitFactory,
)


@pytest.fixture
def main_pages(centre_a, staff, head) -> list[tuple[str, str]]:
    today = timezone.localdate()
    group = ClientGroupFactory(centre=centre_a, registration_number="5-50-01-10/1-0007")
    person = PersonFactory(centre=centre_a)
    GroupMembershipFactory(group=group, person=person)
    ProductFactory(group=group)
    GroupSnapshotFactory(group=group)
    ClientGroupFactory(centre=centre_a)
    PersonFactory(centre=centre_a)
    requests = [
        ServiceRequestFactory(
            centre=centre_a,
            client_group=group if n % 2 else None,
            person=None if n % 2 else person,
            received_by=staff,
            assigned_to=staff if n < 5 else None,
            status=status,
            urgency=Urgency.URGENT if n % 3 == 0 else Urgency.NORMAL,
            channel=Channel.OUTREACH if n % 2 else Channel.ONSITE,
            due_date=today + timedelta(days=n * 4 - 6),  # some overdue, some due this week
        )
        for n, status in enumerate(
            [Status.RECEIVED, Status.IN_PROGRESS, Status.COMMITTEE, Status.REFERRED]
            + [Status.RESOLVED, Status.RECEIVED, Status.CLOSED, Status.CANCELLED]
        )
    ]
    detail = requests[1]
    StatusChangeFactory(request=detail, changed_by=staff)
    RequestNoteFactory(request=detail, author=staff)
    visit = VisitFactory(centre=centre_a, created_by=staff, planned_date=today)
    visit.staff.add(staff)
    VisitFactory(centre=centre_a, created_by=staff, status=VisitStatus.DONE)
    bank = ResourceFactory(name="ธนาคารทดสอบ", offers_text="สินเชื่อเพื่อการผลิต")
    LocalResourceFactory(centre=centre_a, name="ปราชญ์ทดสอบ", kind="knowledge")
    referral = ReferralFactory(request=requests[3], resource=bank, sent_by=staff)
    event = EventFactory(centre=centre_a, created_by=staff)
    ParticipantFactory(event=event)
    ParticipantFactory(event=event, walk_in_name="", person=person, attendance="attended")
    return [
        ("my work", reverse("services:my-work")),
        ("request list", reverse("services:request-list")),
        ("request detail", detail.get_absolute_url()),
        ("intake form", reverse("services:request-create")),
        ("visit list", reverse("services:visit-list")),
        ("visit detail", visit.get_absolute_url()),
        ("visit form", reverse("services:visit-create")),
        ("visit calendar", reverse("services:visit-calendar")),
        ("group list", reverse("clients:group-list")),
        ("group detail", group.get_absolute_url()),
        ("group form", reverse("clients:group-create")),
        ("person list", reverse("clients:person-list")),
        ("person detail", person.get_absolute_url()),
        ("person form", reverse("clients:person-create")),
        ("import", reverse("clients:import")),
        ("centre list", reverse("centres:centre-list")),
        ("centre home", centre_a.get_absolute_url()),
        ("resource directory", reverse("resources:resource-list")),
        ("resource detail", bank.get_absolute_url()),
        ("referral form", reverse("resources:referral-create", args=[detail.pk])),
        ("referral detail", referral.get_absolute_url()),
        ("event list", reverse("resources:event-list")),
        ("event detail", event.get_absolute_url()),
        ("event form", reverse("resources:event-create")),
    ]
