"""Demo committees: each demo centre gets a realistic roster (12 members of every category, two
whose terms have ended, one ending within 60 days), and the requests waiting before the
committee get their open round, one with some opinions given. Each secretary has a demo login
(``staff2`` at 5001, ``secretary`` at 5007, a committee member only, ``outsider`` at 4001), so
two meetings were held at each, with resolutions. The demo user ``committee`` sits at 5001."""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.test import override_settings
from django.utils import timezone

from centres.models import Centre
from centres.scoping import is_head
from committees import actions
from committees.models import (
    Category,
    CommitteeMember,
    CommitteeSettings,
    Meeting,
    Opinion,
    Outcome,
    Position,
    Presence,
    Review,
    Round,
)
from services.models import ServiceRequest, Status

CENTRES = ("5001", "5007", "4001")
PEOPLE = [
    ("นาย", "สมบัติ", "คำแก้ว", Category.OTOP, Position.CHAIR),
    ("นาง", "จันทร์เพ็ญ", "ศรีสุข", Category.PARTNER, Position.VICE_CHAIR),
    ("นาย", "พิชิต", "อินทร์แปง", Category.CDO, Position.SECRETARY),
    ("นาย", "บุญมี", "ใจเย็น", Category.COMMUNITY_LEADER, Position.MEMBER),
    ("นาย", "ทองดี", "ปัญญาดี", Category.LOCAL_SAGE, Position.MEMBER),
    ("นาง", "สายทอง", "มณีวงศ์", Category.QUALIFIED, Position.MEMBER),
    ("นาง", "บุญเรือน", "ศรีวงศ์", Category.COMMUNITY_LEADER, Position.MEMBER),
    ("นาย", "ประยูร", "แสนคำ", Category.OTOP, Position.MEMBER),
    ("นางสาว", "วิไลวรรณ", "ทาคำ", Category.PARTNER, Position.MEMBER),
    ("นาย", "อุดม", "ชัยมงคล", Category.LOCAL_SAGE, Position.MEMBER),
    ("นาย", "เกษม", "บุญยืน", Category.QUALIFIED, Position.MEMBER),
    ("นาง", "ละเอียด", "คำมา", Category.OTOP, Position.MEMBER),
]
ENDED = [
    ("นาย", "สุรพล", "วงศ์ใหญ่", Category.COMMUNITY_LEADER, "ครบวาระ"),
    ("นาง", "มาลี", "ทองสุข", Category.LOCAL_SAGE, "ลาออกเนื่องจากย้ายภูมิลำเนา"),
]
# Demo users (centres.demo) on the roster → their index in PEOPLE. The secretary is the
# centre's community development officer, a staff member: the committee pages read the roster.
LOGINS = {
    "5001": {"staff2": 2, "committee": 6},
    "5007": {"secretary": 2},
    "4001": {"outsider": 2},
}


def seed_committees() -> dict[str, int]:
    before = {m: m.objects.count() for m in (CommitteeMember, Round, Review)}
    no_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    centres = Centre.objects.filter(district_id__in=CENTRES).select_related("district")
    with no_mail, transaction.atomic():
        for centre in centres:
            if not CommitteeMember.objects.filter(centre=centre).exists():
                _seed_centre(centre)
            elif not Meeting.objects.filter(centre=centre).exists():
                _catch_up(centre)
    return {
        str(m._meta.verbose_name_plural): m.objects.count() - before[m]
        for m in (CommitteeMember, Round, Review)
    }


def committees_seeded() -> bool:
    """Every demo centre has its committee, and the committee has held meetings (one query)."""
    members = CommitteeMember.objects.filter(centre=OuterRef("pk"))
    meetings = Meeting.objects.filter(centre=OuterRef("pk"))
    centres = Centre.objects.filter(district_id__in=CENTRES)
    return not centres.filter(~Exists(members) | ~Exists(meetings)).exists()


def _seed_centre(centre: Centre) -> None:
    head = _head(centre)
    if head is None:
        return
    today = timezone.localdate()
    start = today - timedelta(days=400)
    users = get_user_model().objects.in_bulk(LOGINS.get(centre.code, {}), field_name="username")
    logins = {i: name for name, i in LOGINS.get(centre.code, {}).items()}
    members = []
    for i, (title, first, last, category, position) in enumerate(PEOPLE):
        user = users.get(logins[i]) if i in logins else None
        if user is not None:
            first, last = user.first_name or first, user.last_name or last
        end = today + timedelta(days=45) if i == 10 else start + timedelta(days=4 * 365)
        fields = {"title": title, "first_name": first, "last_name": last, "category": category}
        fields |= {"position": position, "term_start": start, "term_end": end, "user": user}
        fields["phone"] = f"08{centre.code}{i:04d}"
        members.append(actions.add_member(centre=centre, fields=fields, by=head))
    for title, first, last, category, reason in ENDED:
        fields = {"title": title, "first_name": first, "last_name": last, "category": category}
        fields |= {
            "term_start": start - timedelta(days=700),
            "term_end": start + timedelta(days=200),
        }
        member = actions.add_member(centre=centre, fields=fields, by=head)
        if reason != "ครบวาระ":
            member.ended_early_reason = reason
            member.save(update_fields=["ended_early_reason"])
    CommitteeSettings.objects.get_or_create(centre=centre, defaults={"allows_circulation": True})
    rng = random.Random(f"committees-demo-{centre.code}")
    if members[2].user_id:  # the meetings are recorded by the secretary, with a login
        _held_meetings(rng, centre, head, members)
    _waiting_cases(rng, centre, head, members)


