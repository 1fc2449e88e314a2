"""Exports read from a real streaming replica, which refuses writes (PostgreSQL with
DATABASE_REPLICA_URL only: CI starts one with pg_basebackup; skipped otherwise).

How the test reaches the replica: the ``replica`` alias has TEST MIRROR = "default", and
Django's mirror copies only the primary's test database NAME (test_portal), keeping the
replica's own host and port. The primary's CREATE DATABASE test_portal and its migrations
stream to the replica like any other change, so ``connections["replica"]`` is the replica's
copy of the test database, and no test database is ever created on the replica (it could not
be: it is read-only). Ordinary tests never read it: they write in a transaction the replica
cannot see, so tests/conftest.py sets REPORTING_DATABASE to "default". These tests commit
(transaction=True), wait for the replica to replay the primary's WAL, and turn it back on.
"""

import time

import pytest
from django.conf import settings
from django.db import DatabaseError, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import ClientGroup
from tests.clients.factories import ClientGroupFactory

pytestmark = [
    pytest.mark.skipif(
        "replica" not in settings.DATABASES
        or connections["default"].vendor != "postgresql"
        or settings.DATABASES["replica"]["PORT"] == settings.DATABASES["default"]["PORT"]
        and settings.DATABASES["replica"]["HOST"] == settings.DATABASES["default"]["HOST"],
        reason="needs a real PostgreSQL streaming replica (DATABASE_REPLICA_URL)",
    ),
    # Committed rows, so that they stream; serialized_rollback like the other transactional
    # test (tests/services/test_reference_numbers.py): a flush without it recreates the
    # content types under new ids, which that test's restore of the database then collides with.
    pytest.mark.django_db(
        transaction=True, serialized_rollback=True, databases=["default", "replica"]
    ),
]

REPLAY_WAIT_SECONDS = 10


def _wait_for_the_replica() -> None:
    """Until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (written,) = cursor.fetchone()
    deadline = time.perf_counter() + REPLAY_WAIT_SECONDS
    with connections["replica"].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
            if cursor.fetchone()[0]:
                return
            if time.perf_counter() > deadline:
                pytest.fail(f"the replica did not replay {written} in {REPLAY_WAIT_SECONDS} s")
            time.sleep(0.02)


def test_it_connects_the_replica_alias_to_a_standby_of_the_test_database():
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_database()")
        in_recovery, name = cursor.fetchone()

    assert in_recovery is True
    assert name == connections["default"].settings_dict["NAME"]


def test_it_exports_a_committed_row_read_through_the_replica(client, staff, centre_a, settings):
    ClientGroupFactory(centre=centre_a, name="กลุ่มอ่านจากสำเนา")
    _wait_for_the_replica()
    settings.REPORTING_DATABASE = "replica"
    client.force_login(staff)

    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(reverse("clients:group-export", args=["csv"]))
        text = b"".join(response.streaming_content).decode("utf-8")

    assert response.status_code == 200
    assert "กลุ่มอ่านจากสำเนา" in text
    assert any("clients_clientgroup" in query["sql"] for query in on_replica.captured_queries)


def test_it_refuses_a_write_through_the_replica(centre_a):
    group = ClientGroupFactory(centre=centre_a, name="ชื่อเดิม")
    _wait_for_the_replica()

    with pytest.raises(DatabaseError, match="read-only transaction"):
        ClientGroup.objects.using("replica").filter(pk=group.pk).update(name="ชื่อใหม่")

    group.refresh_from_db()
    assert group.name == "ชื่อเดิม"


def test_it_saves_an_object_read_from_the_replica_on_the_primary(centre_a):
    group = ClientGroupFactory(centre=centre_a, name="ชื่อเดิม")
    _wait_for_the_replica()
    read = ClientGroup.objects.using("replica").get(pk=group.pk)

    read.name = "แก้บนต้นฉบับ"
    read.save(update_fields=["name"])  # the router sends every write to the primary

    assert ClientGroup.objects.using("default").get(pk=group.pk).name == "แก้บนต้นฉบับ"
