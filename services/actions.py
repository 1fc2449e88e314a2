"""Writes on service requests: every one a named, atomic action that views, commands and tests
share. A refused action raises and changes nothing."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centres.models import WRITE_ROLES, Centre, Role
from centres.scoping import acting_role, is_head, role_at
from clients.models import ClientGroup, Person
from portal.lib.fiscal import fiscal_year
from portal.lib.history import fields_changed_since
from services.models import (
    ReferenceCounter,
    RequestNote,
    ServiceRequest,
    ServiceType,
    Status,
    StatusChange,
    Visit,
)
from services.workflow import BY_RESOLUTION, HEAD_ONLY, find_move

if TYPE_CHECKING:
    from clients.forms import PersonForm


class ActionRefused(Exception):
    """The action is not allowed; the message says why, for the user."""


class StaleEdit(ActionRefused):
    """Someone else saved the request after this form was opened."""

    def __init__(self, message: str, changed_fields: list[str]):
        super().__init__(message)
        self.changed_fields = changed_fields


def _next_sequence(centre: Centre, year: int) -> int:
    """The next number of the centre's fiscal year, without gaps, under concurrent saves.

    The UPDATE locks the counter row until the caller's transaction ends, so two staff saving
    at once get consecutive numbers; a failed save rolls its number back with it.
    """
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(centre=centre, fiscal_year=year)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.filter(centre=centre, fiscal_year=year)
    counter.update(last_value=F("last_value") + 1)
    return counter.values_list("last_value", flat=True).get()


@transaction.atomic
def create_request(
    *,
    centre: Centre,
    client: ClientGroup | Person,
    service_type: ServiceType,
    channel: str,
    urgency: str,
    subject: str,
    description: str = "",
    by,
    received_at: datetime | None = None,
    assigned_to=None,
    raised_on_visit: Visit | None = None,
) -> ServiceRequest:
    """Log a new request with its reference, due date and first status change."""
    if acting_role(by, centre) not in WRITE_ROLES:
        raise ActionRefused(_("Only the centre's staff can log requests."))
    if client.centre_id != centre.pk:
        raise ActionRefused(_("The client is registered at another centre."))
    if raised_on_visit is not None and raised_on_visit.centre_id != centre.pk:
        raise ActionRefused(_("The visit belongs to another centre."))
    if raised_on_visit is not None:
        channel = raised_on_visit.channel_for_request(channel)
    received_at = received_at or timezone.now()
    received_on = timezone.localdate(received_at)
    year = fiscal_year(received_on)
    sequence = _next_sequence(centre, year)
    request = ServiceRequest.objects.create(
        centre=centre,
        reference=f"{centre.district_id}-{year}-{sequence:05d}",
        fiscal_year=year,
        sequence=sequence,
        client_group=client if isinstance(client, ClientGroup) else None,
        person=client if isinstance(client, Person) else None,
        service_type=service_type,
        channel=channel,
        urgency=urgency,
        subject=subject,
        description=description,
        received_at=received_at,
        received_by=by,
        due_date=ServiceRequest.compute_due_date(service_type, urgency, received_on),
        raised_on_visit=raised_on_visit,
    )
    StatusChange.objects.create(
        request=request,
        from_status="",
        to_status=Status.RECEIVED,
        changed_by=by,
        changed_at=received_at,
    )
    if assigned_to is not None:
        assign_request(request, assignee=assigned_to, by=by)
    return request


@transaction.atomic
def log_request(
    *,
    centre: Centre,
    client: ClientGroup | Person | None,
    new_person: "PersonForm | None" = None,
    service_type: ServiceType,
    channel: str,
    urgency: str,
    subject: str,
    description: str = "",
    by,
    assigned_to=None,
    raised_on_visit: Visit | None = None,
) -> ServiceRequest:
    """The intake: a request for a registered client, or for the new person typed with it
    (a valid ``new_person`` form, saved here), together or not at all."""
    if client is None:
        if new_person is None:
            raise ActionRefused(_("Find the client, or register a new person below."))
        client = new_person.save()
    return create_request(
        centre=centre,
        client=client,
        service_type=service_type,
        channel=channel,
        urgency=urgency,
        subject=subject,
        description=description,
        by=by,
        assigned_to=assigned_to,
        raised_on_visit=raised_on_visit,
    )


def _lock(request: ServiceRequest) -> ServiceRequest:
    """Re-read the request under a row lock, so two moves at once cannot both pass checks."""
    return ServiceRequest.objects.select_for_update().get(pk=request.pk)


def _bump(request: ServiceRequest, by, **changes) -> None:
    for field, value in changes.items():
        setattr(request, field, value)
    request.version += 1
    request._history_user = by
    request.save()


@transaction.atomic
def transition_request(request: ServiceRequest, *, to: str, by, note: str = "") -> StatusChange:
    """Move the request to status ``to``; raise ActionRefused (changing nothing) if the move,
    the user's role, a missing reason or a missing outcome forbids it."""
    current = _lock(request)
    move = find_move(current.status, to)
    if move is None:
        raise ActionRefused(
            _("A request that is “%(from)s” cannot become “%(to)s”.")
            % {
                "from": current.get_status_display(),
                "to": Status(to).label if to in Status.values else to,
            }
        )
    if acting_role(by, current.centre) not in move.roles:
        if BY_RESOLUTION in move.roles:
            raise ActionRefused(_("Only a resolution of the committee can do this."))
        if move.roles == HEAD_ONLY:
            raise ActionRefused(_("Only the centre head can do this."))
        raise ActionRefused(_("Only the centre's staff can do this."))
    return _write_move(request, current, move, to=to, by=by, note=note)


