"""The dashboards' reads of the roll-ups (reports.figures) are served by the roll-ups' indexes:
one centre's figures, a province's centres, the nation per province, a centre's months and its
backlog. On the small generated country (seed_national, which rebuilds the roll-ups at its end)
the planner rightly reads small tables whole, so, as in test_query_plans, the test asks with
``enable_seqscan`` off whether an index *can* serve each read: a sequential scan of a roll-up
table that remains has no index to use. The timings at national scale are in
docs/national-data.md."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centres.models import Centre
from portal.lib.fiscal import fiscal_year
from reports import figures
from reports.consistency import differences
from reports.models import Tally
from tests.benchmarks.conftest import make_country, postgresql_only

pytestmark = [postgresql_only, pytest.mark.date_sensitive]

ROLL_UPS = {"reports_tally", "reports_backlog"}
MAIN = ["requests.received", "requests.open", "requests.resolved", "requests.on_time"]


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        make_country()
        call_command("seed_national", scale=0.05, seed=5, stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def data(national, db):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")


def whole_reads(plan: dict) -> list[str]:
    """The plan's sequential scans of a roll-up table, and index reads of one without a
    condition (a whole index read in order)."""
    found = []
    table = plan.get("Relation Name")
    if table in ROLL_UPS:
        if plan["Node Type"] == "Seq Scan":
            found.append(f"Seq Scan on {table}")
        elif plan["Node Type"] in ("Index Scan", "Index Only Scan") and "Index Cond" not in plan:
            found.append(f"{plan['Node Type']} without a condition on {table}")
    for child in plan.get("Plans", []):
        found += whole_reads(child)
    return found


def problems(read) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        read()
    sql = [q["sql"] for q in captured.captured_queries if any(t in q["sql"] for t in ROLL_UPS)]
    assert sql, "the read asked no roll-up"
    found = []
    with connection.cursor() as cursor:
        for query in sql:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {query}")
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            found += [f"{problem}: {query[-200:]}" for problem in whole_reads(plan[0]["Plan"])]
    return found


def _year() -> int:
    return fiscal_year(timezone.localdate())


def _centre(code: str = "5001") -> int:
    return Centre.objects.get(district_id=code).pk


def _province(code: str = "50") -> list[int]:
    return list(Centre.objects.filter(district__province_id=code).values_list("pk", flat=True))


def test_the_generated_country_has_its_roll_ups_rebuilt(data):
    assert Tally.objects.filter(measure="requests.received", month=0).exists()
    assert differences() == []


@pytest.mark.parametrize("measures", [None, MAIN, ["requests.status.*"]], ids=repr)
@pytest.mark.parametrize("month", [0, 2])
def test_a_centres_figures_are_read_by_index(data, measures, month):
    assert (
        problems(lambda: figures.totals([_centre()], _year(), month=month, measures=measures)) == []
    )


@pytest.mark.parametrize("measures", [None, MAIN], ids=repr)
def test_a_provinces_centres_are_read_by_index(data, measures):
    ids = _province()
    assert problems(lambda: figures.totals(ids, _year(), measures=measures)) == []
    assert problems(lambda: figures.per_centre(ids, _year(), measures=measures)) == []


@pytest.mark.parametrize("measures", [MAIN, ["requests.received"], ["visits.*"]], ids=repr)
def test_the_nation_per_province_is_read_by_index(data, measures):
    assert problems(lambda: figures.per_province(_year(), measures=measures)) == []
    assert problems(lambda: figures.totals(None, _year(), measures=measures)) == []


def test_a_centres_months_and_backlog_are_read_by_index(data):
    year, centre = _year(), _centre()
    assert problems(lambda: figures.monthly([centre], year, MAIN)) == []
    assert problems(lambda: figures.backlog([centre], timezone.localdate())) == []
    assert problems(lambda: figures.backlog(_province(), timezone.localdate())) == []
