"""Writes on visits and attachments: named, atomic actions that views, commands and tests share.

A refused action raises ActionRefused (from services.actions) and changes nothing.
"""

import logging
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from centres.models import Centre, Village
from centres.scoping import can_write, centre_workers, is_head
from clients.models import ClientGroup
from portal.lib.history import fields_changed_since
from services.actions import ActionRefused, StaleEdit
from services.models import (
    Attachment,
    RequestNote,
    ServiceRequest,
    Visit,
    VisitStatus,
)
from services.uploads import CheckedFile

logger = logging.getLogger(__name__)

# The allowed status moves of a visit: a cancelled visit can be planned again.
VISIT_MOVES: dict[str, tuple[str, ...]] = {
    VisitStatus.PLANNED: (VisitStatus.DONE, VisitStatus.CANCELLED),
    VisitStatus.CANCELLED: (VisitStatus.PLANNED,),
    VisitStatus.DONE: (),
}


def _check_writer(user, centre: Centre) -> None:
    if not can_write(user, centre):
        raise ActionRefused(_("Only the centre's staff can change visits."))


def _check_people(centre: Centre, *, groups: Iterable[ClientGroup], staff: Iterable) -> None:
    if any(group.centre_id != centre.pk for group in groups):
        raise ActionRefused(_("A group of another centre cannot be added to this visit."))
    staff_ids = {user.pk for user in staff}
    if staff_ids and len(staff_ids) != centre_workers(centre).filter(pk__in=staff_ids).count():
        raise ActionRefused(_("Only the centre's staff and head can be listed as staff."))


def _save(visit: Visit, by, *, reason: str = "") -> None:
    visit.version += 1
    visit._history_user = by
    if reason:
        visit._change_reason = reason
    visit.save()


