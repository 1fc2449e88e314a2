"""The main pages of every app, with a few rows of each kind on them, for the checks that sweep
them all (accessibility, tap targets on a phone).

``main_pages`` gives (name, path) pairs; the data is centre A's, seen by its head (who sees the
most: the waiting list, assignment and workflow buttons). ``committee_pages`` gives, for each
persona who uses the committee's pages (the head, a member, the secretary), their username and
the pages they work on: a case waiting for opinions, a meeting planned with attendance being
taken and one held with its resolution.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import actions as committee_actions
from committees.models import Category, Opinion, Outcome, Position, Presence
from services.models import Channel, Status, Urgency, VisitStatus
from tests.clients.factories import (
    ClientGroupFactory,
    GroupMembershipFactory,
    GroupSnapshotFactory,
    PersonFactory,
    ProductFactory,
)
from tests.committees.conftest import sitting_member
from tests.committees.factories import CommitteeMemberFactory
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
        ("centre overview", reverse("reports:centre-overview", args=[centre_a.code])),
        ("monthly report", reverse("reports:centre-report", args=[centre_a.code]) + "?month=2"),
        ("resource directory", reverse("resources:resource-list")),
        ("resource detail", bank.get_absolute_url()),
        ("referral form", reverse("resources:referral-create", args=[detail.pk])),
        ("referral detail", referral.get_absolute_url()),
        ("event list", reverse("resources:event-list")),
        ("event detail", event.get_absolute_url()),
        ("event form", reverse("resources:event-create")),
    ]


def _committee(centre):
    """A secretary and a member with logins, seven more members of every category, and one
    whose term has ended: quorum is five."""
    secretary = sitting_member(centre, "secretary_a", Position.SECRETARY)
    member = sitting_member(centre, "member_1", category=Category.OTOP)
    categories = (list(Category.values) * 2)[:7]
    others = [CommitteeMemberFactory(centre=centre, category=c) for c in categories]
    past = timezone.localdate() - timedelta(days=30)
    CommitteeMemberFactory(centre=centre, term_start=past - timedelta(days=700), term_end=past)
    return secretary, member, [secretary, member, *others]


def _case(centre, head, subject: str):
    request = ServiceRequestFactory(centre=centre, status=Status.IN_PROGRESS, subject=subject)
    return committee_actions.put_before_committee(
        request, question="ควรส่งต่อ ธ.ก.ส. หรือไม่", summary="กลุ่มขอทุนซื้อกี่ทอผ้า", by=head, notify=False
    )


@pytest.fixture
def committee_pages(centre_a, head) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    secretary, member, sitting = _committee(centre_a)
    waiting = _case(centre_a, head, "ขอทุนซื้อกี่ทอผ้า")
    committee_actions.give_opinion(
        waiting, user=secretary.user, opinion=Opinion.SUPPORT_WITH_CONDITIONS, note="ทำแผนก่อน"
    )
    decided = _case(centre_a, head, "ขอสินเชื่อขยายโรงเรือน")
    held = committee_actions.plan_meeting(
        centre=centre_a,
        starts_at=timezone.now() - timedelta(days=3),
        place="ห้องประชุมที่ว่าการอำเภอ",
        rounds=[decided],
        by=secretary.user,
    )
    presence = {
        m.pk: Presence.PRESENT if i < 6 else Presence.EXCUSED for i, m in enumerate(sitting)
    }
    committee_actions.record_attendance(held, presence=presence, by=secretary.user)
    committee_actions.record_resolution(
        held,
        decided,
        outcome=Outcome.APPROVED_WITH_CONDITIONS,
        next_status=Status.REFERRED,
        text="อนุมัติให้ส่งต่อ ธ.ก.ส. โดยให้จัดทำแผนธุรกิจ",
        votes_for=5,
        votes_against=0,
        votes_abstaining=1,
        by=secretary.user,
    )
    planned = committee_actions.plan_meeting(
        centre=centre_a,
        starts_at=timezone.now() + timedelta(hours=2),
        place="ห้องประชุมที่ว่าการอำเภอ",
        rounds=[waiting],
        by=secretary.user,
    )
    committee_actions.record_attendance(
        planned, presence={m.pk: Presence.PRESENT for m in sitting[:3]}, by=secretary.user
    )
    code = centre_a.code
    lists = [
        ("committee case list", reverse("committees:case-list", args=[code])),
        ("committee meeting list", reverse("committees:meeting-list", args=[code])),
        ("committee roster", reverse("committees:roster", args=[code])),
    ]
    details = [
        ("committee case detail", reverse("committees:case-detail", args=[waiting.pk])),
        ("committee decided case", reverse("committees:case-detail", args=[decided.pk])),
        ("committee meeting detail", reverse("committees:meeting-detail", args=[planned.pk])),
        ("committee held meeting", reverse("committees:meeting-detail", args=[held.pk])),
    ]
    home = [("committee home", reverse("committees:home"))]
    return {
        "head": (head.username, lists + details),
        "member": (member.user.username, home + details[:1] + details[2:] + lists),
        "secretary": (secretary.user.username, home + details + lists),
    }
