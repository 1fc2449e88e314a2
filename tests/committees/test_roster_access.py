"""One roster truth: a login's committee access follows the member's term."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from centres.models import Membership, Role
from centres.scoping import forget_roles
from committees import actions
from committees.actions import ActionRefused
from committees.models import Category, CommitteeMember
from services.models import ServiceRequest
from tests.centres.factories import MembershipFactory, UserFactory
from tests.committees.factories import CommitteeMemberFactory
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.date_sensitive


def _fields(**extra):
    today = timezone.localdate()
    return {
        "first_name": "สมศรี",
        "last_name": "ใจดี",
        "category": Category.LOCAL_SAGE,
        "term_start": today,
        "term_end": today + timedelta(days=730),
        **extra,
    }


def test_it_refuses_staff_managing_the_roster(centre_a, staff):
    with pytest.raises(ActionRefused):
        actions.add_member(centre=centre_a, fields=_fields(), by=staff)

    assert not CommitteeMember.objects.exists()


def test_it_gives_a_new_member_with_a_login_the_committee_role(centre_a, head):
    user = UserFactory()

    actions.add_member(centre=centre_a, fields=_fields(user=user), by=head)

    assert Membership.objects.get(user=user, centre=centre_a).role == Role.COMMITTEE


def test_it_keeps_a_member_who_is_staff_as_staff(centre_a, head, staff):
    actions.add_member(centre=centre_a, fields=_fields(user=staff), by=head)

    assert Membership.objects.get(user=staff, centre=centre_a).role == Role.STAFF


def test_a_member_sits_on_the_last_day_of_the_term_and_not_the_day_after(centre_a):
    today = timezone.localdate()
    member = CommitteeMemberFactory(centre=centre_a, term_end=today)

    assert list(CommitteeMember.objects.sitting(today)) == [member]
    assert not CommitteeMember.objects.sitting(today + timedelta(days=1)).exists()


def test_a_member_does_not_sit_before_the_term_starts(centre_a):
    tomorrow = timezone.localdate() + timedelta(days=1)
    CommitteeMemberFactory(centre=centre_a, term_start=tomorrow)

    assert not CommitteeMember.objects.sitting().exists()
    assert CommitteeMember.objects.sitting(tomorrow).exists()


def test_access_ends_the_day_after_the_term_ends(centre_a):
    today = timezone.localdate()
    user = UserFactory()
    CommitteeMemberFactory(centre=centre_a, user=user, term_end=today)
    ServiceRequestFactory(centre=centre_a)

    actions.sync_access(centre_a, today=today)
    assert ServiceRequest.objects.visible_to(user).count() == 1

    actions.sync_access(centre_a, today=today + timedelta(days=1))
    forget_roles(user)
    assert not Membership.objects.filter(user=user).exists()
    assert ServiceRequest.objects.visible_to(user).count() == 0


def test_access_starts_on_the_first_day_of_the_term(centre_a):
    tomorrow = timezone.localdate() + timedelta(days=1)
    user = UserFactory()
    CommitteeMemberFactory(centre=centre_a, user=user, term_start=tomorrow)

    actions.sync_access(centre_a)
    assert not Membership.objects.filter(user=user).exists()

    actions.sync_access(centre_a, today=tomorrow)
    assert Membership.objects.filter(user=user, role=Role.COMMITTEE).exists()


def test_ending_a_term_early_needs_a_reason_and_ends_the_access(centre_a, head):
    user = UserFactory()
    member = actions.add_member(
        centre=centre_a,
        fields=_fields(user=user, term_start=timezone.localdate() - timedelta(days=30)),
        by=head,
    )
    yesterday = timezone.localdate() - timedelta(days=1)

    with pytest.raises(ActionRefused):
        actions.end_term(member, on=yesterday, reason=" ", by=head)
    actions.end_term(member, on=yesterday, reason="ลาออก", by=head)

    member.refresh_from_db()
    assert (member.term_end, member.ended_early_reason) == (yesterday, "ลาออก")
    assert not Membership.objects.filter(user=user).exists()
    assert member.history.count() == 2
    assert member.history.first().history_user == head


def test_the_daily_command_removes_a_committee_role_the_roster_does_not_back(centre_a):
    stray = MembershipFactory(centre=centre_a, role=Role.COMMITTEE)
    CommitteeMemberFactory(centre=centre_a)

    call_command("sync_committee_access", stdout=StringIO())

    assert not Membership.objects.filter(pk=stray.pk).exists()


def test_one_login_cannot_hold_two_overlapping_terms_at_a_centre(centre_a, head):
    user = UserFactory()
    actions.add_member(centre=centre_a, fields=_fields(user=user), by=head)

    with pytest.raises(Exception) as error:
        actions.add_member(centre=centre_a, fields=_fields(user=user), by=head)

    assert "user" in error.value.message_dict
