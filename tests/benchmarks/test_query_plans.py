"""Every list page's queries can be served by indexes: none reads a whole big table or sorts it.

A generated data set (seed_national on the small country of tests/benchmarks/conftest.py) is
built once for the module in a transaction rolled back at the end, and ANALYZEd. Each page is
opened as the demo users (staff and head of 5001, the provincial officer of 50, the
administrator); its SQL is captured and EXPLAINed.

The set is small, so on it the planner rightly reads small tables whole. The test asks
instead whether an index *can* serve each query: with ``enable_seqscan`` off, a Seq Scan of a
big table that remains has no index to use, and an index read without an index condition that
no LIMIT bounds is a whole-table read too; then, with ``enable_sort`` off as well, a Sort of a
big table that remains has no index to give its order. The benchmark at
national scale checks the planner's real choices (issue 8).
"""

import json
from io import StringIO

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.models import ServiceRequest
from tests.benchmarks.conftest import make_country, postgresql_only

pytestmark = [postgresql_only, pytest.mark.date_sensitive]

BIG_TABLES = {
    "services_servicerequest",
    "services_statuschange",
    "services_requestnote",
    "services_visit",
    "services_visit_villages",
    "services_visit_groups",
    "services_visit_staff",
    "services_visit_served_requests",
    "services_attachment",
    "clients_clientgroup",
    "clients_person",
    "clients_groupmembership",
    "clients_product",
    "clients_groupsnapshot",
}
SCANS = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"}
# Partial indexes of a few rows of a big table by design: read whole, they read only those
# (the reopenings: about 30,000 of 20 million status changes at national scale).
SMALL_PARTIAL_INDEXES = {"statuschange_reopened"}


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        make_country()
        call_command("seed_national", scale=0.05, seed=5, stdout=StringIO())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def data(national, db):
    with connection.cursor() as cursor:  # ask whether an index can serve (module docstring)
        cursor.execute("SET LOCAL enable_seqscan = off")


def whole_reads(plan: dict, *, sorts: bool, bounded: bool = False) -> list[str]:
    """The plan's nodes that read a whole big table (or, with ``sorts``, that sort one), as
    "<node> on <table>"."""
    found = []
    node = plan["Node Type"]
    bounded = bounded or node == "Limit"
    table = plan.get("Relation Name")
    if not sorts and table in BIG_TABLES and node in SCANS:
        indexed = "Index Cond" in plan or "Recheck Cond" in plan
        small = plan.get("Index Name") in SMALL_PARTIAL_INDEXES
        if node == "Seq Scan" or not (indexed or bounded or small):
            index = f" using {plan['Index Name']}" if "Index Name" in plan else ""
            found.append(f"{node}{index} on {table} ({plan.get('Filter', '')})")
    children = plan.get("Plans", [])
    if sorts and node == "Sort" and _tables(plan):
        found.append(f"Sort of {', '.join(sorted(_tables(plan)))}")
    for child in children:
        below = child.get("Parent Relationship") not in ("SubPlan", "InitPlan")
        found += whole_reads(child, sorts=sorts, bounded=bounded and below)
    return found


def _tables(plan: dict) -> set[str]:
    tables = {plan["Relation Name"]} if plan.get("Relation Name") in BIG_TABLES else set()
    for child in plan.get("Plans", []):
        tables |= _tables(child)
    return tables


def page_problems(
    client, username: str, url: str, params: dict | None = None, *, judged=lambda sql: True
) -> list[str]:
    client.force_login(get_user_model().objects.get(username=username))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
        if response.streaming:  # an export reads its rows as it is sent
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, params)
    problems = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            if not any(f'"{table}"' in sql for table in BIG_TABLES) or not judged(sql):
                continue
            # Scans as planned with sorting allowed; then whether an index gives each order.
            for sorts in (False, True):
                cursor.execute(f"SET LOCAL enable_sort = {'off' if sorts else 'on'}")
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                found = whole_reads(plan[0]["Plan"], sorts=sorts)
                problems += [f"{problem}: {sql[-300:]}" for problem in found]
    return problems


REQUESTS = reverse("services:request-list")
GROUPS = reverse("clients:group-list")
PERSONS = reverse("clients:person-list")
VISITS = reverse("services:visit-list")
PEOPLE = ("staff", "province", "admin")


def _a_reference() -> str:
    return ServiceRequest.objects.filter(centre__district_id="5001").values_list(
        "reference", flat=True
    )[0]


@pytest.mark.parametrize("username", PEOPLE)
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "received", "sort": "due"},
        {"status": "open", "sort": "due"},
        {"sort": "due"},
        {"q": "น้ำพริกเผา"},  # a word few rows hold: a common one is rightly read in full
        {"q": "สมศักดิ์"},
        {"subdistrict": "500101"},
        {"fiscal_year": "2569", "month": "11"},
        {"page": "3"},
        {"centre": "5001", "status": "open"},  # the province comparison's links
        {"centre": "5001", "overdue": "yes"},
    ],
    ids=repr,
)
def test_the_request_list_reads_no_whole_table(client, data, username, params):
    assert page_problems(client, username, REQUESTS, params) == []


