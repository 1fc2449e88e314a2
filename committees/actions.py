"""Writes of the committee: every one a named, atomic action that views, the admin, commands and
tests share. A refused action raises ``ActionRefused`` and changes nothing.

Who may do what: the centre's head manages the roster, puts requests before the committee and
plans meetings; a sitting member gives opinions and declares conflicts; the sitting secretary
(with a login) plans meetings, takes attendance and records resolutions. Nobody records a
resolution without a meeting with quorum, or, where the centre allows it, without more than
half of the sitting members' written opinions.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from centres.models import Centre, Membership, Role
from centres.scoping import can_write, is_head
from committees.models import (
    APPROVED_NEXT,
    Attendance,
    CommitteeMember,
    CommitteeSettings,
    ConflictOfInterest,
    Meeting,
    Opinion,
    Outcome,
    Position,
    Presence,
    Resolution,
    Review,
    Round,
    VisitParticipant,
)
from services.actions import (
    ActionRefused,
    move_by_resolution,
    note_by_resolution,
    transition_request,
)
from services.models import ServiceRequest, Status

__all__ = ["ActionRefused"]


# One roster truth: a login's committee access follows the roster


def sync_access(centre: Centre, *, today: date | None = None) -> None:
    """Make the centre's ``Membership(role=committee)`` rows match its sitting members with a
    login: one for each, none for anyone else. A member who is also staff or head at the
    centre keeps that membership (it sees more); the committee pages read the roster itself.

    Every roster action calls this; ``manage.py sync_committee_access`` runs it daily, so a
    term that ends on a date stops the access the next day (docs/decisions.md)."""
    today = today or timezone.localdate()
    sitting = set(
        CommitteeMember.objects.sitting(today)
        .filter(centre=centre, user__isnull=False)
        .values_list("user_id", flat=True)
    )
    Membership.objects.filter(centre=centre, role=Role.COMMITTEE).exclude(
        user_id__in=sitting
    ).delete()
    holding = set(Membership.objects.filter(centre=centre).values_list("user_id", flat=True))
    Membership.objects.bulk_create(
        [
            Membership(user_id=user_id, centre=centre, role=Role.COMMITTEE)
            for user_id in sorted(sitting - holding)
        ]
    )


def sync_all_access(today: date | None = None) -> int:
    centres = Centre.objects.filter(committee_members__isnull=False).distinct()
    for centre in centres:
        sync_access(centre, today=today)
    return len(centres)


# The roster (the head's)


def _require_head(by, centre: Centre) -> None:
    if not is_head(by, centre):
        raise ActionRefused(_("Only the centre head can do this."))


def _save_member(member: CommitteeMember, by, expertise=None) -> CommitteeMember:
    member._history_user = by
    member.full_clean()
    member.save()
    if expertise is not None:
        member.expertise.set(expertise)
    sync_access(member.centre)
    return member


@transaction.atomic
def add_member(*, centre: Centre, fields: dict, expertise=(), by) -> CommitteeMember:
    _require_head(by, centre)
    return _save_member(CommitteeMember(centre=centre, **fields), by, expertise)


@transaction.atomic
def edit_member(member: CommitteeMember, *, fields: dict, expertise=None, by) -> CommitteeMember:
    _require_head(by, member.centre)
    for name, value in fields.items():
        setattr(member, name, value)
    return _save_member(member, by, expertise)


@transaction.atomic
def end_term(member: CommitteeMember, *, on: date, reason: str, by) -> CommitteeMember:
    """End the member's term early, on ``on`` (the last day they sit), with the reason."""
    _require_head(by, member.centre)
    if not reason.strip():
        raise ActionRefused(_("Give a reason."))
    if on > member.term_end:
        raise ActionRefused(_("The term already ends before that date."))
    if on < member.term_start:
        raise ActionRefused(_("The term cannot end before it starts."))
    member.term_end = on
    member.ended_early_reason = reason.strip()
    return _save_member(member, by)


# Who is who on the committee


def member_for(user, centre: Centre, on: date | None = None) -> CommitteeMember | None:
    """The user's sitting term on the centre's committee, if any."""
    if not user.is_authenticated:
        return None
    return CommitteeMember.objects.sitting(on).filter(centre=centre, user=user).first()


def is_secretary(user, centre: Centre, on: date | None = None) -> bool:
    member = member_for(user, centre, on)
    return member is not None and member.position == Position.SECRETARY


def sees_tally(user, centre: Centre) -> bool:
    """The head and the secretary follow the running tally of opinions."""
    return is_head(user, centre) or is_secretary(user, centre)


