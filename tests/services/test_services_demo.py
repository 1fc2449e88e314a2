"""seed_demo gives each demo centre a year of services: requests in every status, type and
channel with a consistent history, visits planned, done and cancelled, a few real photos; a
second run adds nothing."""

import re
import struct
import zlib
from collections import defaultdict

import pytest
from django.utils import timezone

from centres.models import WRITE_ROLES, Membership
from portal.lib.fiscal import fiscal_year
from services.demo import WALK_INS, tiny_png
from services.models import (
    Attachment,
    Channel,
    RequestNote,
    ServiceRequest,
    ServiceType,
    Status,
    StatusChange,
    Urgency,
    Visit,
    VisitKind,
    VisitStatus,
)
from services.uploads import PNG, sniff
from services.workflow import find_move
from tests.conftest import run_seed_demo

pytestmark = pytest.mark.date_sensitive

REFERENCE = re.compile(r"^(?P<code>\d{4})-(?P<year>25\d\d)-(?P<seq>\d{5})$")
MODELS = (ServiceRequest, StatusChange, RequestNote, Visit, Attachment)


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder():
    """The demo's own temporary media folder (see ``_demo_database``) stays in force."""


def _counts() -> list[int]:
    counts = [model.objects.count() for model in MODELS]
    return [*counts, ServiceRequest.history.count(), Visit.history.count()]


def test_a_second_run_adds_nothing(seeded):
    counts = _counts()
    assert all(counts)
    assert "Services" in seeded or "งานบริการ" in seeded

    run_seed_demo()

    assert _counts() == counts


def test_the_main_centre_has_requests_of_every_status_type_channel_and_urgency(seeded):
    requests = ServiceRequest.objects.filter(centre__district_id="5001")
    assert set(requests.values_list("status", flat=True)) == set(Status.values)
    assert set(requests.values_list("service_type__code", flat=True)) == set(
        ServiceType.objects.values_list("code", flat=True)
    )
    assert set(requests.values_list("channel", flat=True)) == set(Channel.values)
    assert set(requests.values_list("urgency", flat=True)) == set(Urgency.values)
    # Some of the open ones are late, as in any real office.
    assert requests.overdue().exists()
    assert requests.filter(status__in=[Status.RECEIVED, Status.IN_PROGRESS]).exists()


def test_every_demo_centre_has_requests_and_centres_without_clients_have_none(seeded):
    for code in WALK_INS:
        assert ServiceRequest.objects.filter(centre__district_id=code).count() > WALK_INS[code]
    assert set(ServiceRequest.objects.values_list("centre__district_id", flat=True)) == set(
        WALK_INS
    )
    assert set(Visit.objects.values_list("centre__district_id", flat=True)) == set(WALK_INS)


def test_references_are_well_formed_and_gap_free_per_centre_and_year(seeded):
    sequences = defaultdict(list)
    requests = ServiceRequest.objects.select_related("centre").order_by("received_at", "pk")
    for request in requests:
        match = REFERENCE.match(request.reference)
        assert match, request.reference
        assert match["code"] == request.centre.district_id
        year = fiscal_year(timezone.localdate(request.received_at))
        assert int(match["year"]) == request.fiscal_year == year
        assert int(match["seq"]) == request.sequence
        sequences[(request.centre_id, request.fiscal_year)].append(request.sequence)
    assert sequences
    for numbers in sequences.values():
        # Numbered in the order they were received, from 1, without a gap.
        assert numbers == list(range(1, len(numbers) + 1))


def test_every_request_has_a_history_the_workflow_allows_in_time_order(seeded):
    now = timezone.now()
    changes = defaultdict(list)
    for change in StatusChange.objects.order_by("changed_at", "pk"):
        changes[change.request_id].append(change)
    for request in ServiceRequest.objects.all():
        steps = changes[request.pk]
        assert (steps[0].from_status, steps[0].to_status) == ("", Status.RECEIVED)
        assert steps[0].changed_at == request.received_at
        for before, after in zip(steps, steps[1:], strict=False):
            assert after.from_status == before.to_status, request.reference
            assert find_move(after.from_status, after.to_status), request.reference
            move = find_move(after.from_status, after.to_status)
            assert after.note or not move.needs_note
        assert steps[-1].to_status == request.status
        assert all(request.received_at <= step.changed_at <= now for step in steps)
        history = list(request.history.order_by("history_id"))
        assert len(history) == request.version
        dates = [record.history_date for record in history]
        assert dates == sorted(dates) and dates[0] == request.received_at


