"""A 5,000-row import reads the registry and writes in bulk: the number of queries grows with
the number of batches, never with the number of rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.imports.columns import PERSONS
from clients.models import Person
from tests.clients.factories import valid_thai_id
from tests.clients.files import fixtures, rows_of, xlsx_file
from tests.clients.files.flow import preview, upload

media = fixtures.media
places = fixtures.places

ROWS = 5000


def _persons() -> list[dict]:
    return [
        {
            "first_name": f"สมศรี{n}",
            "last_name": "ใจดี",
            "national_id": valid_thai_id(n),
            "phone": f"08{n:08d}",
            "birth_year": str(2480 + n % 60),
            "gender": "หญิง",
            "subdistrict_code": "500101" if n % 2 else "500102",
            "village_number": str(n % 20 + 1),
            "consent_on": "01/11/2568",
        }
        for n in range(1, ROWS + 1)
    ]


def _query_limit() -> int:
    """SQLite takes at most 999 parameters per statement, so Django sends ~66 persons (and
    ~55 history rows) per INSERT there; PostgreSQL takes the 500 asked for."""
    return 250 if connection.vendor == "sqlite" else 100


def test_it_imports_5000_persons_in_a_bounded_number_of_queries(
    client, staff, media, places, django_assert_max_num_queries
):
    client.force_login(staff)
    token = upload(client, xlsx_file({"บุคคล": rows_of(PERSONS, _persons())}))
    assert preview(client, token).context["plan"].counts[PERSONS].create == ROWS

    with django_assert_max_num_queries(_query_limit()):
        response = client.post(reverse("clients:import-confirm", args=[token]))

    assert response.status_code == 302
    assert Person.objects.count() == ROWS
    assert Person.history.filter(history_user=staff).count() == ROWS


def test_importing_5000_persons_again_reads_them_in_a_few_queries(
    client, staff, media, places, django_assert_max_num_queries
):
    client.force_login(staff)
    file_rows = rows_of(PERSONS, _persons())
    token = upload(client, xlsx_file({"บุคคล": file_rows}))
    client.post(reverse("clients:import-confirm", args=[token]))
    token = upload(client, xlsx_file({"บุคคล": file_rows}))

    with django_assert_max_num_queries(30):
        plan = preview(client, token).context["plan"]

    assert plan.counts[PERSONS].unchanged == ROWS


def _preview_queries(client, rows: list[dict]) -> int:
    token = upload(client, xlsx_file({"บุคคล": rows_of(PERSONS, rows)}))
    with CaptureQueriesContext(connection) as queries:
        preview(client, token)
    return len(queries)


def test_the_preview_runs_the_same_queries_for_800_rows_as_for_100(client, staff, media, places):
    """Registry lookups go by key sets, LOOKUP_CHUNK (900) keys a query, SQLite's cap: the
    count grows with chunks of 900 rows, never with rows."""
    client.force_login(staff)
    persons = _persons()

    assert _preview_queries(client, persons[:800]) == _preview_queries(client, persons[:100])
