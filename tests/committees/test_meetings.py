"""Meetings: quorum at its edges, votes bounded by those present, resolutions that move the
request through the workflow, by circulation where allowed; nobody decides alone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from committees import actions
from committees.actions import ActionRefused
from committees.models import (
    CommitteeSettings,
    Opinion,
    Outcome,
    Position,
    Presence,
    Resolution,
)
from services.actions import note_by_resolution, transition_request
from services.models import Status
from services.timeline import request_timeline
from tests.committees.conftest import sitting_member
from tests.committees.factories import CommitteeMemberFactory, MeetingFactory
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.date_sensitive


@pytest.fixture
def case(centre_a, head):
    request = ServiceRequestFactory(centre=centre_a, status=Status.IN_PROGRESS)
    return actions.put_before_committee(request, question="สนับสนุนทุนหรือไม่", summary="สรุป", by=head)


@pytest.fixture
def committee(centre_a, secretary):
    """Four sitting members (the secretary and three others): quorum is three."""
    return [secretary] + [CommitteeMemberFactory(centre=centre_a) for _ in range(3)]


@pytest.fixture
def meeting(centre_a, case, secretary, committee):
    meeting = actions.plan_meeting(
        centre=centre_a,
        starts_at=timezone.now() + timedelta(hours=2),
        place="ห้องประชุม",
        rounds=[case],
        by=secretary.user,
    )
    return meeting


def _attend(meeting, members, present: int, secretary):
    presence = {
        m.pk: Presence.PRESENT if i < present else Presence.ABSENT for i, m in enumerate(members)
    }
    actions.record_attendance(meeting, presence=presence, by=secretary.user)


def _resolve(meeting, case, secretary, **extra):
    fields = {
        "outcome": Outcome.APPROVED,
        "next_status": Status.REFERRED,
        "text": "อนุมัติให้ส่งต่อ ธ.ก.ส.",
        "votes_for": 2,
        "votes_against": 0,
        "votes_abstaining": 0,
        **extra,
    }
    return actions.record_resolution(meeting, case, by=secretary.user, **fields)


def test_exactly_half_present_is_not_quorum(meeting, committee, secretary):
    _attend(meeting, committee, 2, secretary)

    count = actions.quorum(meeting)
    assert (count.sitting, count.present, count.reached) == (4, 2, False)


def test_more_than_half_present_is_quorum(meeting, committee, secretary):
    _attend(meeting, committee, 3, secretary)

    assert actions.quorum(meeting).reached


def test_a_member_whose_term_ends_on_the_meeting_date_counts(centre_a, meeting, committee):
    CommitteeMemberFactory(centre=centre_a, term_end=meeting.on)
    CommitteeMemberFactory(centre=centre_a, term_end=meeting.on - timedelta(days=1))

    assert actions.quorum(meeting).sitting == 5


def test_no_resolution_without_quorum(meeting, case, committee, secretary):
    _attend(meeting, committee, 2, secretary)

    with pytest.raises(ActionRefused, match="2"):
        _resolve(meeting, case, secretary, votes_for=2)

    case.refresh_from_db()
    case.request.refresh_from_db()
    assert not Resolution.objects.exists()
    assert case.is_open and case.request.status == Status.COMMITTEE


def test_votes_cannot_exceed_those_present(meeting, case, committee, secretary):
    _attend(meeting, committee, 3, secretary)

    with pytest.raises(ActionRefused):
        _resolve(meeting, case, secretary, votes_for=3, votes_abstaining=1)

    assert not Resolution.objects.exists()


def test_an_approval_closes_the_round_and_refers_the_request(meeting, case, committee, secretary):
    _attend(meeting, committee, 3, secretary)

    _resolve(meeting, case, secretary)

    case.refresh_from_db()
    case.request.refresh_from_db()
    assert not case.is_open
    assert case.request.status == Status.REFERRED
    move = case.request.status_changes.order_by("changed_at", "pk").last()
    assert "อนุมัติให้ส่งต่อ ธ.ก.ส." in move.note
    assert move.changed_by == secretary.user


def test_not_approved_sends_the_request_back_to_work_with_the_reason(
    meeting, case, committee, secretary
):
    _attend(meeting, committee, 3, secretary)

    _resolve(meeting, case, secretary, outcome=Outcome.NOT_APPROVED, next_status="", text="ขาดแผน")

    case.request.refresh_from_db()
    assert case.request.status == Status.IN_PROGRESS
    assert "ขาดแผน" in case.request.status_changes.order_by("pk").last().note


def test_a_deferred_case_stays_before_the_committee(meeting, case, committee, secretary):
    _attend(meeting, committee, 3, secretary)

    _resolve(meeting, case, secretary, outcome=Outcome.DEFERRED, next_status="", text="รอข้อมูล")

    case.refresh_from_db()
    case.request.refresh_from_db()
    assert case.is_open and case.request.status == Status.COMMITTEE


def test_a_deferred_case_has_its_resolution_on_the_request_timeline(
    meeting, case, committee, secretary
):
    _attend(meeting, committee, 3, secretary)
    moves = case.request.status_changes.count()

    _resolve(meeting, case, secretary, outcome=Outcome.DEFERRED, next_status="", text="รอข้อมูล")

    assert case.request.status_changes.count() == moves  # it did not move
    events = [e for e in request_timeline(case.request) if e.kind == "note"]
    assert len(events) == 1
    assert "รอข้อมูล" in events[0].text and str(Outcome.DEFERRED.label) in events[0].text
    assert events[0].obj.author == secretary.user


def test_a_deferred_resolution_cannot_note_a_request_no_longer_before_the_committee(
    case, secretary, head
):
    transition_request(case.request, to=Status.CANCELLED, by=head, note="กลุ่มขอยกเลิก")

    with pytest.raises(ActionRefused):
        note_by_resolution(case.request, text="เลื่อนการพิจารณา", by=secretary.user)

    assert not case.request.notes.exists()


def test_the_head_and_staff_cannot_record_a_resolution(
    meeting, case, committee, secretary, head, staff
):
    _attend(meeting, committee, 3, secretary)

    for user in (head, staff):
        with pytest.raises(ActionRefused):
            actions.record_resolution(
                meeting,
                case,
                outcome=Outcome.NOT_APPROVED,
                text="ไม่อนุมัติ",
                votes_for=0,
                votes_against=0,
                votes_abstaining=0,
                by=user,
            )

    assert not Resolution.objects.exists()


def test_the_head_cannot_move_a_case_out_of_the_committee_alone(case, head, staff):
    for user, to in ((head, Status.IN_PROGRESS), (staff, Status.REFERRED)):
        with pytest.raises(ActionRefused):
            transition_request(case.request, to=to, by=user)

    case.request.refresh_from_db()
    assert case.request.status == Status.COMMITTEE


def test_a_case_not_on_the_agenda_cannot_be_resolved(centre_a, meeting, committee, secretary, head):
    other = actions.put_before_committee(
        ServiceRequestFactory(centre=centre_a, status=Status.IN_PROGRESS),
        question="อีกเรื่อง",
        summary="สรุป",
        by=head,
    )
    _attend(meeting, committee, 4, secretary)

    with pytest.raises(ActionRefused):
        _resolve(meeting, other, secretary)


def test_attendance_is_taken_only_of_members_sitting_on_the_date(centre_a, meeting, secretary):
    past = CommitteeMemberFactory(
        centre=centre_a, term_end=timezone.localdate() - timedelta(days=3)
    )

    with pytest.raises(ActionRefused):
        actions.record_attendance(meeting, presence={past.pk: Presence.PRESENT}, by=secretary.user)


# Resolution by circulation


def _opinions(case, members, count):
    for member in members[:count]:
        actions.give_opinion(case, user=member.user, opinion=Opinion.SUPPORT)


@pytest.fixture
def members_with_logins(centre_a, secretary):
    return [secretary] + [sitting_member(centre_a, f"m{i}") for i in range(3)]


def test_circulation_needs_the_centre_to_allow_it(case, members_with_logins, secretary):
    _opinions(case, members_with_logins, 4)

    with pytest.raises(ActionRefused):
        actions.resolve_by_circulation(
            case,
            outcome=Outcome.APPROVED,
            next_status=Status.IN_PROGRESS,
            text="อนุมัติ",
            by=secretary.user,
        )


def test_circulation_needs_more_than_half_of_the_written_opinions(
    centre_a, case, members_with_logins, secretary
):
    CommitteeSettings.objects.create(centre=centre_a, allows_circulation=True)
    _opinions(case, members_with_logins, 2)
    fields = {"outcome": Outcome.APPROVED, "next_status": Status.IN_PROGRESS, "text": "อนุมัติ"}

    with pytest.raises(ActionRefused):
        actions.resolve_by_circulation(case, by=secretary.user, **fields)
    _opinions(case, members_with_logins[2:], 1)
    resolution = actions.resolve_by_circulation(case, by=secretary.user, **fields)

    case.request.refresh_from_db()
    assert resolution.by_circulation and resolution.votes_for == 3
    assert case.request.status == Status.IN_PROGRESS


def test_a_conflicted_opinion_does_not_count_for_circulation(
    centre_a, case, members_with_logins, secretary
):
    CommitteeSettings.objects.create(centre=centre_a, allows_circulation=True)
    _opinions(case, members_with_logins, 3)
    actions.declare_conflict(case, user=members_with_logins[1].user, reason="ญาติ")

    assert actions.circulation_count(case).present == 2
    assert not actions.circulation_count(case).reached


def test_only_the_secretary_or_head_plans_a_meeting(centre_a, member_1, staff):
    for user in (member_1.user, staff):
        with pytest.raises(ActionRefused):
            actions.plan_meeting(centre=centre_a, starts_at=timezone.now(), place="ห้อง", by=user)


def test_the_secretary_is_the_sitting_secretary(centre_a, secretary):
    secretary.position = Position.MEMBER
    secretary.save()

    assert not actions.is_secretary(secretary.user, centre_a)
    assert MeetingFactory(centre=centre_a).centre == centre_a