def _catch_up(centre: Centre) -> None:
    """A committee seeded before its secretary had a demo login (5007): link the demo logins
    to their members, then hold the two meetings."""
    head = _head(centre)
    if head is None:
        return
    members = list(CommitteeMember.objects.filter(centre=centre).order_by("pk")[: len(PEOPLE)])
    users = get_user_model().objects.in_bulk(LOGINS.get(centre.code, {}), field_name="username")
    for username, i in LOGINS.get(centre.code, {}).items():
        user = users.get(username)
        if user is not None and i < len(members) and members[i].user_id is None:
            fields = {"user": user, "first_name": user.first_name or members[i].first_name}
            fields["last_name"] = user.last_name or members[i].last_name
            members[i] = actions.edit_member(members[i], fields=fields, by=head)
    if len(members) == len(PEOPLE) and members[2].user_id:
        _held_meetings(random.Random(f"committees-demo-{centre.code}"), centre, head, members)


def _head(centre: Centre):
    workers = [m.user for m in centre.memberships.select_related("user") if m.role == "head"]
    if workers:
        return workers[0]
    admin = get_user_model().objects.filter(is_superuser=True).first()
    return admin if admin is not None and is_head(admin, centre) else None


def _held_meetings(rng, centre, head, members) -> None:
    """Two meetings held in the last months, each resolving one case (back to work): requests
    in progress, or just received where a small centre has fewer than two in progress."""
    requests = ServiceRequest.objects.filter(centre=centre).order_by("pk")
    candidates = list(requests.filter(status=Status.IN_PROGRESS)[:2])
    candidates += list(requests.filter(status=Status.RECEIVED)[: 2 - len(candidates)])
    secretary = members[2]
    outcomes = [
        (Outcome.APPROVED_WITH_CONDITIONS, "อนุมัติให้ดำเนินการต่อ โดยให้กลุ่มจัดทำแผนธุรกิจก่อน"),
        (Outcome.NOT_APPROVED, "ไม่อนุมัติ เนื่องจากกลุ่มยังไม่มีการจดทะเบียน ให้ดำเนินการจดทะเบียนก่อน"),
    ]
    for days_ago, request, (outcome, text) in zip((75, 20), candidates, outcomes, strict=False):
        round_ = actions.put_before_committee(
            request,
            question="ควรสนับสนุนคำขอของกลุ่มนี้หรือไม่",
            summary=f"{request.subject} กลุ่มมีสมาชิกที่ดำเนินกิจกรรมต่อเนื่อง",
            by=head,
            notify=False,
        )
        when = timezone.make_aware(
            datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(9, 30))
        )
        Round.objects.filter(pk=round_.pk).update(opened_at=when - timedelta(days=10))
        for member in members[:7]:
            _review(rng, round_, member)
        meeting = actions.plan_meeting(
            centre=centre, starts_at=when, place="ห้องประชุมที่ว่าการอำเภอ", rounds=[round_], by=head
        )
        presence = {
            m.pk: Presence.PRESENT if i < 9 else Presence.EXCUSED for i, m in enumerate(members)
        }
        _record(meeting, round_, secretary.user, presence, outcome, text)


def _record(meeting, round_, user, presence, outcome, text) -> None:
    """Attendance and the resolution, recorded by the secretary as at the meeting."""
    actions.record_attendance(meeting, presence=presence, by=user)
    actions.record_resolution(
        meeting,
        round_,
        outcome=outcome,
        text=text,
        next_status=Status.IN_PROGRESS if outcome != Outcome.NOT_APPROVED else "",
        votes_for=7 if outcome != Outcome.NOT_APPROVED else 1,
        votes_against=1 if outcome != Outcome.NOT_APPROVED else 7,
        votes_abstaining=1,
        by=user,
    )


def _waiting_cases(rng, centre, head, members) -> None:
    """Open rounds for the requests the services demo left before the committee; the first
    has opinions from some members (the demo ``committee`` user has not given one yet)."""
    waiting = ServiceRequest.objects.filter(centre=centre, status=Status.COMMITTEE).order_by("pk")
    for i, request in enumerate(waiting):
        # The request is already in `committee` (the services demo moved it): only the round
        # is missing, so it is written here rather than through put_before_committee.
        round_ = Round.objects.create(
            centre=centre,
            request=request,
            question="ควรส่งต่อแหล่งทุนหรือไม่ และควรมีเงื่อนไขใด",
            summary=f"{request.subject} ขอรับการพิจารณาจากคณะกรรมการศูนย์ฯ",
            opened_by=head,
            opened_at=request.status_changes.order_by("changed_at").last().changed_at,
        )
        if i == 0:
            for member in (members[0], members[3], members[4]):
                _review(rng, round_, member)


def _review(rng, round_, member) -> None:
    # Most demo members have no login, so their opinions are written here, not by give_opinion.
    opinion = rng.choice([Opinion.SUPPORT, Opinion.SUPPORT, Opinion.SUPPORT_WITH_CONDITIONS])
    note = "" if opinion == Opinion.SUPPORT else "ควรมีแผนการตลาดและการติดตามผลทุกไตรมาส"
    Review.objects.create(round=round_, member=member, opinion=opinion, note=note)
