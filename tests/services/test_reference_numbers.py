"""Reference numbers: ``<district code>-<BE fiscal year>-<5 digits>``, counted per centre and
fiscal year from 00001 without gaps, by the local (Bangkok) date of receipt, even when a save
fails or many staff save at the same moment."""

import re
import threading
from datetime import UTC, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from centres.models import Role
from services.actions import create_request
from services.models import Channel, ReferenceCounter, ServiceRequest, StatusChange, Urgency
from tests.centres.factories import MembershipFactory, UserFactory
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import ServiceTypeFactory

pytestmark = pytest.mark.date_sensitive

BANGKOK = ZoneInfo("Asia/Bangkok")
REFERENCE = re.compile(r"^\d{4}-\d{4}-\d{5}$")


@pytest.fixture
def log(staff, outsider):
    """Log a request at ``centre`` received at ``received_at``; the staff member of that centre
    logs it."""
    service_type = ServiceTypeFactory()
    groups: dict = {}

    def make(centre, received_at: datetime) -> ServiceRequest:
        if centre.pk not in groups:
            groups[centre.pk] = ClientGroupFactory(centre=centre)
        by = staff if centre.district_id == "5001" else outsider
        return create_request(
            centre=centre,
            client=groups[centre.pk],
            service_type=service_type,
            channel=Channel.ONSITE,
            urgency=Urgency.NORMAL,
            subject="ขอข้อมูลราคากลางผลิตภัณฑ์ OTOP",
            by=by,
            received_at=received_at,
        )

    return make


def _bangkok(*args) -> datetime:
    return datetime(*args, tzinfo=BANGKOK)


def test_the_first_request_of_the_year_is_00001(log, centre_a):
    request = log(centre_a, _bangkok(2026, 11, 3, 10, 0))
    assert request.reference == "5001-2570-00001"
    assert REFERENCE.match(request.reference)
    assert ServiceRequest.objects.get(pk=request.pk).reference == "5001-2570-00001"


def test_references_are_consecutive(log, centre_a):
    refs = [log(centre_a, _bangkok(2026, 11, day, 10, 0)).reference for day in (3, 3, 4, 20)]
    assert refs == [f"5001-2570-{n:05d}" for n in (1, 2, 3, 4)]


def test_each_centre_counts_on_its_own(log, centre_a, centre_b):
    a1 = log(centre_a, _bangkok(2026, 11, 3, 10, 0))
    b1 = log(centre_b, _bangkok(2026, 11, 3, 10, 5))
    a2 = log(centre_a, _bangkok(2026, 11, 3, 10, 10))
    b2 = log(centre_b, _bangkok(2026, 11, 3, 10, 15))
    assert [a1.reference, a2.reference] == ["5001-2570-00001", "5001-2570-00002"]
    assert [b1.reference, b2.reference] == ["4001-2570-00001", "4001-2570-00002"]


def test_each_fiscal_year_counts_on_its_own(log, centre_a):
    last_day = log(centre_a, _bangkok(2026, 9, 30, 15, 0))
    first_day = log(centre_a, _bangkok(2026, 10, 1, 9, 0))
    late_entry = log(centre_a, _bangkok(2026, 9, 30, 16, 0))  # logged late for the old year
    next_one = log(centre_a, _bangkok(2026, 10, 2, 9, 0))

    assert last_day.reference == "5001-2569-00001"
    assert first_day.reference == "5001-2570-00001"
    assert late_entry.reference == "5001-2569-00002"
    assert next_one.reference == "5001-2570-00002"
    assert (last_day.fiscal_year, first_day.fiscal_year) == (2569, 2570)


