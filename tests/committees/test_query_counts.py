"""The committee's list pages read a fixed number of queries, whatever the number of members,
cases and opinions (30+ members, 50+ cases)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Attendance, Opinion, Presence, Review
from tests.committees.conftest import sitting_member
from tests.committees.factories import CommitteeMemberFactory, MeetingFactory, RoundFactory

pytestmark = pytest.mark.date_sensitive


def _grow(centre, user, members: int, cases: int, meeting):
    new_members = [CommitteeMemberFactory(centre=centre) for _ in range(members)]
    rounds = [RoundFactory(centre=centre, opened_by=user) for _ in range(cases)]
    Review.objects.bulk_create(
        Review(round=r, member=m, opinion=Opinion.SUPPORT) for r in rounds for m in new_members[:3]
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=m, presence=Presence.PRESENT) for m in new_members
    )
    meeting.rounds.add(*rounds)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("head", "case-list"),
        ("member", "case-list"),
        ("member", "home"),
        ("head", "roster"),
        ("member", "meeting-list"),
        ("secretary", "meeting-detail"),
        ("member", "meeting-minutes"),
    ],
)
def test_the_page_reads_as_many_queries_for_many_rows(
    client, centre_a, head, secretary, persona, page
):
    member = sitting_member(centre_a, "member_q")
    user = {"head": head, "secretary": secretary.user, "member": member.user}[persona]
    meeting = MeetingFactory(centre=centre_a, created_by=head)
    args = {
        "home": [],
        "meeting-detail": [meeting.pk],
        "meeting-minutes": [meeting.pk],
    }.get(page, [centre_a.code])
    url = reverse(f"committees:{page}", args=args)
    client.force_login(user)

    _grow(centre_a, head, 15, 25, meeting)
    few = _count(client, url)
    _grow(centre_a, head, 16, 26, meeting)
    many = _count(client, url)

    assert many == few
