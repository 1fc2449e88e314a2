"""One access helper per object type: 404 outside the user's centres, 403 for a write the user
may not make (the actions check the same rules again, for every caller)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from centres.scoping import is_head
from committees.models import CommitteeMember, Meeting, Round


def get_round_for_user(user, pk: int) -> Round:
    return get_object_or_404(Round.objects.visible_to(user).with_related(), pk=pk)


def get_meeting_for_user(user, pk: int) -> Meeting:
    meeting = Meeting.objects.visible_to(user).select_related("centre__district", "minutes_taker")
    return get_object_or_404(meeting, pk=pk)


def get_member_for_user(user, pk: int, *, write: bool = False) -> CommitteeMember:
    member = get_object_or_404(
        CommitteeMember.objects.visible_to(user).select_related("centre__district", "user"), pk=pk
    )
    if write and not is_head(user, member.centre):
        raise PermissionDenied
    return member