def test_the_year_follows_the_bangkok_date_not_the_utc_date(log, centre_a):
    # 30 Sep 2026 23:30 in Bangkok is 16:30 UTC: still fiscal year 2569.
    late_evening = log(centre_a, datetime(2026, 9, 30, 16, 30, tzinfo=UTC))
    # 1 Oct 2026 00:30 in Bangkok is still 30 Sep (17:30) in UTC: already fiscal year 2570.
    after_midnight = log(centre_a, datetime(2026, 9, 30, 17, 30, tzinfo=UTC))

    assert late_evening.reference == "5001-2569-00001"
    assert after_midnight.reference == "5001-2570-00001"


def test_the_year_follows_the_bangkok_date_given_in_bangkok_time(log, centre_a):
    assert log(centre_a, _bangkok(2026, 9, 30, 23, 30)).fiscal_year == 2569
    assert log(centre_a, _bangkok(2026, 10, 1, 0, 30)).fiscal_year == 2570


def test_a_failed_save_leaves_no_gap(log, centre_a):
    first = log(centre_a, _bangkok(2026, 11, 3, 10, 0))
    crash = mock.patch.object(StatusChange.objects, "create", side_effect=RuntimeError("crash"))
    with crash, pytest.raises(RuntimeError):
        log(centre_a, _bangkok(2026, 11, 3, 10, 5))
    assert ServiceRequest.objects.count() == 1

    second = log(centre_a, _bangkok(2026, 11, 3, 10, 10))

    assert [first.reference, second.reference] == ["5001-2570-00001", "5001-2570-00002"]
    counter = ReferenceCounter.objects.get(centre=centre_a, fiscal_year=2570)
    assert counter.last_value == 2


def test_a_refused_request_takes_no_number(log, centre_a, centre_b, staff):
    log(centre_a, _bangkok(2026, 11, 3, 10, 0))
    from services.actions import ActionRefused

    with pytest.raises(ActionRefused):
        create_request(
            centre=centre_a,
            client=ClientGroupFactory(centre=centre_b),
            service_type=ServiceTypeFactory(),
            channel=Channel.ONSITE,
            urgency=Urgency.NORMAL,
            subject="x",
            by=staff,
            received_at=_bangkok(2026, 11, 3, 11, 0),
        )
    assert log(centre_a, _bangkok(2026, 11, 3, 12, 0)).reference == "5001-2570-00002"


# Parallel saves: only PostgreSQL runs transactions truly at once.

THREADS = 8
PER_THREAD = 5


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel saves need PostgreSQL (SQLite serialises writers); CI runs this",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_saves_never_duplicate_or_skip_a_reference(centre_a):
    staff_ids = []
    for n in range(THREADS):
        user = UserFactory(username=f"parallel-staff-{n}")
        MembershipFactory(user=user, centre=centre_a, role=Role.STAFF)
        staff_ids.append(user.pk)
    group = ClientGroupFactory(centre=centre_a)
    service_type = ServiceTypeFactory()
    received_at = _bangkok(2026, 11, 3, 10, 0)
    start = threading.Barrier(THREADS)
    references: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def save_five(user_id: int) -> None:
        try:
            by = get_user_model().objects.get(pk=user_id)  # this thread's own connection
            start.wait(timeout=30)
            for n in range(PER_THREAD):
                request = create_request(
                    centre=centre_a,
                    client=group,
                    service_type=service_type,
                    channel=Channel.ONSITE,
                    urgency=Urgency.NORMAL,
                    subject=f"คำขอพร้อมกัน {user_id}-{n}",
                    by=by,
                    received_at=received_at,
                )
                with lock:
                    references.append(request.reference)
        except BaseException as error:  # reported by the main thread
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save_five, args=(pk,)) for pk in staff_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    total = THREADS * PER_THREAD
    assert len(references) == total
    assert sorted(references) == [f"5001-2570-{n:05d}" for n in range(1, total + 1)]
    saved = ServiceRequest.objects.filter(centre=centre_a, fiscal_year=2570)
    assert sorted(saved.values_list("sequence", flat=True)) == list(range(1, total + 1))
    assert ReferenceCounter.objects.get(centre=centre_a, fiscal_year=2570).last_value == total
