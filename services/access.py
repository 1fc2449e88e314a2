"""One access helper per object type (see clients/access.py for the pattern)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from centres.scoping import can_write
from services.models import Attachment, ServiceRequest, Visit


def get_request_for_user(user, pk: int, *, write: bool = False) -> ServiceRequest:
    requests = ServiceRequest.objects.visible_to(user).with_related().with_client_place()
    request = get_object_or_404(requests, pk=pk)
    if write and not can_write(user, request.centre):
        raise PermissionDenied
    return request


def get_visit_for_user(user, pk: int, *, write: bool = False) -> Visit:
    visit = get_object_or_404(Visit.objects.visible_to(user).select_related("centre"), pk=pk)
    if write and not can_write(user, visit.centre):
        raise PermissionDenied
    return visit


def get_attachment_for_user(user, pk: int) -> Attachment:
    return get_object_or_404(Attachment.objects.visible_to(user), pk=pk)