@pytest.mark.parametrize("username", PEOPLE)
def test_a_reference_is_found_by_its_index(client, data, username):
    reference = _a_reference()
    assert page_problems(client, username, REQUESTS, {"q": reference[:10]}) == []
    assert page_problems(client, username, REQUESTS, {"q": reference}) == []


@pytest.mark.parametrize("username", PEOPLE)
@pytest.mark.parametrize(
    ("url", "params"),
    [
        (GROUPS, {}),
        (GROUPS, {"q": "น้ำพริกเผา"}),
        (GROUPS, {"kind": "otop", "subdistrict": "500101"}),
        (PERSONS, {}),
        (PERSONS, {"q": "สมศักดิ์"}),
        (PERSONS, {"q": "081"}),
        (VISITS, {}),
        (VISITS, {"when": "all", "status": "done"}),
    ],
    ids=repr,
)
def test_the_registry_and_visit_lists_read_no_whole_table(client, data, username, url, params):
    assert page_problems(client, username, url, params) == []


@pytest.mark.parametrize("username", ["staff", "head"])
def test_my_work_reads_no_whole_table(client, data, username):
    assert page_problems(client, username, reverse("services:my-work")) == []


@pytest.mark.parametrize(
    ("model", "params"),
    [
        ("services_servicerequest", {}),
        ("services_servicerequest", {"status__exact": "received"}),
        # The admin's search is the request list's (ServiceRequest.objects.search), tested above.
        ("services_visit", {}),
        ("clients_clientgroup", {}),
        ("clients_clientgroup", {"province": "50"}),
        ("clients_person", {}),
        ("clients_person", {"q": "สมศักดิ์"}),
    ],
    ids=repr,
)
def test_the_admin_changelists_read_no_whole_table(client, data, model, params, monkeypatch):
    url = reverse(f"admin:{model}_changelist")
    model_admin = admin.site._registry[apps.get_model(*model.split("_", 1))]
    monkeypatch.setattr(model_admin, "list_per_page", 1)  # paged (LIMIT), as on the big tables
    assert page_problems(client, "admin", url, params) == []


@pytest.mark.parametrize("username", PEOPLE)
@pytest.mark.parametrize(
    ("url", "params"),
    [
        (reverse("services:request-export"), {"format": "csv"}),
        (reverse("services:request-export"), {"format": "csv", "fiscal_year": "2569"}),
        (reverse("services:request-export"), {"format": "csv", "status": "open", "sort": "due"}),
        (reverse("services:visit-export"), {"format": "csv", "when": "all"}),
        (reverse("clients:group-export", args=["csv"]), {}),
        (reverse("clients:person-export", args=["csv"]), {}),
    ],
    ids=repr,
)
def test_an_exports_chunks_are_read_by_indexes(client, data, username, url, params, monkeypatch):
    """Every chunk of an export (portal.lib.keyset) is its list's query with a LIMIT and a
    bound on its sort keys: small chunks here, so that the bounded ones are EXPLAINed too.
    Judged: the chunks. The visits' links are then read by the chunk's ids (``visit_id = ANY``);
    on this small country a chunk's visits hold most links, and the planner rightly reads the
    link tables whole (at national scale it reads them by their visit index)."""
    monkeypatch.setattr("services.exports.CHUNK_SIZE", 50)
    monkeypatch.setattr("services.exports.VISIT_CHUNK_SIZE", 50)
    monkeypatch.setattr("clients.exports.CHUNK_SIZE", 50)
    chunks = page_problems(client, username, url, params, judged=lambda sql: " LIMIT " in sql)
    assert chunks == []


def test_the_database_sees_thai_letters_so_trigrams_serve_thai_search(db):
    """pg_trgm takes its letters from LC_CTYPE: under "C" a Thai word has no trigram, and the
    search indexes serve no Thai search (create the database with LC_CTYPE C.UTF-8)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm('น้ำพริก'), current_setting('lc_ctype')")
        trigrams, ctype = cursor.fetchone()
    assert trigrams, f"LC_CTYPE is {ctype}: pg_trgm sees no Thai letter"


@pytest.mark.parametrize(
    ("username", "url", "params"),
    [
        ("province", reverse("reports:province", args=["50"]), {}),
        ("province", reverse("reports:province", args=["50"]), {"month": "2", "sort": "-on_time"}),
        # The national page sums a whole fiscal year's cells per province, joined to the
        # centres: with scans off the planner walks the centre index for the join, so its
        # plans are judged at national scale by the load benchmark's in-process pass.
    ],
    ids=repr,
)
def test_the_province_comparison_reads_the_roll_ups_by_their_indexes(
    client, data, username, url, params, monkeypatch
):
    monkeypatch.setattr(
        "tests.benchmarks.test_query_plans.BIG_TABLES", BIG_TABLES | {"reports_tally"}
    )
    assert page_problems(client, username, url, params) == []
