"""The PDPA access trail: every reveal of an ID, export of a list, import of a file and
anonymisation is one ``AuditEvent``, written by the action (or view) that does it.

An export view calls :func:`record_export` in one line (the list's name; its filters come from
the query string); actions and views that know the centre call :func:`record_event`.
"""

from django.http import HttpRequest
from django.utils import timezone

from centres.models import AuditEvent, AuditKind, Centre
from centres.scoping import current_centre_code

WHAT_LENGTH = AuditEvent._meta.get_field("what").max_length or 500


def record_event(
    *, kind: AuditKind, user, centre: Centre | None = None, what: str = "", count: int | None = None
) -> AuditEvent:
    """Write one event of the access trail, now."""
    return AuditEvent.objects.create(
        at=timezone.now(), user=user, centre=centre, kind=kind, what=what[:WHAT_LENGTH], count=count
    )


def record_request_event(
    request: HttpRequest, kind: AuditKind, what: str = "", *, centre: Centre | None = None
) -> AuditEvent:
    """Write an event for the signed-in user; ``centre`` defaults to the centre they work in
    now (the export of a list spans the user's scope, which the query string in ``what``
    narrows). A query string is kept as typed, so the trail shows the filters used."""
    if centre is None:
        code = current_centre_code(request)
        centre = Centre.objects.filter(district_id=code).first() if code else None
    return record_event(kind=kind, user=request.user, centre=centre, what=what)


def list_export_what(request: HttpRequest, name: str) -> str:
    """What an export names: the list and the filters of its query string."""
    query = request.GET.urlencode()
    return f"{name}?{query}" if query else name


def record_export(request: HttpRequest, name: str) -> AuditEvent:
    """One line in an export view: the user exported list ``name`` with these filters."""
    return record_request_event(request, AuditKind.EXPORT, list_export_what(request, name))
