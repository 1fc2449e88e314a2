"""The roll-ups equal a recount after every step of a random sequence of the real actions.

Hypothesis draws sequences of what staff and heads do to requests and visits at two centres
(log, start, put before the committee, the committee's moves, refer, resolve, close, reopen,
cancel, assign, move the due date, edit the type, urgency, channel, outcome and satisfaction,
attach and delete files, plan, change, record, cancel and re-plan visits, change their villages
and served requests, and the registry's edit of a group's kind, which its requests count by),
while the clock moves across a fiscal-year edge: the sequence begins on 30 Sep 23:59 or 1 Oct
00:00 Bangkok, and a step can tick a minute, some hours or days, or jump to the next 30 Sep
23:59. After each step ``reports.consistency.differences()`` must be empty.

Each example runs in a savepoint rolled back at its end, on a clock of its own (time_machine,
not ticking), so examples neither see each other's rows nor depend on the day the suite runs.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centres.models import Role
from clients.models import ClientGroup, GroupKind
from committees.actions import put_before_committee
from committees.models import Round
from reports.consistency import differences
from services.actions import (
    ActionRefused,
    assign_request,
    change_due_date,
    edit_request,
    log_request,
    move_by_resolution,
    transition_request,
)
from services.models import (
    Attachment,
    Channel,
    ServiceRequest,
    Status,
    Urgency,
    Visit,
    VisitKind,
    VisitStatus,
)
from services.uploads import CheckedFile
from services.visit_actions import (
    add_attachments,
    create_visit,
    delete_attachment,
    record_visit,
    set_served_requests,
    set_visit_status,
    update_visit,
)
from services.workflow import BY_RESOLUTION, HEAD_ONLY, TRANSITIONS
from tests.centres.factories import MembershipFactory, UserFactory, VillageFactory
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.conftest import BANGKOK
from tests.services.factories import ServiceTypeFactory

STARTS = [
    datetime(2026, 9, 30, 23, 59, tzinfo=BANGKOK),  # the last minute of fiscal year 2569
    datetime(2026, 10, 1, 0, 0, tzinfo=BANGKOK),  # the first minute of fiscal year 2570
]
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@dataclass
class Place:
    """One centre with its people, clients and villages."""

    centre: object
    head: object
    staff: list
    clients: list
    villages: list = field(default_factory=list)

    @property
    def workers(self) -> list:
        return [self.head, *self.staff]


@pytest.fixture
def world(centre_a, centre_b, head, staff, colleague, outsider):
    head_b = UserFactory(username="head_b")
    MembershipFactory(user=head_b, centre=centre_b, role=Role.HEAD)
    places = []
    for centre, boss, workers in (
        (centre_a, head, [staff, colleague]),
        (centre_b, head_b, [outsider]),
    ):
        clients = [
            ClientGroupFactory(centre=centre, kind="savings"),
            ClientGroupFactory(centre=centre, kind="otop"),
            PersonFactory(centre=centre),
        ]
        village = clients[0].village
        villages = [village, clients[2].village] + [
            VillageFactory(subdistrict=village.subdistrict, number=n) for n in (7, 8)
        ]
        places.append(Place(centre, boss, workers, clients, villages))
    types = [ServiceTypeFactory(code="advice"), ServiceTypeFactory(code="funding")]
    types[1].target_days_normal, types[1].target_days_urgent = 1, 0
    types[1].save()
    return places, types


# -- the steps: each draws what it needs and calls one real action ------------------------------


def _requests(place: Place) -> list[ServiceRequest]:
    return list(ServiceRequest.objects.filter(centre=place.centre).order_by("pk"))


def _visits(place: Place) -> list[Visit]:
    return list(Visit.objects.filter(centre=place.centre).order_by("pk"))


def log(data, place, types, clock):
    visits = _visits(place)
    log_request(
        centre=place.centre,
        client=data.draw(st.sampled_from(place.clients)),
        service_type=data.draw(st.sampled_from(types)),
        channel=data.draw(st.sampled_from(Channel.values)),
        urgency=data.draw(st.sampled_from(Urgency.values)),
        subject="ขอคำปรึกษา",
        by=data.draw(st.sampled_from(place.workers)),
        assigned_to=data.draw(st.sampled_from([None, *place.workers])),
        raised_on_visit=data.draw(st.sampled_from([None, *visits])) if visits else None,
    )


def move(data, place, types, clock):
    request = data.draw(st.sampled_from(_requests(place)))
    target = (
        data.draw(st.sampled_from(TRANSITIONS[request.status]))
        if TRANSITIONS[request.status]
        else None
    )
    if target is None:
        raise ActionRefused("a cancelled request has no move")
    if target.needs_outcome and not request.has_outcome() and data.draw(st.booleans()):
        edit_request(
            request,
            changes={"outcome": "ให้คำแนะนำแล้ว"},
            expected_version=request.version,
            by=place.head,
        )
        request.refresh_from_db()
    note = "ตามมติ" if data.draw(st.booleans()) or target.needs_note else ""
    if BY_RESOLUTION in target.roles:
        # As a resolution does (committees.actions._resolution_move): its round closes, then
        # the request moves; left open, the next put_before_committee would open a second.
        for round_ in Round.objects.filter(request=request, closed_at__isnull=True):
            round_.closed_at = timezone.now()
            round_.save(update_fields=["closed_at"])
        move_by_resolution(request, to=target.to, by=place.head, note="ตามมติคณะกรรมการ")
    elif target.to == Status.COMMITTEE:
        put_before_committee(
            request, question="ควรสนับสนุนหรือไม่", summary="สรุปเรื่อง", by=place.head, notify=False
        )
    else:
        by = place.head if target.roles == HEAD_ONLY else data.draw(st.sampled_from(place.workers))
        transition_request(request, to=target.to, by=by, note=note)


def assign(data, place, types, clock):
    request = data.draw(st.sampled_from(_requests(place)))
    assign_request(request, assignee=data.draw(st.sampled_from(place.workers)), by=place.head)


def move_due_date(data, place, types, clock):
    request = data.draw(st.sampled_from(_requests(place)))
    shift = data.draw(st.integers(-40, 40))
    change_due_date(
        request, due_date=request.due_date + timedelta(days=shift), reason="รอเอกสาร", by=place.head
    )


def edit(data, place, types, clock):
    request = data.draw(st.sampled_from(_requests(place)))
    choices = {
        "service_type": st.sampled_from(types),
        "urgency": st.sampled_from(Urgency.values),
        "channel": st.sampled_from(Channel.values),
        "outcome": st.sampled_from(["", "ประสานแหล่งทุนแล้ว"]),
        "satisfaction": st.sampled_from([None, 1, 2, 3, 4, 5]),
    }
    names = data.draw(st.sets(st.sampled_from(sorted(choices)), min_size=1))
    edit_request(
        request,
        changes={name: data.draw(choices[name]) for name in sorted(names)},
        expected_version=request.version,
        by=data.draw(st.sampled_from(place.workers)),
    )


def attach(data, place, types, clock):
    owners = _requests(place) + _visits(place)
    owner = data.draw(st.sampled_from(owners))
    upload = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    checked = CheckedFile(file=upload, name="photo.png", content_type="image/png", size=len(PNG))
    target = {"request": owner} if isinstance(owner, ServiceRequest) else {"visit": owner}
    add_attachments(files=[checked], by=data.draw(st.sampled_from(place.workers)), **target)


def detach(data, place, types, clock):
    attachment = data.draw(
        st.sampled_from(list(Attachment.objects.filter(centre=place.centre).order_by("pk")))
    )
    delete_attachment(attachment, by=place.head)


def plan_visit(data, place, types, clock):
    create_visit(
        centre=place.centre,
        kind=data.draw(st.sampled_from(VisitKind.values)),
        planned_date=timezone.localdate() + timedelta(days=data.draw(st.integers(-3, 3))),
        title="หน่วยบริการเคลื่อนที่",
        by=data.draw(st.sampled_from(place.workers)),
        is_urgent=data.draw(st.booleans()),
        villages=data.draw(st.lists(st.sampled_from(place.villages), unique=True, max_size=3)),
    )


def change_visit(data, place, types, clock):
    visit = data.draw(st.sampled_from(_visits(place)))
    changes = {}
    if data.draw(st.booleans()):
        changes["planned_date"] = visit.planned_date + timedelta(days=data.draw(st.integers(-3, 3)))
    if data.draw(st.booleans()):
        changes["kind"] = data.draw(st.sampled_from(VisitKind.values))
    if data.draw(st.booleans()):
        changes["is_urgent"] = not visit.is_urgent
    if visit.status == VisitStatus.DONE and data.draw(st.booleans()):
        changes["attendees"] = data.draw(st.none() | st.integers(0, 60))
    villages = data.draw(
        st.none() | st.lists(st.sampled_from(place.villages), unique=True, max_size=3)
    )
    update_visit(
        visit, by=place.head, changes=changes, villages=villages, expected_version=visit.version
    )


def record(data, place, types, clock):
    visit = data.draw(st.sampled_from(_visits(place)))
    record_visit(
        visit,
        by=data.draw(st.sampled_from(place.workers)),
        attendees=data.draw(st.none() | st.integers(0, 60)),
        what_was_done="ให้ความรู้เรื่องบัญชีครัวเรือน",
        expected_version=visit.version,
    )


def visit_status(data, place, types, clock):
    visit = data.draw(st.sampled_from(_visits(place)))
    to = data.draw(st.sampled_from(VisitStatus.values))
    set_visit_status(visit, to=to, by=place.head)


def serve(data, place, types, clock):
    visit = data.draw(st.sampled_from(_visits(place)))
    requests = data.draw(st.lists(st.sampled_from(_requests(place)), unique=True, max_size=3))
    set_served_requests(visit, requests=requests, by=place.head)


def regroup(data, place, types, clock):
    """The registry's edit of a group's kind (the group form saves the group so)."""
    groups = [c for c in place.clients if isinstance(c, ClientGroup)]
    group = ClientGroup.objects.get(pk=data.draw(st.sampled_from(groups)).pk)
    group.kind = data.draw(st.sampled_from([GroupKind.SAVINGS, GroupKind.OTOP, GroupKind.OTHER]))
    group.save()


def tick(data, place, types, clock):
    now = timezone.now()
    jump = data.draw(st.sampled_from(["minute", "hours", "days", "edge"]))
    if jump == "edge":  # the next 30 Sep 23:59 Bangkok, the last minute of a fiscal year
        local = timezone.localtime(now)
        edge = local.replace(month=9, day=30, hour=23, minute=59, second=0, microsecond=0)
        clock.move_to(edge if edge > local else edge.replace(year=edge.year + 1))
        return
    unit = {"minute": timedelta(minutes=1), "hours": timedelta(hours=5), "days": timedelta(days=9)}
    clock.move_to(now + unit[jump] * data.draw(st.integers(1, 3)))


# (step, needs a request, needs a visit, needs an attachment)
STEPS = [
    (log, False, False, False),
    (log, False, False, False),
    (move, True, False, False),
    (move, True, False, False),
    (move, True, False, False),
    (assign, True, False, False),
    (move_due_date, True, False, False),
    (edit, True, False, False),
    (attach, True, False, False),
    (detach, False, False, True),
    (plan_visit, False, False, False),
    (change_visit, False, True, False),
    (record, False, True, False),
    (visit_status, False, True, False),
    (serve, True, True, False),
    (regroup, False, False, False),
    (tick, False, False, False),
    (tick, False, False, False),
]


def _possible(place: Place) -> list:
    has_request = ServiceRequest.objects.filter(centre=place.centre).exists()
    has_visit = Visit.objects.filter(centre=place.centre).exists()
    has_attachment = Attachment.objects.filter(centre=place.centre).exists()
    return [
        step
        for step, request, visit, attachment in STEPS
        if (has_request or not request)
        and (has_visit or not visit)
        and (has_attachment or not attachment)
    ]


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_it_keeps_the_roll_ups_equal_to_a_recount_after_every_action(world, data):
    places, types = world
    start = data.draw(st.sampled_from(STARTS), label="start")
    steps = data.draw(st.integers(1, 20), label="steps")
    with time_machine.travel(start, tick=False) as clock, transaction.atomic():
        for number in range(steps):
            place = data.draw(st.sampled_from(places), label=f"centre of step {number}")
            step = data.draw(st.sampled_from(_possible(place)), label=f"step {number}")
            try:
                with transaction.atomic():
                    step(data, place, types, clock)
            except ActionRefused:
                pass  # a refused action changes nothing; the figures must still agree
            assert differences() == [], f"after {step.__name__} at {timezone.localtime()}"
        transaction.set_rollback(True)


def test_it_counts_a_request_of_each_side_of_the_fiscal_year_edge(world):
    """The property's edge, checked once by hand: 23:59 on 30 Sep and 00:00 on 1 Oct."""
    places, types = world
    place = places[0]
    for moment in STARTS:
        with time_machine.travel(moment, tick=False):
            log_request(
                centre=place.centre,
                client=place.clients[0],
                service_type=types[0],
                channel=Channel.ONSITE,
                urgency=Urgency.NORMAL,
                subject="ขอคำปรึกษา",
                by=place.head,
            )

    assert sorted(ServiceRequest.objects.values_list("reference", flat=True)) == [
        f"{place.centre.district_id}-2569-00001",
        f"{place.centre.district_id}-2570-00001",
    ]
    assert differences() == []
