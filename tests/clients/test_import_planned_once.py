"""The import is planned once per batch of keys, never per row: a workbook of 200 rows a sheet
and one of 400 rows a sheet (groups, persons and their memberships, new villages among them)
go through upload, preview and confirmation within the same number of queries; and the rows
the bulk writer inserts are the rows Django and simple_history would have written."""

import pytest
from django.db import connection
from django.urls import reverse

from centres.models import Village
from clients.imports.columns import GROUPS, MEMBERSHIPS, PERSONS
from clients.imports.planning import plan_import
from clients.imports.reading import read_upload
from clients.imports.writing import ImportConflict, apply_import
from clients.models import ClientGroup, GroupMembership, Person
from tests.clients.factories import PersonFactory, valid_thai_id
from tests.clients.files import fixtures, rows_of, xlsx_file
from tests.clients.files.flow import preview, upload

media = fixtures.media
places = fixtures.places

# The three requests of a 200-row and of a 400-row workbook (sessions, scoping, the registry
# by key sets, one INSERT a table and one for its history, the audit event). SQLite takes
# 1,000 rows an INSERT too (the writer keeps under its 32,766 parameters); PostgreSQL takes
# the new ids of a table in one query, then COPYs its rows.
# The import itself, then the roll-ups recounting the centre (reports, through rows_written).
# The plan is made at the upload; the preview and the confirmation ask the registry's history
# whether it still holds (five queries each) rather than planning again.
FLOW_QUERIES = {"sqlite": 56, "postgresql": 60}  # measured: 56 and 60


def _workbook(rows: int):
    groups = [
        {
            "kind": "กลุ่มอาชีพ",
            "name": f"กลุ่มทอผ้า {n}",
            "registration_number": f"ชม.{n:04d}/2550" if n % 2 else "",
            "subdistrict_code": "500101" if n % 2 else "500102",
            "village_number": str(n % 30 + 1),
            "founded_on": "15/06/2550",
            "contact_phone": "0812345678",
            "member_count": "12",
        }
        for n in range(rows)
    ]
    persons = [
        {
            "title": "นาง",
            "first_name": f"สมศรี{n}",
            "last_name": "ใจดี",
            "national_id": valid_thai_id(n + 1),
            "phone": f"08{n:08d}",
            "birth_year": str(2480 + n % 60),
            "subdistrict_code": "500101",
            "village_number": str(n % 30 + 1),
            "consent_on": "01/11/2568",
        }
        for n in range(rows)
    ]
    members = [
        {
            "national_id": valid_thai_id(n + 1),
            "group_name": f"กลุ่มทอผ้า {n}",
            "role": "สมาชิก",
            "joined_on": "01/07/2550",
        }
        for n in range(rows)
    ]
    return xlsx_file(
        {
            "กลุ่ม": rows_of(GROUPS, groups),
            "บุคคล": rows_of(PERSONS, persons),
            "สมาชิกกลุ่ม": rows_of(MEMBERSHIPS, members),
        }
    )


@pytest.mark.parametrize("rows", [200, 400])
def test_it_imports_a_workbook_in_the_same_number_of_queries_for_200_and_400_rows(
    rows, client, staff, media, places, django_assert_max_num_queries
):
    client.force_login(staff)
    file = _workbook(rows)

    with django_assert_max_num_queries(FLOW_QUERIES[connection.vendor]):
        token = upload(client, file)
        plan = preview(client, token).context["plan"]
        response = client.post(reverse("clients:import-confirm", args=[token]))

    assert plan.errors == []
    assert response.url == reverse("clients:import-result")
    assert (ClientGroup.objects.count(), Person.objects.count()) == (rows, rows)
    assert GroupMembership.objects.count() == rows
    assert Village.objects.count() == 45  # หมู่ 1–30 of 500101 (หมู่ 3 known), 15 of 500102
    for model in (ClientGroup, Person, GroupMembership):
        assert model.history.filter(history_type="+", history_user=staff).count() == rows


def test_it_writes_the_rows_and_history_rows_django_would(client, staff, media, places):
    client.force_login(staff)
    token = upload(client, _workbook(2))
    client.post(reverse("clients:import-confirm", args=[token]))

    person = Person.objects.get(national_id=valid_thai_id(2))
    assert (person.centre, person.village.number, person.village.subdistrict_id) == (
        staff.memberships.get().centre,
        2,
        "500101",
    )
    assert (person.title, person.first_name, person.birth_year) == ("mrs", "สมศรี1", 2481)
    assert person.consent_recorded_by == staff
    assert person.created_at == person.updated_at
    record = person.history.get()
    assert (record.history_type, record.history_user, record.history_date) == (
        "+",
        staff,
        person.created_at,
    )
    assert record.history_change_reason == "นำเข้าจาก registry.xlsx"
    for field in Person.history.model.tracked_fields:
        assert getattr(record, field.attname) == getattr(person, field.attname), field.name
    membership = GroupMembership.objects.get(person=person)
    assert membership.group.name == "กลุ่มทอผ้า 1"
    assert membership.history.get().group_id == membership.group_id


def test_it_keeps_line_breaks_tabs_and_backslashes_of_long_texts(client, staff, media, places):
    """PostgreSQL receives the rows by COPY, whose text format escapes these."""
    client.force_login(staff)
    notes = "บรรทัดแรก\nบรรทัดที่สอง\tมีแท็บ \\ และ \\N ทับ"
    group = {
        "kind": "กลุ่มอาชีพ",
        "name": "กลุ่มทอผ้าบ้านป่าตาล",
        "subdistrict_code": "500101",
        "village_number": "3",
        "main_activity": "ทอผ้า\nย้อมคราม",
        "notes": notes,
    }
    token = upload(client, xlsx_file({"กลุ่ม": rows_of(GROUPS, [group])}))
    client.post(reverse("clients:import-confirm", args=[token]))

    saved = ClientGroup.objects.get()
    assert (saved.notes, saved.main_activity) == (notes, "ทอผ้า\nย้อมคราม")
    assert (saved.founded_on, saved.contact_phone) == (None, "")
    assert saved.history.get().notes == notes


def test_it_writes_nothing_when_an_id_was_registered_meanwhile(staff, media, places):
    """Someone saves the same national ID between the check and the write: the bulk insert
    trips the unique key, and nothing of the file is kept."""
    centre = staff.memberships.get().centre
    upload_ = read_upload(_workbook(3))
    plan = plan_import(upload_, centre=centre, user=staff)
    assert plan.is_valid
    PersonFactory(centre=centre, national_id=valid_thai_id(3))

    with pytest.raises(ImportConflict):
        apply_import(plan=plan, by=staff, reason="test")

    assert (ClientGroup.objects.count(), Person.objects.count()) == (0, 1)
    assert GroupMembership.objects.count() == 0
    assert Person.history.filter(history_user=staff).count() == 0
