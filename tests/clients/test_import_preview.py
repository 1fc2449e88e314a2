"""The import preview lists the rows that will create or update a record, a page at a time,
with what each update changes; rows left unchanged are only counted."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.imports.columns import GROUPS, PERSONS
from clients.models import Person
from clients.views.spreadsheets import ROWS_PER_PAGE
from tests.clients.factories import ClientGroupFactory, PersonFactory, valid_thai_id
from tests.clients.files import csv_file, fixtures, rows_of, xlsx_file
from tests.clients.files.flow import upload

media = fixtures.media
places = fixtures.places


def _persons(count: int) -> list[dict]:
    return [
        {
            "first_name": f"สมศรี{n:03d}",
            "last_name": "ใจดี",
            "national_id": valid_thai_id(n),
            "subdistrict_code": "500101",
            "village_number": "3",
        }
        for n in range(1, count + 1)
    ]


def _page(client, token: str, number: int | None = None):
    url = reverse("clients:import-preview", args=[token])
    response = client.get(url, {"page": number} if number else {})
    assert response.status_code == 200
    return response


def test_it_lists_new_and_updated_rows_with_the_columns_changed(client, staff, centre_a, places):
    client.force_login(staff)
    ClientGroupFactory(
        centre=centre_a,
        name="กลุ่มเดิม",
        registration_number="R-1",
        contact_phone="",
        village__subdistrict=places,
        village__number=3,
    )
    rows = [
        {"kind": "กลุ่มอาชีพ", "name": "กลุ่มใหม่", "subdistrict_code": "500101", "village_number": "3"},
        {
            "kind": "กลุ่มอาชีพ",
            "name": "กลุ่มเดิม",
            "registration_number": "R-1",
            "subdistrict_code": "500101",
            "village_number": "3",
            "contact_phone": "081-234-5678",
        },
    ]
    token = upload(client, csv_file(rows_of(GROUPS, rows), name="g.csv"))

    response = _page(client, token)

    assert [(r.row, r.action, r.label, r.changed) for _t, r in response.context["planned"]] == [
        (2, "create", "กลุ่มใหม่", ()),
        (3, "update", "กลุ่มเดิม", ("โทรศัพท์",)),
    ]
    page = response.content.decode()
    assert 'id="import-rows"' in page and "กลุ่มใหม่" in page and "โทรศัพท์" in page


def test_it_pages_the_rows_to_be_saved_and_never_shows_an_id(client, staff, media, places):
    client.force_login(staff)
    count = ROWS_PER_PAGE * 2 + 7
    token = upload(client, xlsx_file({"บุคคล": rows_of(PERSONS, _persons(count))}))

    first, last = _page(client, token), _page(client, token, 3)

    assert [r.row for _t, r in first.context["planned"]] == list(range(2, ROWS_PER_PAGE + 2))
    assert [r.label for _t, r in last.context["planned"]][-1] == f"สมศรี{count:03d} ใจดี"
    assert len(last.context["planned"]) == 7
    assert first.context["page"].paginator.num_pages == 3
    assert "?page=2" in first.content.decode()
    assert valid_thai_id(1) not in first.content.decode()
    assert not Person.objects.exists()


def test_it_lists_the_good_rows_of_a_file_with_problems_too(client, staff, media, places):
    client.force_login(staff)
    rows = [*_persons(2), {**_persons(3)[2], "village_number": "120"}]
    token = upload(client, csv_file(rows_of(PERSONS, rows), name="p.csv"))

    response = _page(client, token)

    assert [r.row for _t, r in response.context["planned"]] == [2, 3]
    assert [e.row for e in response.context["plan"].errors] == [4]
    assert reverse("clients:import-confirm", args=[token]) not in response.content.decode()


def test_it_lists_nothing_for_a_file_already_in_the_registry(client, staff, centre_a, places):
    client.force_login(staff)
    PersonFactory(
        centre=centre_a,
        first_name="สมศรี001",
        last_name="ใจดี",
        national_id=valid_thai_id(1),
        village__subdistrict=places,
        village__number=3,
    )
    token = upload(client, csv_file(rows_of(PERSONS, _persons(1)), name="p.csv"))

    response = _page(client, token)

    assert response.context["plan"].counts[PERSONS].unchanged == 1
    assert response.context["planned"] == []
    assert 'id="import-rows"' not in response.content.decode()


def test_it_answers_404_for_another_users_preview(client, staff, outsider, media, places):
    client.force_login(staff)
    token = upload(client, csv_file(rows_of(PERSONS, _persons(3)), name="p.csv"))
    client.force_login(outsider)
    response = client.get(reverse("clients:import-preview", args=[token]), {"page": 1})
    assert response.status_code == 404


def test_the_preview_takes_as_many_queries_for_twice_the_rows(
    client, staff, media, places, django_assert_num_queries
):
    client.force_login(staff)
    small = upload(client, xlsx_file({"บุคคล": rows_of(PERSONS, _persons(60))}))
    big = upload(client, xlsx_file({"บุคคล": rows_of(PERSONS, _persons(120))}))
    _page(client, small)  # warm the session and the caches alike
    _page(client, big)

    with CaptureQueriesContext(connection) as queries:
        _page(client, small, 2)
    with django_assert_num_queries(len(queries)):
        _page(client, big, 2)
