"""Which database a query goes to: writes and migrations to the primary only, exports to the
reporting database (the replica when one is configured), nothing else to the replica."""

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, OperationalError
from django.urls import reverse
from django.utils.connection import ConnectionDoesNotExist

from portal.db import PrimaryReplicaRouter, is_statement_timeout, reporting_db

router = PrimaryReplicaRouter()


def test_it_sends_every_write_to_the_primary():
    read_on_the_replica = User(username="r")
    read_on_the_replica._state.db = "replica"

    assert router.db_for_write(User) == "default"
    assert router.db_for_write(User, instance=read_on_the_replica) == "default"


def test_it_leaves_reads_where_the_code_sent_them():
    assert router.db_for_read(User) is None  # Django's default: the primary, or .using()


def test_it_migrates_the_primary_only():
    assert router.allow_migrate("default", "services") is True
    assert router.allow_migrate("replica", "services") is False


def test_it_relates_objects_of_the_primary_and_the_replica():
    first, second = User(), User()
    first._state.db, second._state.db = "default", "replica"

    assert router.allow_relation(first, second) is True
    second._state.db = "elsewhere"
    assert router.allow_relation(first, second) is None


def test_it_reports_from_the_configured_database(settings):
    settings.REPORTING_DATABASE = "replica"
    assert reporting_db() == "replica"

    settings.REPORTING_DATABASE = "default"
    assert reporting_db() == "default"


class _Cause(Exception):
    def __init__(self, pgcode: str):
        self.pgcode = pgcode


def _wrapped(pgcode: str) -> OperationalError:
    error = OperationalError("canceling statement")
    error.__cause__ = _Cause(pgcode)
    return error


def test_it_tells_a_statement_timeout_from_other_database_errors():
    assert is_statement_timeout(_wrapped("57014")) is True
    assert is_statement_timeout(_wrapped("08006")) is False  # connection lost
    assert is_statement_timeout(DatabaseError("no cause")) is False
    assert is_statement_timeout(ValueError("57014")) is False


@pytest.mark.parametrize(
    "url",
    [
        reverse("services:request-export") + "?format=csv",
        reverse("services:visit-export") + "?format=csv",
        reverse("clients:group-export", args=["csv"]),
        reverse("clients:person-export", args=["csv"]),
    ],
)
def test_it_reads_every_export_from_the_reporting_database(client, staff, settings, url):
    # A reporting alias that does not exist proves that the export's rows are read through
    # reporting_db(): the replica when one is configured (tests/portal/test_replica.py).
    settings.REPORTING_DATABASE = "nowhere"
    client.force_login(staff)

    with pytest.raises(ConnectionDoesNotExist):
        response = client.get(url)
        b"".join(response.streaming_content) if response.streaming else response.content
