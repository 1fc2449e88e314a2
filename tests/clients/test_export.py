"""Exports of the group and person lists: Thai headers, BE dates, only the rows the user may
see and the list's filters, national IDs masked for staff and left out for the others."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from clients.models import GroupKind
from tests.clients.factories import ClientGroupFactory, PersonFactory, valid_thai_id

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_rows(response) -> list[list]:
    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [["" if v is None else v for v in row] for row in sheet.values]


def _csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")  # Excel needs it to read Thai
    *rows, trailer = list(csv.reader(io.StringIO(content[1:])))
    assert trailer == [f"# {len(rows) - 1} rows, complete"]
    return rows


def _export(client, name: str, fmt: str, query: str = ""):
    return client.get(reverse(f"clients:{name}-export", args=[fmt]) + query)


def _rows(client, name: str, fmt: str, query: str = "") -> list[dict]:
    response = _export(client, name, fmt, query)
    assert response.status_code == 200
    rows = _xlsx_rows(response) if fmt == "xlsx" else _csv_rows(response)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def groups(centre_a, centre_b):
    savings = ClientGroupFactory(
        centre=centre_a,
        kind=GroupKind.SAVINGS,
        name="กลุ่มออมทรัพย์บ้านป่าตาล",
        registration_number="ชม.0012/2550",
        founded_on=date(2007, 6, 15),
        contact_phone="0812345678",
        member_count=45,
    )
    weaving = ClientGroupFactory(centre=centre_a, name="กลุ่มทอผ้าบ้านดอน")
    elsewhere = ClientGroupFactory(centre=centre_b, name="กลุ่มของศูนย์ ข")
    return savings, weaving, elsewhere


@pytest.fixture
def persons(centre_a, centre_b):
    somsri = PersonFactory(
        centre=centre_a,
        title="mrs",
        first_name="สมศรี",
        national_id=valid_thai_id(1),
        birth_year=2510,
        gender="female",
        consent_on=date(2025, 11, 1),
    )
    PersonFactory(centre=centre_a, first_name="สมชาย")
    PersonFactory(centre=centre_b, first_name="คนศูนย์ข", national_id=valid_thai_id(2))
    return somsri


@pytest.mark.parametrize("name", ["group", "person"])
def test_it_needs_a_login(client, name):
    assert _export(client, name, "csv").status_code == 302


@pytest.mark.parametrize("name", ["group", "person"])
def test_it_answers_404_for_another_format(client, staff, name):
    client.force_login(staff)

    assert _export(client, name, "pdf").status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_group_export_has_thai_headers_and_be_dates(client, staff, groups, fmt):
    client.force_login(staff)

    rows = _rows(client, "group", fmt)

    savings = next(row for row in rows if row["ชื่อกลุ่ม"] == "กลุ่มออมทรัพย์บ้านป่าตาล")
    assert savings["ประเภทกลุ่ม"] == "กลุ่มออมทรัพย์เพื่อการผลิต"
    assert savings["เลขทะเบียน"] == "ชม.0012/2550"
    assert savings["วันที่ก่อตั้ง"] == "15/06/2550"
    assert savings["สถานะ"] == "ดำเนินการอยู่"
    assert savings["โทรศัพท์"] == "081-234-5678"
    assert str(savings["จำนวนสมาชิก"]) == "45"
    assert savings["ศูนย์"] == groups[0].centre.name


def test_an_export_has_only_the_rows_the_user_may_see(client, outsider, staff, groups):
    client.force_login(outsider)
    assert [row["ชื่อกลุ่ม"] for row in _rows(client, "group", "xlsx")] == ["กลุ่มของศูนย์ ข"]

    client.force_login(staff)
    names = {row["ชื่อกลุ่ม"] for row in _rows(client, "group", "csv")}
    assert names == {"กลุ่มออมทรัพย์บ้านป่าตาล", "กลุ่มทอผ้าบ้านดอน"}


def test_a_user_without_membership_exports_an_empty_list(client, nobody, groups):
    client.force_login(nobody)

    assert _rows(client, "group", "csv") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=savings", {"กลุ่มออมทรัพย์บ้านป่าตาล"}),
        ("?q=ทอผ้า", {"กลุ่มทอผ้าบ้านดอน"}),
        ("?q=ชม.0012", {"กลุ่มออมทรัพย์บ้านป่าตาล"}),
        ("?kind=savings&q=ทอผ้า", set()),
        ("?status=dissolved", set()),
        ("?page=3", {"กลุ่มออมทรัพย์บ้านป่าตาล", "กลุ่มทอผ้าบ้านดอน"}),
    ],
)
def test_a_group_export_applies_the_list_filters(client, staff, groups, query, expected):
    client.force_login(staff)

    assert {row["ชื่อกลุ่ม"] for row in _rows(client, "group", "csv", query)} == expected


def test_a_person_export_masks_the_ids_for_staff(client, staff, persons):
    client.force_login(staff)

    rows = _rows(client, "person", "xlsx")

    somsri = next(row for row in rows if row["ชื่อ"] == "สมศรี")
    assert somsri["เลขประจำตัวประชาชน"] == f"x-xxxx-xxxxx-xx-{valid_thai_id(1)[-1]}"
    assert somsri["คำนำหน้า"] == "นาง"
    assert somsri["เพศ"] == "หญิง"
    assert str(somsri["ปีเกิด (พ.ศ.)"]) == "2510"
    assert somsri["วันที่ให้ความยินยอม"] == "01/11/2568"
    assert {row["ชื่อ"] for row in rows} == {"สมศรี", "สมชาย"}
    content = b"".join(_export(client, "person", "xlsx").streaming_content)
    assert valid_thai_id(1).encode() not in content


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_person_export_has_no_id_column_for_readers(client, request, persons, persona, fmt):
    client.force_login(request.getfixturevalue(persona))

    rows = _rows(client, "person", fmt)

    assert {row["ชื่อ"] for row in rows} == {"สมศรี", "สมชาย"}
    assert all("เลขประจำตัวประชาชน" not in row for row in rows)


def test_a_person_export_applies_the_list_filters(client, staff, persons):
    client.force_login(staff)

    assert [row["ชื่อ"] for row in _rows(client, "person", "csv", "?q=สมศรี")] == ["สมศรี"]
    assert [row["ชื่อ"] for row in _rows(client, "person", "csv", "?has_consent=no")] == ["สมชาย"]
    by_id = _rows(client, "person", "csv", f"?q={valid_thai_id(1)}")
    assert [row["ชื่อ"] for row in by_id] == ["สมศรี"]


def test_a_cell_that_would_run_as_a_formula_stays_text(client, staff, centre_a):
    ClientGroupFactory(centre=centre_a, name='=HYPERLINK("http://x","y")')
    client.force_login(staff)

    [csv_row] = _rows(client, "group", "csv")
    [xlsx_row] = _rows(client, "group", "xlsx")

    assert csv_row["ชื่อกลุ่ม"] == '\'=HYPERLINK("http://x","y")'
    assert xlsx_row["ชื่อกลุ่ม"] == '=HYPERLINK("http://x","y")'  # a string, not a formula


@pytest.mark.parametrize(
    ("name", "factory"), [("group", ClientGroupFactory), ("person", PersonFactory)]
)
def test_an_export_runs_the_same_queries_for_many_rows(
    client, staff, centre_a, name, factory, django_assert_max_num_queries
):
    factory.create_batch(30, centre=centre_a)
    client.force_login(staff)

    with django_assert_max_num_queries(12):
        rows = _rows(client, name, "xlsx")

    assert len(rows) == 30