def test_outcomes_assignees_and_satisfaction_are_filled_in_as_the_work_went(seeded):
    done = ServiceRequest.objects.filter(status__in=[Status.RESOLVED, Status.CLOSED])
    assert done.exists()
    assert not done.filter(outcome="").exists()
    closed = ServiceRequest.objects.filter(status=Status.CLOSED)
    assert not closed.filter(satisfaction__isnull=True).exists()
    assert set(closed.values_list("satisfaction", flat=True)) <= {1, 2, 3, 4, 5}
    funded = done.filter(service_type__code="funding")
    assert funded.exists() and not funded.filter(money_obtained__isnull=True).exists()
    assert done.filter(people_trained__gt=0).exists()
    assert done.exclude(market_found="").exists()
    working = set(
        Membership.objects.filter(role__in=WRITE_ROLES).values_list("user_id", "centre_id")
    )
    assigned = ServiceRequest.objects.filter(assigned_to__isnull=False)
    assert assigned.filter(centre__district_id="5001").exists()
    assert set(assigned.values_list("assigned_to_id", "centre_id")) <= working
    assert RequestNote.objects.filter(kind=RequestNote.Kind.DUE_DATE).exists()
    assert StatusChange.objects.filter(from_status=Status.CLOSED).exists()  # a reopening


def test_visits_are_planned_done_and_cancelled_with_requests_raised_and_served(seeded):
    today = timezone.localdate()
    for code in WALK_INS:
        visits = Visit.objects.filter(centre__district_id=code)
        assert set(visits.values_list("status", flat=True)) == set(VisitStatus.values)
        assert set(visits.values_list("kind", flat=True)) == set(VisitKind.values)
        assert visits.upcoming(today).exists()
        done = visits.filter(status=VisitStatus.DONE)
        assert not done.filter(planned_date__gt=today).exists()
        assert not done.filter(attendees__isnull=True).exists()
        assert not done.filter(what_was_done="").exists()
        assert visits.filter(is_urgent=True, raised_requests__urgency=Urgency.URGENT).exists()
        assert done.filter(served_requests__isnull=False).exists()
    outreach = ServiceRequest.objects.filter(channel=Channel.OUTREACH)
    assert outreach.exists()
    for request in outreach.select_related("raised_on_visit"):
        visit = request.raised_on_visit
        assert visit.kind == VisitKind.OUTREACH and visit.centre_id == request.centre_id
        assert timezone.localdate(request.received_at) == visit.planned_date
    assert not ServiceRequest.objects.filter(
        channel=Channel.ONSITE, raised_on_visit__kind=VisitKind.OUTREACH
    ).exists()


def test_attachments_are_small_real_png_files_in_storage(seeded):
    attachments = list(Attachment.objects.all())
    assert attachments
    assert any(a.visit_id for a in attachments) and any(a.request_id for a in attachments)
    for attachment in attachments:
        assert attachment.content_type == PNG
        assert attachment.original_name.endswith(".png")
        assert attachment.file.name.startswith(f"attachments/{attachment.centre_id}/")
        with attachment.file.open("rb") as stored:
            content = stored.read()
            assert sniff(stored) == PNG
        assert len(content) == attachment.size < 1024
        _assert_valid_png(content)


def test_tiny_png_is_a_valid_image():
    content = tiny_png(b"\x10\x20\x30", width=3, height=2)
    width, height = _assert_valid_png(content)
    assert (width, height) == (3, 2)


def _assert_valid_png(content: bytes) -> tuple[int, int]:
    """Walk the chunks: each CRC must match, IHDR first, IEND last, the pixels decompress."""
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    position, kinds, pixels = 8, [], b""
    while position < len(content):
        (length,) = struct.unpack(">I", content[position : position + 4])
        kind = content[position + 4 : position + 8]
        data = content[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", content[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + data) & 0xFFFFFFFF == crc
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", data[:10])
        if kind == b"IDAT":
            pixels += data
        kinds.append(kind)
        position += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    assert (depth, colour) == (8, 2)
    assert len(zlib.decompress(pixels)) == height * (1 + 3 * width)
    return width, height


def test_it_tells_whether_every_demo_centre_has_its_services(seeded, monkeypatch):
    from services import demo

    assert demo.services_seeded()

    monkeypatch.setitem(demo.WALK_INS, "5002", 10)  # a demo centre without services yet

    assert not demo.services_seeded()