def can_plan_meetings(user, centre: Centre) -> bool:
    return is_head(user, centre) or is_secretary(user, centre)


def committee_settings(centre: Centre) -> CommitteeSettings:
    return CommitteeSettings.objects.filter(centre=centre).first() or CommitteeSettings(
        centre=centre
    )


# Cases before the committee


def _lock_round(round_: Round) -> Round:
    return Round.objects.select_for_update().select_related("centre").get(pk=round_.pk)


@transaction.atomic
def put_before_committee(
    request: ServiceRequest, *, question: str, summary: str, by, notify: bool = True
) -> Round:
    """Move the request to ``committee`` through the workflow (the head's move) and open a round
    of review with the question and the summary; tell the sitting members by e-mail."""
    if not question.strip() or not summary.strip():
        raise ActionRefused(_("Give the question for the committee and a summary of the case."))
    transition_request(request, to=Status.COMMITTEE, by=by, note=question.strip())
    previous = Round.objects.filter(request=request).order_by("-number").first()
    round_ = Round.objects.create(
        centre=request.centre,
        request=request,
        number=previous.number + 1 if previous else 1,
        question=question.strip(),
        summary=summary.strip(),
        opened_by=by,
    )
    if notify:
        transaction.on_commit(lambda: notify_case_put_before(round_))
    return round_


@transaction.atomic
def give_opinion(round_: Round, *, user, opinion: str, note: str = "") -> Review:
    """Record or change the user's opinion in the round (every change kept in its history)."""
    current = _lock_round(round_)
    member = member_for(user, current.centre)
    if member is None:
        raise ActionRefused(_("Only a sitting member of the committee gives an opinion."))
    if not current.is_open:
        raise ActionRefused(_("This case is closed: opinions can no longer change."))
    if opinion not in Opinion.values:
        raise ActionRefused(_("Choose an opinion."))
    if opinion != Opinion.SUPPORT and not note.strip():
        raise ActionRefused(_("Say why, or on what conditions."))
    review = Review.objects.filter(round=current, member=member).first() or Review(
        round=current, member=member
    )
    review.opinion, review.note = opinion, note.strip()
    review._history_user = user
    review.save()
    return review


@transaction.atomic
def declare_conflict(round_: Round, *, user, reason: str) -> ConflictOfInterest:
    """The member declares a conflict of interest: their opinion no longer counts."""
    current = _lock_round(round_)
    member = member_for(user, current.centre)
    if member is None:
        raise ActionRefused(_("Only a sitting member of the committee declares a conflict."))
    if not reason.strip():
        raise ActionRefused(_("Give a reason."))
    conflict, _created = ConflictOfInterest.objects.update_or_create(
        round=current, member=member, defaults={"reason": reason.strip()}
    )
    return conflict


@dataclass(frozen=True)
class Tally:
    support: int = 0
    conditions: int = 0
    against: int = 0
    conflicted: int = 0  # opinions of members who declared a conflict: not counted

    @property
    def counted(self) -> int:
        return self.support + self.conditions + self.against


def tally(round_: Round) -> Tally:
    """The opinions that count in the round (a conflicted member's does not)."""
    return tally_from(list(round_.reviews.all()), {c.member_id for c in round_.conflicts.all()})


def tally_from(reviews, conflicted_ids: set[int]) -> Tally:
    counts = {Opinion.SUPPORT: 0, Opinion.SUPPORT_WITH_CONDITIONS: 0, Opinion.DO_NOT_SUPPORT: 0}
    left_out = 0
    for review in reviews:
        if review.member_id in conflicted_ids:
            left_out += 1
        else:
            counts[review.opinion] += 1
    return Tally(
        support=counts[Opinion.SUPPORT],
        conditions=counts[Opinion.SUPPORT_WITH_CONDITIONS],
        against=counts[Opinion.DO_NOT_SUPPORT],
        conflicted=left_out,
    )


def sees_opinions(user, round_: Round, own: Review | None) -> bool:
    """Others' opinions show once one's own is given or the round is closed (so they are not
    herded); the head and the secretary see them all along."""
    return own is not None or not round_.is_open or sees_tally(user, round_.centre)


# Meetings


@transaction.atomic
def plan_meeting(
    *, centre: Centre, starts_at: datetime, place: str, rounds=(), other_items: str = "", by
) -> Meeting:
    if not can_plan_meetings(by, centre):
        raise ActionRefused(_("Only the centre head or the committee's secretary plans meetings."))
    if any(r.centre_id != centre.pk or not r.is_open for r in rounds):
        raise ActionRefused(_("Only this centre's open cases can be on the agenda."))
    meeting = Meeting.objects.create(
        centre=centre, starts_at=starts_at, place=place, other_items=other_items, created_by=by
    )
    meeting.rounds.set(rounds)
    return meeting


