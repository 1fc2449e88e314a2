"""seed_national never writes into real data, and replaces only what it generated itself."""

from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from benchmarks.models import NationalDataset
from services.models import ServiceRequest
from tests.benchmarks.conftest import make_country, postgresql_only
from tests.clients.factories import PersonFactory


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal of other databases")
def test_it_refuses_a_database_other_than_postgresql(db):
    make_country()
    with pytest.raises(CommandError, match="PostgreSQL's COPY"):
        call_command("seed_national", scale=0.01)
    assert not NationalDataset.objects.exists()


@postgresql_only
def test_it_refuses_a_database_that_holds_real_data(db):
    centre = make_country()[0]
    PersonFactory(centre=centre)
    with pytest.raises(CommandError, match="persons that seed_national did not generate"):
        call_command("seed_national", scale=0.01)
    assert not NationalDataset.objects.exists()
    assert not ServiceRequest.objects.exists()


@postgresql_only
def test_it_asks_for_the_centres_first(db):
    with pytest.raises(CommandError, match="create_centres"):
        call_command("seed_national", scale=0.01)


@postgresql_only
def test_it_replaces_its_own_data_with_the_same_rows_on_a_second_run(db):
    """The same seed at the same moment gives the same data: the dates follow "now"."""
    make_country()
    rows = ServiceRequest.objects.order_by("reference").values_list("reference", "status")
    with time_machine.travel(timezone.now(), tick=False):  # the suite's clock, stopped
        call_command("seed_national", scale=0.005, seed=7, stdout=StringIO())
        first = list(rows)
        call_command("seed_national", scale=0.005, seed=7, stdout=StringIO())
        second = list(rows)
    assert first and first == second
    assert NationalDataset.objects.count() == 1
