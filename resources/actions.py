"""Writes on referrals and events: named, atomic actions that views, commands and tests share.
A refused action raises ``ActionRefused`` and changes nothing.

A referral moves its request through services' one transition table (``transition_request``):
to ``referred`` when its first referral is sent, back to ``in_progress`` when every referral
has ended. Every referral event is written on the request's timeline as a note, through
services' ``add_note``, so services never needs to know of this app.
"""

import logging
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from centres.models import WRITE_ROLES, Centre
from centres.scoping import acting_role, can_write, is_head
from portal.lib.dates import format_be_date
from resources.models import (
    REFERRAL_MOVES,
    Attendance,
    Coverage,
    Event,
    EventPhoto,
    Offer,
    Participant,
    Referral,
    ReferralStatus,
    Resource,
)
from services.actions import ActionRefused, add_note, transition_request
from services.models import ServiceRequest, Status

logger = logging.getLogger(__name__)

__all__ = ["ActionRefused"]

REFERABLE = (Status.RECEIVED, Status.IN_PROGRESS, Status.COMMITTEE, Status.REFERRED)
OUTCOME_FIELDS = ("money_obtained", "sales", "people_trained", "market_found", "other_result")


def _check_writer(user, centre: Centre) -> None:
    if acting_role(user, centre) not in WRITE_ROLES:
        raise ActionRefused(_("Only the centre's staff can do this."))


def _baht(amount: Decimal) -> str:
    return formats.number_format(amount, decimal_pos=2, force_grouping=True)


def _note(request: ServiceRequest, by, text: str) -> None:
    """A line on the request's timeline, in the portal's language (notes are stored text)."""
    add_note(request, text=text, by=by)


def _in_portal_language():
    return translation.override(settings.LANGUAGE_CODE)


def _lock(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update()
        .select_related("resource", "request")
        .get(pk=referral.pk)
    )


def _refresh(stale: Referral, fresh: Referral) -> None:
    for field in fresh._meta.concrete_fields:
        setattr(stale, field.attname, getattr(fresh, field.attname))


def _check_move(referral: Referral, to: str) -> None:
    if to not in REFERRAL_MOVES.get(referral.status, ()):
        raise ActionRefused(
            _("A referral that is “%(from)s” cannot become “%(to)s”.")
            % {"from": referral.get_status_display(), "to": ReferralStatus(to).label}
        )


# Sending


@transaction.atomic
def send_referral(
    *,
    request: ServiceRequest,
    resource: Resource,
    offer: Offer | None = None,
    asked: str,
    amount_asked: Decimal | None = None,
    sent_on: date | None = None,
    follow_up_on: date | None = None,
    by,
) -> Referral:
    """Send the request to ``resource``; the request moves to ``referred`` with its first."""
    request = (
        ServiceRequest.objects.select_for_update()
        .select_related("centre__district")
        .get(pk=request.pk)
    )
    _check_writer(by, request.centre)
    if request.status not in REFERABLE:
        raise ActionRefused(_("Only an open request can be referred."))
    if not resource.serves(request.centre):
        raise ActionRefused(_("This resource does not serve the request's centre."))
    if offer is not None and offer.resource_id != resource.pk:
        raise ActionRefused(_("The offer belongs to another resource."))
    if not asked.strip():
        raise ActionRefused(_("Say what was asked of the resource."))
    sent_on = sent_on or timezone.localdate()
    referral = Referral.objects.create(
        centre=request.centre,
        request=request,
        resource=resource,
        offer=offer,
        asked=asked,
        amount_asked=amount_asked,
        sent_on=sent_on,
        sent_by=by,
        follow_up_on=follow_up_on or Referral.follow_up_from(resource, sent_on),
    )
    with _in_portal_language():
        text = _("Referred to %(resource)s: %(asked)s. Follow up by %(date)s.") % {
            "resource": resource.name,
            "asked": asked,
            "date": format_be_date(referral.follow_up_on),
        }
    if request.status == Status.RECEIVED:
        transition_request(request, to=Status.IN_PROGRESS, by=by)
    if request.status != Status.REFERRED:
        transition_request(request, to=Status.REFERRED, by=by, note=text)
    else:
        _note(request, by, text)
    return referral


# Answers and results


@transaction.atomic
def respond_to_referral(
    referral: Referral,
    *,
    accepted: bool,
    responded_on: date | None = None,
    reason: str = "",
    by,
) -> Referral:
    """Record the resource's answer: accepted (the follow-up moves on by the kind's days) or
    declined, with the resource's reason."""
    current = _lock(referral)
    _check_writer(by, current.centre)
    to = ReferralStatus.ACCEPTED if accepted else ReferralStatus.DECLINED
    _check_move(current, to)
    if not accepted and not reason.strip():
        raise ActionRefused(_("Give the resource's reason for declining."))
    responded_on = responded_on or timezone.localdate()
    if responded_on < current.sent_on:
        raise ActionRefused(_("The answer cannot come before the referral was sent."))
    current.status, current.responded_on = to, responded_on
    if accepted:
        current.follow_up_on = Referral.follow_up_from(current.resource, responded_on)
    else:
        current.decline_reason = reason
    current.save()
    _refresh(referral, current)
    with _in_portal_language():
        if accepted:
            text = _("%(resource)s accepted the referral. Follow up by %(date)s.") % {
                "resource": current.resource.name,
                "date": format_be_date(current.follow_up_on),
            }
        else:
            text = _("%(resource)s declined the referral: %(reason)s") % {
                "resource": current.resource.name,
                "reason": reason,
            }
    _note(current.request, by, text)
    if not accepted:
        _after_an_end(current.request, by)
    return current


