"""One access helper per object type: load through the scoped queryset (404 for what the user
cannot see), and refuse changes (403) to those who may only read."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from centres.models import WRITE_ROLES, Centre
from centres.scoping import can_write, roles_of
from clients.models import ClientGroup, Person

CURRENT_CENTRE_KEY = "current_centre"  # set by the centres pages (centres.views)


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


def get_centre_for_new_client(request) -> Centre:
    """The centre a new group or person is registered at: the one the user works in now (the
    last centre page they opened), else their first writable centre by code, the one they land
    on after login. 403 for users who may write nowhere."""
    user = request.user
    code = request.session.get(CURRENT_CENTRE_KEY)
    if code:
        current = Centre.objects.select_related("district").filter(district_id=code).first()
        if current is not None and can_write(user, current):
            return current
    writable = [pk for pk, role in roles_of(user).by_centre.items() if role in WRITE_ROLES]
    centre = Centre.objects.filter(pk__in=writable).order_by("district").first()
    if centre is None:
        raise PermissionDenied
    return centre
