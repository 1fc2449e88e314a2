"""One access helper per object type: load through the scoped queryset (404 for what the user
cannot see), and refuse changes (403) to those who may only read."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from centres.scoping import can_write
from clients.models import ClientGroup, Person


def get_group_for_user(user, pk: int, *, write: bool = False) -> ClientGroup:
    group = get_object_or_404(ClientGroup.objects.visible_to(user).with_place(), pk=pk)
    if write and not can_write(user, group.centre):
        raise PermissionDenied
    return group


def get_person_for_user(user, pk: int, *, write: bool = False) -> Person:
    person = get_object_or_404(Person.objects.visible_to(user).with_place(), pk=pk)
    if write and not can_write(user, person.centre):
        raise PermissionDenied
    return person
