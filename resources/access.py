"""One access helper per object type: another centre's object answers 404, a read-only
user's write 403."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from centres.scoping import can_write
from resources.models import Event, EventPhoto, Offer, Participant, Referral, Resource


def get_resource_for_user(user, pk: int) -> Resource:
    return get_object_or_404(
        Resource.objects.visible_to(user).select_related("centre__district", "province"), pk=pk
    )


def get_offer_for_user(user, pk: int) -> Offer:
    return get_object_or_404(
        Offer.objects.filter(resource__in=Resource.objects.visible_to(user)).select_related(
            "resource__centre__district", "resource__province"
        ),
        pk=pk,
    )


def get_referral_for_user(user, pk: int, *, write: bool = False) -> Referral:
    referral = get_object_or_404(Referral.objects.visible_to(user).with_related(), pk=pk)
    if write and not can_write(user, referral.centre):
        raise PermissionDenied
    return referral


def get_event_for_user(user, pk: int, *, write: bool = False) -> Event:
    event = get_object_or_404(
        Event.objects.visible_to(user).select_related("centre__district", "village"), pk=pk
    )
    if write and not can_write(user, event.centre):
        raise PermissionDenied
    return event


def get_participant_for_user(user, pk: int, *, write: bool = False) -> Participant:
    participant = get_object_or_404(
        Participant.objects.visible_to(user).select_related("event__centre__district"), pk=pk
    )
    if write and not can_write(user, participant.event.centre):
        raise PermissionDenied
    return participant


def get_photo_for_user(user, pk: int) -> EventPhoto:
    return get_object_or_404(
        EventPhoto.objects.filter(event__in=Event.objects.visible_to(user)).select_related(
            "event__centre__district"
        ),
        pk=pk,
    )