def _require_secretary(by, meeting: Meeting) -> CommitteeMember:
    member = member_for(by, meeting.centre)
    if member is None or member.position != Position.SECRETARY:
        raise ActionRefused(_("Only the committee's secretary records the meeting."))
    return member


def sitting_at(meeting: Meeting):
    return CommitteeMember.objects.sitting(meeting.on).filter(centre_id=meeting.centre_id)


@transaction.atomic
def record_attendance(meeting: Meeting, *, presence: dict[int, str], by) -> None:
    """Attendance of the members sitting on the meeting's date (member id → presence)."""
    secretary = _require_secretary(by, meeting)
    members = {m.pk: m for m in sitting_at(meeting)}
    if set(presence) - set(members) or set(presence.values()) - set(Presence.values):
        raise ActionRefused(_("Attendance is taken of the members sitting on the meeting's date."))
    for member_id, value in presence.items():
        Attendance.objects.update_or_create(
            meeting=meeting, member_id=member_id, defaults={"presence": value}
        )
    if meeting.minutes_taker_id is None:
        meeting.minutes_taker = secretary
        meeting.save(update_fields=["minutes_taker"])


@dataclass(frozen=True)
class Quorum:
    sitting: int
    present: int

    @property
    def needed(self) -> int:
        """More than half: exactly half is not a quorum."""
        return self.sitting // 2 + 1

    @property
    def reached(self) -> bool:
        return self.sitting > 0 and self.present >= self.needed


def quorum(meeting: Meeting) -> Quorum:
    sitting = sitting_at(meeting)
    present = Attendance.objects.filter(
        meeting=meeting, presence=Presence.PRESENT, member__in=sitting
    ).count()
    return Quorum(sitting=sitting.count(), present=present)


def _resolution_move(round_: Round, outcome: str, next_status: str, text: str, by, where: str):
    """Close the round and move the request as the resolution says; a deferred case stays
    before the committee, its resolution on the timeline as a note."""
    note = f"{where} · {Outcome(outcome).label}: {text}"
    if outcome == Outcome.DEFERRED:
        note_by_resolution(round_.request, text=note, by=by)
        return
    to = next_status if outcome in (Outcome.APPROVED, Outcome.APPROVED_WITH_CONDITIONS) else ""
    round_.closed_at = timezone.now()
    round_.save(update_fields=["closed_at"])
    move_by_resolution(round_.request, to=to or Status.IN_PROGRESS, by=by, note=note)


def _check_outcome(outcome: str, next_status: str, text: str) -> str:
    if outcome not in Outcome.values:
        raise ActionRefused(_("Choose the resolution."))
    if not text.strip():
        raise ActionRefused(_("Write the text of the resolution."))
    if outcome in (Outcome.APPROVED, Outcome.APPROVED_WITH_CONDITIONS):
        if next_status not in APPROVED_NEXT:
            raise ActionRefused(_("Say where the approved request goes next."))
        return next_status
    return ""


@transaction.atomic
def record_resolution(
    meeting: Meeting,
    round_: Round,
    *,
    outcome: str,
    text: str,
    votes_for: int,
    votes_against: int,
    votes_abstaining: int,
    next_status: str = "",
    by,
) -> Resolution:
    """The meeting's resolution on a case of its agenda; needs quorum, and the votes cannot be
    more than the members present."""
    _require_secretary(by, meeting)
    current = _lock_round(round_)
    if not meeting.rounds.filter(pk=current.pk).exists():
        raise ActionRefused(_("This case is not on the meeting's agenda."))
    if not current.is_open:
        raise ActionRefused(_("This case has already been decided."))
    if Resolution.objects.filter(meeting=meeting, round=current).exists():
        raise ActionRefused(_("This meeting has already resolved this case."))
    count = quorum(meeting)
    if not count.reached:
        raise ActionRefused(
            _("No quorum: %(present)d of %(sitting)d members present, %(needed)d needed.")
            % {"present": count.present, "sitting": count.sitting, "needed": count.needed}
        )
    votes = [votes_for, votes_against, votes_abstaining]
    if min(votes) < 0 or sum(votes) > count.present:
        raise ActionRefused(
            _("The votes cannot be more than the %(present)d members present.")
            % {"present": count.present}
        )
    next_status = _check_outcome(outcome, next_status, text)
    resolution = Resolution.objects.create(
        round=current,
        meeting=meeting,
        outcome=outcome,
        next_status=next_status,
        text=text.strip(),
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstaining=votes_abstaining,
        recorded_by=by,
    )
    where = _("Committee meeting of %(date)s") % {"date": _be_date(meeting.on)}
    _resolution_move(current, outcome, next_status, text.strip(), by, where)
    return resolution