@transaction.atomic
def complete_referral(
    referral: Referral,
    *,
    completed_on: date | None = None,
    money_obtained: Decimal | None = None,
    sales: Decimal | None = None,
    people_trained: int | None = None,
    market_found: str = "",
    other_result: str = "",
    by,
) -> Referral:
    """Record what came of the referral; at least one result is required."""
    current = _lock(referral)
    _check_writer(by, current.centre)
    _check_move(current, ReferralStatus.COMPLETED)
    results = [money_obtained, sales, people_trained, market_found.strip(), other_result.strip()]
    if all(value in (None, "") for value in results):
        raise ActionRefused(_("Record at least one result of the referral."))
    for amount in (money_obtained, sales):
        if amount is not None and amount < 0:
            raise ActionRefused(_("An amount cannot be negative."))
    completed_on = completed_on or timezone.localdate()
    if completed_on < current.sent_on:
        raise ActionRefused(_("The result cannot come before the referral was sent."))
    current.status, current.completed_on = ReferralStatus.COMPLETED, completed_on
    current.responded_on = current.responded_on or completed_on
    current.money_obtained, current.sales = money_obtained, sales
    current.people_trained = people_trained
    current.market_found, current.other_result = market_found, other_result
    current.save()
    _refresh(referral, current)
    _note(current.request, by, _result_text(current))
    _after_an_end(current.request, by)
    return current


def _result_text(referral: Referral) -> str:
    with _in_portal_language():
        parts = []
        if referral.money_obtained is not None:
            parts.append(
                _("money obtained %(amount)s baht") % {"amount": _baht(referral.money_obtained)}
            )
        if referral.sales is not None:
            parts.append(_("sales %(amount)s baht") % {"amount": _baht(referral.sales)})
        if referral.people_trained is not None:
            parts.append(_("%(count)d people trained") % {"count": referral.people_trained})
        if referral.market_found:
            parts.append(_("market found: %(market)s") % {"market": referral.market_found})
        if referral.other_result:
            parts.append(referral.other_result)
        return _("Result from %(resource)s: %(results)s") % {
            "resource": referral.resource.name,
            "results": "; ".join(parts),
        }


@transaction.atomic
def withdraw_referral(referral: Referral, *, reason: str, by) -> Referral:
    """The centre takes the referral back (the client changed their mind…), with a reason."""
    current = _lock(referral)
    _check_writer(by, current.centre)
    _check_move(current, ReferralStatus.WITHDRAWN)
    if not reason.strip():
        raise ActionRefused(_("Give a reason."))
    current.status, current.withdrawn_reason = ReferralStatus.WITHDRAWN, reason
    current.save()
    _refresh(referral, current)
    with _in_portal_language():
        text = _("Referral to %(resource)s withdrawn: %(reason)s") % {
            "resource": current.resource.name,
            "reason": reason,
        }
    _note(current.request, by, text)
    _after_an_end(current.request, by)
    return current


@transaction.atomic
def change_follow_up(referral: Referral, *, follow_up_on: date, by) -> Referral:
    """Move an open referral's follow-up date (a bank's committee meets later…)."""
    current = _lock(referral)
    _check_writer(by, current.centre)
    if not current.is_open:
        raise ActionRefused(_("Only an open referral has a follow-up."))
    if follow_up_on < current.sent_on:
        raise ActionRefused(_("The follow-up cannot be before the referral was sent."))
    current.follow_up_on = follow_up_on
    current.save()
    _refresh(referral, current)
    with _in_portal_language():
        text = _("Follow-up of the referral to %(resource)s moved to %(date)s.") % {
            "resource": current.resource.name,
            "date": format_be_date(follow_up_on),
        }
    _note(current.request, by, text)
    return current


def _after_an_end(request: ServiceRequest, by) -> None:
    """Back to work when every referral of a referred request has ended."""
    request.refresh_from_db(fields=["status", "version"])
    if request.status != Status.REFERRED or request.referrals.open().exists():
        return
    with _in_portal_language():
        note = _("Every referral has ended.")
    transition_request(request, to=Status.IN_PROGRESS, by=by, note=note)


# The directory


def can_manage_resource(user, resource: Resource) -> bool:
    """National and provincial resources: administrators (in the admin); a centre's own: its
    head."""
    if user.is_superuser:
        return True
    if resource.coverage != Coverage.DISTRICT or resource.centre is None:
        return False
    return is_head(user, resource.centre)