@transaction.atomic
def move_by_resolution(request: ServiceRequest, *, to: str, by, note: str) -> StatusChange:
    """The move a committee resolution makes, with its text as the note, recorded by ``by``
    (the secretary). Only ``committees.actions`` calls it, after checking quorum and votes."""
    current = _lock(request)
    move = find_move(current.status, to)
    if move is None or BY_RESOLUTION not in move.roles:
        raise ActionRefused(_("A resolution cannot move this request there."))
    return _write_move(request, current, move, to=to, by=by, note=note)


@transaction.atomic
def note_by_resolution(request: ServiceRequest, *, text: str, by) -> RequestNote:
    """A resolution that does not move the request (the committee deferred it) goes on the
    timeline as a note with its text, written by ``by`` (the secretary). Only
    ``committees.actions`` calls it, after checking quorum and votes."""
    current = _lock(request)
    if current.status != Status.COMMITTEE:
        raise ActionRefused(_("This request is not before the committee."))
    return RequestNote.objects.create(request=current, author=by, text=text)


def _write_move(request, current, move, *, to: str, by, note: str) -> StatusChange:
    if move.needs_note and not note.strip():
        raise ActionRefused(_("Give a reason."))
    if move.needs_outcome and not current.has_outcome():
        raise ActionRefused(_("Record what was done (the outcome) before resolving."))
    change = StatusChange.objects.create(
        request=current, from_status=current.status, to_status=to, changed_by=by, note=note
    )
    _bump(current, by, status=to)
    _refresh(request, current)
    return change


def _refresh(stale: ServiceRequest, fresh: ServiceRequest) -> None:
    """Let the caller's object see what the action wrote."""
    for field in ("status", "version", "assigned_to_id", "due_date", "updated_at"):
        setattr(stale, field, getattr(fresh, field))


def can_assign(user, centre: Centre) -> bool:
    """Only the head (or an administrator) gives requests to others; staff may take one."""
    return is_head(user, centre)


@transaction.atomic
def assign_request(request: ServiceRequest, *, assignee, by) -> ServiceRequest:
    """Give the request to a staff member or the head of its centre, and tell them by e-mail."""
    current = _lock(request)
    if not can_assign(by, current.centre) and by != assignee:
        raise ActionRefused(_("Only the centre head assigns requests to others."))
    if role_at(assignee, current.centre) not in WRITE_ROLES:
        raise ActionRefused(_("Requests can be assigned only to the centre's staff."))
    if current.assigned_to_id == assignee.pk:
        return current
    _bump(current, by, assigned_to=assignee)
    _refresh(request, current)
    taken = by.pk == assignee.pk
    transaction.on_commit(lambda: notify_assignee(current, taken=taken))
    return current


def notify_assignee(request: ServiceRequest, *, taken: bool = False) -> None:
    """Mail the assignee the request and its link; one who took it gets a confirmation."""
    assignee = request.assigned_to
    if not assignee or not assignee.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "request": request,
            "assignee": assignee,
            "taken": taken,
            "portal_url": settings.PORTAL_URL,
        }
        if taken:
            subject = _("You took request %(reference)s") % {"reference": request.reference}
        else:
            subject = _("New request for you: %(reference)s") % {"reference": request.reference}
        body = render_to_string("services/email/assigned.txt", context)
    send_mail(subject, body, None, [assignee.email])


@transaction.atomic
def change_due_date(request: ServiceRequest, *, due_date: date, reason: str, by) -> RequestNote:
    """Only the head moves a due date, and always with a reason, kept as a note."""
    current = _lock(request)
    if acting_role(by, current.centre) != Role.HEAD:
        raise ActionRefused(_("Only the centre head can change the due date."))
    if not reason.strip():
        raise ActionRefused(_("Give a reason."))
    old = current.due_date
    _bump(current, by, due_date=due_date)
    _refresh(request, current)
    return RequestNote.objects.create(
        request=current,
        author=by,
        text=reason,
        kind=RequestNote.Kind.DUE_DATE,
        old_value=old.isoformat(),
        new_value=due_date.isoformat(),
    )


# What an edit may change. Status, assignee and due date move only through their own actions
# (with their role rules and records); the centre, client and reference never change.
EDITABLE_FIELDS = frozenset(
    {
        "subject",
        "description",
        "service_type",
        "channel",
        "urgency",
        "outcome",
        "money_obtained",
        "people_trained",
        "market_found",
        "result_note",
        "satisfaction",
    }
)


@transaction.atomic
def edit_request(request: ServiceRequest, *, changes: dict, expected_version: int, by) -> None:
    """Save an edit form's changes unless someone saved the request since the form was opened.

    A stale edit is refused with the fields the other save changed; nothing is overwritten.
    """
    if not changes.keys() <= EDITABLE_FIELDS:
        raise ValueError(f"Not editable: {sorted(changes.keys() - EDITABLE_FIELDS)}")
    current = _lock(request)
    if acting_role(by, current.centre) not in WRITE_ROLES:
        raise ActionRefused(_("Only the centre's staff can change requests."))
    if current.version != expected_version:
        raise StaleEdit(
            _("Someone else saved this request while you were editing it."),
            changed_fields=fields_changed_since(current, expected_version),
        )
    _bump(current, by, **changes)
    _refresh(request, current)
    for field, value in changes.items():
        setattr(request, field, value)


@transaction.atomic
def add_note(request: ServiceRequest, *, text: str, by) -> RequestNote:
    if acting_role(by, request.centre) not in WRITE_ROLES:
        raise ActionRefused(_("Only the centre's staff can add notes."))
    if not text.strip():
        raise ActionRefused(_("Write the note first."))
    return RequestNote.objects.create(request=request, author=by, text=text)
