"""Cases before the committee: rounds, opinions (one per member, changes kept, hidden until
given), conflicts, and the tally."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from committees import actions
from committees.actions import ActionRefused
from committees.models import Opinion, Review, Round
from services.models import Status
from tests.committees.conftest import sitting_member
from tests.committees.factories import MeetingFactory
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.date_sensitive


@pytest.fixture
def case(centre_a, head, secretary, member_1, member_2, django_capture_on_commit_callbacks):
    request = ServiceRequestFactory(centre=centre_a, status=Status.IN_PROGRESS)
    for member in (secretary, member_1, member_2):
        member.user.email = f"{member.user.username}@example.org"
        member.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        return actions.put_before_committee(
            request, question="ควรสนับสนุนเงินทุนหรือไม่", summary="กลุ่มทอผ้าขอทุน", by=head
        )


def test_staff_cannot_put_a_request_before_the_committee(centre_a, staff):
    request = ServiceRequestFactory(centre=centre_a, status=Status.IN_PROGRESS)

    with pytest.raises(ActionRefused):
        actions.put_before_committee(request, question="ถาม", summary="สรุป", by=staff)

    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS
    assert not Round.objects.exists()


def test_it_needs_a_question_and_a_summary(centre_a, head):
    request = ServiceRequestFactory(centre=centre_a, status=Status.IN_PROGRESS)

    with pytest.raises(ActionRefused):
        actions.put_before_committee(request, question="ถาม", summary=" ", by=head)

    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS


def test_putting_a_case_before_the_committee_opens_a_round_and_mails_the_members(case):
    case.request.refresh_from_db()

    assert case.request.status == Status.COMMITTEE
    assert case.number == 1 and case.is_open
    assert case.request.status_changes.get().note == "ควรสนับสนุนเงินทุนหรือไม่"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "member_1@example.org",
        "member_2@example.org",
        "secretary_a@example.org",
    ]
    assert case.request.reference in mail.outbox[0].subject


def test_a_member_gives_one_opinion_and_every_change_is_kept(case, member_1):
    actions.give_opinion(case, user=member_1.user, opinion=Opinion.SUPPORT)
    actions.give_opinion(
        case, user=member_1.user, opinion=Opinion.SUPPORT_WITH_CONDITIONS, note="ต้องมีแผน"
    )

    review = Review.objects.get()
    assert (review.member, review.opinion) == (member_1, Opinion.SUPPORT_WITH_CONDITIONS)
    assert [h.opinion for h in review.history.order_by("history_date")] == [
        Opinion.SUPPORT,
        Opinion.SUPPORT_WITH_CONDITIONS,
    ]


@pytest.mark.parametrize("opinion", [Opinion.SUPPORT_WITH_CONDITIONS, Opinion.DO_NOT_SUPPORT])
def test_an_opinion_other_than_support_needs_a_note(case, member_1, opinion):
    with pytest.raises(ActionRefused):
        actions.give_opinion(case, user=member_1.user, opinion=opinion, note="  ")

    assert not Review.objects.exists()


def test_staff_and_past_members_give_no_opinion(case, centre_a, staff):
    past = sitting_member(centre_a, "past_member")
    past.term_end = past.term_start
    past.save()

    for user in (staff, past.user):
        with pytest.raises(ActionRefused):
            actions.give_opinion(case, user=user, opinion=Opinion.SUPPORT)

    assert not Review.objects.exists()


def test_opinions_are_hidden_until_ones_own_is_given(case, member_1, member_2, secretary, head):
    actions.give_opinion(case, user=member_2.user, opinion=Opinion.SUPPORT)

    assert not actions.sees_opinions(member_1.user, case, own=None)
    own = actions.give_opinion(case, user=member_1.user, opinion=Opinion.SUPPORT)
    assert actions.sees_opinions(member_1.user, case, own=own)
    assert actions.sees_opinions(head, case, own=None)
    assert actions.sees_opinions(secretary.user, case, own=None)


def test_a_declared_conflict_leaves_the_opinion_out_of_the_tally(case, member_1, member_2):
    actions.give_opinion(case, user=member_1.user, opinion=Opinion.SUPPORT)
    actions.give_opinion(case, user=member_2.user, opinion=Opinion.DO_NOT_SUPPORT, note="เสี่ยง")

    actions.declare_conflict(case, user=member_1.user, reason="เป็นสมาชิกกลุ่มที่ขอ")

    counted = actions.tally(case)
    assert (counted.support, counted.against, counted.conflicted) == (0, 1, 1)


def test_a_case_can_come_back_for_a_second_round(case, head):
    request = case.request
    case.closed_at = case.opened_at
    case.save()
    request.status = Status.IN_PROGRESS
    request.save()

    second = actions.put_before_committee(request, question="รอบสอง", summary="ข้อมูลเพิ่ม", by=head)

    assert second.number == 2
    assert Round.objects.filter(request=request).count() == 2


def test_a_closed_round_takes_no_more_opinions(case, member_1):
    case.closed_at = case.opened_at
    case.save()

    with pytest.raises(ActionRefused):
        actions.give_opinion(case, user=member_1.user, opinion=Opinion.SUPPORT)


def test_the_day_before_a_meeting_its_members_get_a_reminder(centre_a, head, member_1, member_2):
    member_1.user.email = "m1@example.org"
    member_1.user.save()
    MeetingFactory(centre=centre_a, starts_at=timezone.now() + timedelta(days=1), place="ศาลา")
    MeetingFactory(centre=centre_a, starts_at=timezone.now() + timedelta(days=3), place="ห้อง")

    call_command("send_meeting_reminders", stdout=StringIO())

    assert [m.to for m in mail.outbox] == [["m1@example.org"]]
    assert "ศาลา" in mail.outbox[0].subject