def circulation_count(round_: Round, on: date | None = None) -> Quorum:
    """Sitting members, and the written opinions among them that count (no conflict)."""
    sitting = CommitteeMember.objects.sitting(on).filter(centre_id=round_.centre_id)
    conflicted = ConflictOfInterest.objects.filter(round=round_).values("member_id")
    given = (
        Review.objects.filter(round=round_, member__in=sitting)
        .exclude(member_id__in=conflicted)
        .count()
    )
    return Quorum(sitting=sitting.count(), present=given)


@transaction.atomic
def resolve_by_circulation(
    round_: Round, *, outcome: str, text: str, next_status: str = "", by
) -> Resolution:
    """A resolution by circulation (มติเวียน), where the centre allows it: needs the written
    opinions of more than half of the sitting members; the votes are those opinions."""
    current = _lock_round(round_)
    if not committee_settings(current.centre).allows_circulation:
        raise ActionRefused(_("This centre's committee does not resolve by circulation."))
    member = member_for(by, current.centre)
    if member is None or member.position != Position.SECRETARY:
        raise ActionRefused(_("Only the committee's secretary records the meeting."))
    if not current.is_open:
        raise ActionRefused(_("This case has already been decided."))
    count = circulation_count(current)
    if not count.reached:
        raise ActionRefused(
            _("Too few written opinions: %(present)d of %(sitting)d members, %(needed)d needed.")
            % {"present": count.present, "sitting": count.sitting, "needed": count.needed}
        )
    next_status = _check_outcome(outcome, next_status, text)
    counts = tally(current)
    resolution = Resolution.objects.create(
        round=current,
        outcome=outcome,
        next_status=next_status,
        text=text.strip(),
        votes_for=counts.support + counts.conditions,
        votes_against=counts.against,
        recorded_by=by,
    )
    _resolution_move(
        current, outcome, next_status, text.strip(), by, _("Resolution by circulation")
    )
    return resolution


# Visits


def set_visit_participants(visit, *, members, by) -> None:
    """The committee members who went on the visit (the head or staff record it)."""
    if not can_write(by, visit.centre):
        raise ActionRefused(_("Only the centre's staff can do this."))
    if any(m.centre_id != visit.centre_id for m in members):
        raise ActionRefused(_("Only this centre's committee members can be added."))
    VisitParticipant.objects.filter(visit=visit).exclude(member__in=members).delete()
    VisitParticipant.objects.bulk_create(
        [VisitParticipant(visit=visit, member=m) for m in members], ignore_conflicts=True
    )


# E-mails


def _be_date(day: date) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return date_format(day, "j M Y")


def _members_to_mail(centre_id: int, on: date):
    return (
        CommitteeMember.objects.sitting(on)
        .filter(centre_id=centre_id, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )


def notify_case_put_before(round_: Round) -> int:
    """Mail each sitting member with a login: a case waits for their opinion."""
    members = list(_members_to_mail(round_.centre_id, timezone.localdate()))
    with translation.override(settings.LANGUAGE_CODE):
        context = {"round": round_, "request": round_.request, "portal_url": settings.PORTAL_URL}
        subject = _("A case for the committee: %(reference)s") % {
            "reference": round_.request.reference
        }
        body = render_to_string("committees/email/case_put_before.txt", context)
    messages = [EmailMessage(subject, body, None, [m.user.email]) for m in members]
    return _send(messages)


def send_meeting_reminders(today: date | None = None) -> int:
    """The day before each meeting, mail the members sitting on its date who have a login."""
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    meetings = Meeting.objects.filter(starts_at__date=tomorrow).select_related("centre")
    messages = []
    for meeting in meetings.prefetch_related("rounds__request"):
        with translation.override(settings.LANGUAGE_CODE):
            context = {"meeting": meeting, "portal_url": settings.PORTAL_URL}
            subject = _("Committee meeting tomorrow: %(place)s") % {"place": meeting.place}
            body = render_to_string("committees/email/meeting_reminder.txt", context)
        messages += [
            EmailMessage(subject, body, None, [m.user.email])
            for m in _members_to_mail(meeting.centre_id, meeting.on)
        ]
    return _send(messages)


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