def _lock(visit: Visit, expected_version: int | None) -> Visit:
    """The visit, locked; refused as stale when saved since ``expected_version`` (a form's
    version; None for a status move, which the moves table checks against the fresh row)."""
    current = Visit.objects.select_for_update().select_related("centre").get(pk=visit.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(
            _("Someone else saved this visit while you were editing it."),
            changed_fields=fields_changed_since(current, expected_version),
        )
    return current


@transaction.atomic
def create_visit(
    *,
    centre: Centre,
    kind: str,
    planned_date: date,
    title: str,
    by,
    is_urgent: bool = False,
    villages: Iterable[Village] = (),
    groups: Iterable[ClientGroup] = (),
    staff: Iterable = (),
) -> Visit:
    """Plan a visit; its creator is recorded, and its history starts with them."""
    _check_writer(by, centre)
    groups, staff = list(groups), list(staff)
    _check_people(centre, groups=groups, staff=staff)
    visit = Visit(
        centre=centre,
        kind=kind,
        planned_date=planned_date,
        title=title,
        is_urgent=is_urgent,
        created_by=by,
    )
    visit._history_user = by
    visit.save()
    visit.villages.set(villages)
    visit.groups.set(groups)
    visit.staff.set(staff)
    return visit


@transaction.atomic
def update_visit(
    visit: Visit,
    *,
    by,
    changes: dict,
    villages: Iterable[Village] | None = None,
    groups: Iterable[ClientGroup] | None = None,
    staff: Iterable | None = None,
    expected_version: int,
) -> Visit:
    """Change a visit's plan or record (the fields in ``changes``, and the lists given), unless
    someone saved it since the form was opened at ``expected_version`` (StaleEdit)."""
    _check_writer(by, visit.centre)
    groups = None if groups is None else list(groups)
    staff = None if staff is None else list(staff)
    current = _lock(visit, expected_version)
    _check_people(current.centre, groups=groups or [], staff=staff or [])
    for field, value in changes.items():
        setattr(current, field, value)
    _save(current, by)
    if villages is not None:
        current.villages.set(villages)
    if groups is not None:
        current.groups.set(groups)
    if staff is not None:
        current.staff.set(staff)
    return current


@transaction.atomic
def record_visit(
    visit: Visit,
    *,
    by,
    attendees: int | None,
    what_was_done: str,
    follow_up_on: date | None = None,
    groups: Iterable[ClientGroup] | None = None,
    photos: Iterable[CheckedFile] = (),
    expected_version: int,
) -> Visit:
    """Record what happened on the visit, with its photos, and mark it done."""
    if visit.status == VisitStatus.CANCELLED:
        raise ActionRefused(_("A cancelled visit cannot be recorded; plan it again first."))
    changes = {
        "attendees": attendees,
        "what_was_done": what_was_done,
        "follow_up_on": follow_up_on,
        "status": VisitStatus.DONE,
    }
    current = update_visit(
        visit, by=by, changes=changes, groups=groups, expected_version=expected_version
    )
    add_attachments(visit=current, files=photos, by=by)
    return current


@transaction.atomic
def set_visit_status(visit: Visit, *, to: str, by) -> Visit:
    """Mark a planned visit done or cancelled, or plan a cancelled one again."""
    _check_writer(by, visit.centre)
    current = _lock(visit, None)
    if to not in VISIT_MOVES.get(current.status, ()):
        raise ActionRefused(
            _("A visit that is “%(from)s” cannot become “%(to)s”.")
            % {"from": current.get_status_display(), "to": VisitStatus(to).label}
        )
    current.status = to
    _save(current, by)
    visit.status, visit.version = current.status, current.version
    return current


@transaction.atomic
def set_served_requests(visit: Visit, *, requests: Iterable[ServiceRequest], by) -> None:
    """Set the requests the visit served: requests of the visit's centre only."""
    _check_writer(by, visit.centre)
    requests = list(requests)
    if any(r.centre_id != visit.centre_id for r in requests):
        raise ActionRefused(_("A request of another centre cannot be served by this visit."))
    visit.served_requests.set(requests)


@transaction.atomic
def add_attachments(
    *,
    files: Iterable[CheckedFile],
    by,
    request: ServiceRequest | None = None,
    visit: Visit | None = None,
    caption: str = "",
) -> list[Attachment]:
    """Attach checked files (see services.uploads.check_upload) to a request or a visit."""
    owner = request or visit
    _check_writer(by, owner.centre)
    attachments = []
    for checked in files:
        attachment = Attachment(
            centre=owner.centre,
            request=request,
            visit=visit,
            original_name=checked.name[:255],
            content_type=checked.content_type,
            size=checked.size,
            caption=caption,
            uploaded_by=by,
        )
        # The stored name is random (services.models.attachment_path); the original is kept.
        attachment.file.save(checked.name, checked.file, save=False)
        attachment.save()
        attachments.append(attachment)
    return attachments


def can_delete_attachment(user, attachment: Attachment, *, centre: Centre | None = None) -> bool:
    """Its uploader (still staff there) or the centre's head. A panel of many passes the
    ``centre`` it has loaded already (the attachment's own)."""
    centre = centre or attachment.centre
    return is_head(user, centre) or (
        can_write(user, centre) and attachment.uploaded_by_id == user.pk
    )


@transaction.atomic
def delete_attachment(attachment: Attachment, *, by) -> None:
    """Delete an attachment and its file, leaving a trace on the request or the visit."""
    if not can_delete_attachment(by, attachment):
        raise ActionRefused(_("Only the uploader or the centre head can delete an attachment."))
    trace = _("Deleted the attachment “%(name)s”.") % {"name": attachment.original_name}
    if attachment.request_id:
        RequestNote.objects.create(
            request=attachment.request,
            author=by,
            text=trace,
            kind=RequestNote.Kind.DETACHED,
            old_value=attachment.original_name[:100],
        )
    else:
        visit = Visit.objects.select_for_update().get(pk=attachment.visit_id)
        _save(visit, by, reason=trace)
    logger.info("attachment %s (%s) deleted by user %s", attachment.pk, attachment.file.name, by.pk)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