@transaction.atomic
def save_local_resource(resource: Resource, *, service_types=None, by) -> Resource:
    """A centre's own resource: the head's is approved at once, staff's is a proposal."""
    centre = resource.centre
    if resource.coverage != Coverage.DISTRICT or centre is None:
        raise ActionRefused(_("National and provincial resources are managed by administrators."))
    _check_writer(by, centre)
    if resource.pk and not can_manage_resource(by, resource):
        raise ActionRefused(_("Only the centre head can change the centre's resources."))
    if not resource.pk:
        resource.created_by = by
        resource.is_approved = is_head(by, centre)
    resource.save()
    if service_types is not None:
        resource.service_types.set(service_types)
    return resource


@transaction.atomic
def approve_resource(resource: Resource, *, by) -> Resource:
    if not can_manage_resource(by, resource):
        raise ActionRefused(_("Only the centre head can approve a proposed resource."))
    resource.is_approved = True
    resource.save(update_fields=["is_approved", "updated_at"])
    return resource


@transaction.atomic
def save_offer(offer: Offer, *, by) -> Offer:
    """A loan product's, a market's or a training's terms, kept by whoever manages the resource
    (a centre's own: its head)."""
    if not can_manage_resource(by, offer.resource):
        raise ActionRefused(
            _("Only the centre head can change the offers of the centre's resources.")
        )
    offer.save()
    return offer


# Events


@transaction.atomic
def save_event(event: Event, *, by, speakers=None, service_types=None, requests=None) -> Event:
    _check_writer(by, event.centre)
    for request in requests or ():
        if request.centre_id != event.centre_id:
            raise ActionRefused(_("A request of another centre cannot be served by this event."))
    if not event.pk:
        event.created_by = by
    event.save()
    if speakers is not None:
        event.speakers.set(speakers)
    if service_types is not None:
        event.service_types.set(service_types)
    if requests is not None:
        event.requests.set(requests)
    return event


@transaction.atomic
def add_participant(
    event: Event,
    *,
    person=None,
    group=None,
    walk_in_name: str = "",
    walk_in_phone: str = "",
    attendance: str = Attendance.REGISTERED,
    by,
) -> Participant:
    """A registry person or group of the event's centre, or a walk-in named on the day."""
    _check_writer(by, event.centre)
    client = person or group
    if sum(bool(x) for x in (person, group, walk_in_name.strip())) != 1:
        raise ActionRefused(_("Choose a person or a group, or type a walk-in's name."))
    if client is not None and client.centre_id != event.centre_id:
        raise ActionRefused(_("The client is registered at another centre."))
    taken = event.participants.filter(person=person) if person else None
    if group is not None:
        taken = event.participants.filter(group=group)
    if taken is not None and taken.exists():
        raise ActionRefused(_("Already on the list of participants."))
    return Participant.objects.create(
        event=event,
        person=person,
        group=group,
        walk_in_name=walk_in_name.strip(),
        walk_in_phone=walk_in_phone.strip(),
        attendance=attendance,
    )


@transaction.atomic
def record_attendance(
    participant: Participant,
    *,
    attendance: str,
    satisfaction: int | None = None,
    will_apply: str = "",
    by,
) -> Participant:
    _check_writer(by, participant.event.centre)
    if attendance not in Attendance.values:
        raise ActionRefused(_("Choose the attendance."))
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise ActionRefused(_("Satisfaction is from 1 to 5."))
    participant.attendance = attendance
    participant.satisfaction = satisfaction
    participant.will_apply = will_apply
    participant.save(update_fields=["attendance", "satisfaction", "will_apply"])
    return participant


PHOTO_TYPES = ("image/jpeg", "image/png")


@transaction.atomic
def add_event_photo(event: Event, *, checked, caption: str = "", by) -> "EventPhoto":
    """A photo checked by services.uploads.check_upload (JPEG or PNG only)."""
    _check_writer(by, event.centre)
    if checked.content_type not in PHOTO_TYPES:
        raise ActionRefused(_("Only photos (JPEG, PNG) can be added to an event."))
    photo = EventPhoto(
        event=event, content_type=checked.content_type, caption=caption, uploaded_by=by
    )
    photo.file.save(checked.name, checked.file, save=False)
    photo.save()
    return photo


def can_delete_photo(user, photo: EventPhoto, *, centre: Centre | None = None) -> bool:
    """Its uploader (still staff there) or the centre's head. The event page passes the
    ``centre`` it has loaded already (the event's own)."""
    centre = centre or photo.event.centre
    return is_head(user, centre) or (can_write(user, centre) and photo.uploaded_by_id == user.pk)


@transaction.atomic
def delete_event_photo(photo: EventPhoto, *, by) -> None:
    """Delete a photo and, once the deletion is committed, its file. Events keep no history of
    their own: the log keeps the trace, as for a request's attachment."""
    if not can_delete_photo(by, photo):
        raise ActionRefused(_("Only the uploader or the centre head can delete a photo."))
    logger.info(
        "event photo %s (%s) of event %s deleted by user %s",
        photo.pk,
        photo.file.name,
        photo.event_id,
        by.pk,
    )
    storage, name = photo.file.storage, photo.file.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
