"""Writes at once on PostgreSQL: staff logging requests at the same centre, a colleague moving
requests and an administrator's rebuild end with roll-ups equal to a recount, and never in a
deadlock (the recount's FOR NO KEY UPDATE on the centre does not block the inserts of rows that
refer to it, and every writer takes its locks in the same order)."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from centres.models import Role
from reports.consistency import differences
from reports.maintenance import rebuild
from reports.models import Tally
from services.actions import create_request, transition_request
from services.models import Channel, ServiceRequest, Status, Urgency
from tests.centres.factories import MembershipFactory, UserFactory
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import ServiceTypeFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel writers need PostgreSQL (SQLite serialises them); CI runs this",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LOGGERS = 6
PER_LOGGER = 4


def _run_at_once(jobs) -> list[BaseException]:
    """Run each job in its own thread (its own connection), all released at once."""
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(job) -> None:
        try:
            start.wait(timeout=30)
            job()
        except BaseException as error:  # reported by the main thread
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer is stuck"
    return errors


def test_it_keeps_the_roll_ups_consistent_under_parallel_logging_moves_and_a_rebuild(
    centre_a, centre_b, head
):
    users = []
    for n in range(LOGGERS):
        user = UserFactory(username=f"parallel-{n}")
        MembershipFactory(user=user, centre=centre_a, role=Role.STAFF)
        users.append(user.pk)
    group, advice = ClientGroupFactory(centre=centre_a), ServiceTypeFactory(code="advice")
    User = get_user_model()

    def log(user_id: int, count: int = PER_LOGGER) -> None:
        by = User.objects.get(pk=user_id)
        for n in range(count):
            create_request(
                centre=centre_a,
                client=group,
                service_type=advice,
                channel=Channel.ONSITE,
                urgency=Urgency.URGENT if n % 2 else Urgency.NORMAL,
                subject=f"คำขอพร้อมกัน {user_id}-{n}",
                by=by,
                assigned_to=by if n % 3 == 0 else None,
            )

    log(users[0], 6)  # requests the mover can work on while the others are logged
    waiting = list(ServiceRequest.objects.values_list("pk", flat=True))

    def move() -> None:
        by = User.objects.get(pk=head.pk)
        for pk in waiting:
            transition_request(ServiceRequest.objects.get(pk=pk), to=Status.IN_PROGRESS, by=by)

    def rebuild_twice() -> None:
        for _ in range(2):
            rebuild([centre_a.pk, centre_b.pk])

    jobs = [lambda pk=pk: log(pk) for pk in users] + [move, rebuild_twice]
    errors = _run_at_once(jobs)

    assert errors == []
    total = 6 + LOGGERS * PER_LOGGER
    assert ServiceRequest.objects.filter(centre=centre_a).count() == total
    received = Tally.objects.get(centre=centre_a, month=0, measure="requests.received")
    assert received.value == total
    moved = Tally.objects.get(centre=centre_a, month=0, measure="requests.status.in_progress")
    assert moved.value == 6
    assert differences() == []
