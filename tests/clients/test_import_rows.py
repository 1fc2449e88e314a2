"""Every row is checked before anything is written: a file full of bad rows lists each row
with its reason, and leaves the registry as it was."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from centres.models import Village
from clients.imports import cleaning, planning
from clients.imports.columns import GROUPS, MEMBERSHIPS, PERSONS
from clients.models import ClientGroup, GroupMembership, Person
from portal.lib import dates, phone
from tests.clients.factories import ClientGroupFactory, PersonFactory, valid_thai_id
from tests.clients.files import csv_file, fixtures, rows_of, xlsx_file
from tests.clients.files.flow import confirm, preview, upload

media = fixtures.media
places = fixtures.places

GOOD_GROUP = {
    "kind": "กลุ่มอาชีพ",
    "name": "กลุ่มทอผ้าบ้านป่าตาล",
    "subdistrict_code": "500101",
    "village_number": "3",
}
GOOD_PERSON = {
    "first_name": "สมศรี",
    "last_name": "ใจดี",
    "subdistrict_code": "500101",
    "village_number": "3",
}
BAD_CHECK_DIGIT = valid_thai_id(7)[:-1] + str((int(valid_thai_id(7)[-1]) + 1) % 10)


def _registry_size() -> tuple[int, ...]:
    return (
        ClientGroup.objects.count(),
        Person.objects.count(),
        GroupMembership.objects.count(),
        Village.objects.count(),
        ClientGroup.history.count(),
        Person.history.count(),
    )


def _problems(client, file) -> dict[tuple[str, int], list[tuple[str, str]]]:
    """(sheet, row) → [(column header, reason)] as the preview lists them."""
    response = preview(client, upload(client, file))
    found: dict = {}
    for error in response.context["plan"].errors:
        found.setdefault((error.sheet, error.row), []).append((error.column, error.message))
        assert escape(error.message) in response.content.decode()
    return found


@pytest.fixture
def logged_in(client, staff, media, places):
    client.force_login(staff)
    return client


GROUP_ROWS = [
    # (row as the sheet has it, column at fault, reason)
    ({**GOOD_GROUP, "kind": "สหกรณ์"}, "ประเภทกลุ่ม", "UNKNOWN_KIND"),
    ({**GOOD_GROUP, "name": ""}, "ชื่อกลุ่ม", cleaning.REQUIRED),
    ({**GOOD_GROUP, "subdistrict_code": "509999"}, "รหัสตำบล", "UNKNOWN_CODE"),
    ({**GOOD_GROUP, "subdistrict_code": "400101"}, "รหัสตำบล", "OUTSIDE"),
    ({**GOOD_GROUP, "subdistrict_code": "5001"}, "รหัสตำบล", cleaning.BAD_SUBDISTRICT_CODE),
    ({**GOOD_GROUP, "subdistrict_code": "", "subdistrict_name": "ช้างคลาน"}, "ตำบล", "NO_NAME"),
    ({**GOOD_GROUP, "village_number": "120"}, "หมู่ที่", cleaning.BAD_VILLAGE_NUMBER),
    ({**GOOD_GROUP, "founded_on": "15/06/1800"}, "วันที่ก่อตั้ง", dates.YEAR_OUT_OF_RANGE_MESSAGE),
    ({**GOOD_GROUP, "founded_on": "31/02/2550"}, "วันที่ก่อตั้ง", dates.NONEXISTENT_DATE_MESSAGE),
    ({**GOOD_GROUP, "founded_on": "01/01/2600"}, "วันที่ก่อตั้ง", cleaning.DATE_IN_FUTURE),
    ({**GOOD_GROUP, "contact_phone": "12345"}, "โทรศัพท์", phone.INVALID_PHONE_MESSAGE),
    ({**GOOD_GROUP, "member_count": "-4"}, "จำนวนสมาชิก", cleaning.NOT_A_COUNT),
    ({**GOOD_GROUP, "kind": "otop"}, "ประเภทผู้ผลิต OTOP", planning.PRODUCER_TYPE_MISSING),
    (
        {**GOOD_GROUP, "otop_producer_type": "SME"},
        "ประเภทผู้ผลิต OTOP",
        planning.PRODUCER_TYPE_ONLY_OTOP,
    ),
]


def _expected(reason, row: dict) -> str:
    special = {
        "UNKNOWN_KIND": None,
        "UNKNOWN_CODE": planning.SUBDISTRICT_UNKNOWN_CODE % {"code": row["subdistrict_code"]},
        "OUTSIDE": planning.SUBDISTRICT_OUTSIDE % {"code": "400101", "name": "ในเมือง"},
        "NO_NAME": planning.SUBDISTRICT_UNKNOWN_NAME % {"name": row.get("subdistrict_name")},
    }
    return str(special.get(reason, reason))


def test_it_lists_each_bad_group_row_with_its_reason_and_writes_nothing(logged_in):
    before = _registry_size()
    # Each its own name, so that no two rows are the same group.
    named = [{**row, "name": row["name"] and f"กลุ่ม {n}"} for n, (row, *_) in enumerate(GROUP_ROWS)]
    rows = [GOOD_GROUP, *named]

    problems = _problems(logged_in, xlsx_file({"กลุ่ม": rows_of(GROUPS, rows)}))

    assert ("กลุ่ม", 2) not in problems  # the good row
    for number, (row, column, reason) in enumerate(GROUP_ROWS, start=3):
        [(found_column, message)] = problems[("กลุ่ม", number)]
        assert found_column == column, number
        if reason == "UNKNOWN_KIND":
            assert "สหกรณ์" in message and "กลุ่มออมทรัพย์เพื่อการผลิต" in message
        else:
            assert message == _expected(reason, row), number
    assert _registry_size() == before


def test_it_lists_each_bad_person_row_with_its_reason(logged_in):
    good_id = valid_thai_id(1)
    rows = [
        {**GOOD_PERSON, "national_id": good_id},
        {**GOOD_PERSON, "first_name": "สมชาย", "national_id": BAD_CHECK_DIGIT},
        {**GOOD_PERSON, "first_name": "สมปอง", "national_id": "12345"},
        {**GOOD_PERSON, "first_name": "สมพร", "national_id": good_id},
        {**GOOD_PERSON, "first_name": "สมใจ", "birth_year": "1967"},
        {**GOOD_PERSON, "first_name": "สมหมาย", "gender": "ไม่บอก"},
        {**GOOD_PERSON, "first_name": "สมศักดิ์", "phone": "0212"},
        {**GOOD_PERSON, "last_name": ""},
        {**GOOD_PERSON, "first_name": "สมคิด", "title": "ดร."},
    ]

    problems = _problems(logged_in, csv_file(rows_of(PERSONS, rows), name="persons.csv"))

    def reason(number: int) -> list[tuple[str, str]]:
        return problems[("persons.csv", number)]

    assert ("persons.csv", 2) not in problems
    assert reason(3) == [("เลขประจำตัวประชาชน", str(cleaning.ID_BAD_CHECK_DIGIT))]
    assert reason(4) == [("เลขประจำตัวประชาชน", str(cleaning.ID_NOT_13_DIGITS))]
    assert reason(5) == [("เลขประจำตัวประชาชน", str(planning.DUPLICATE_ID % {"row": 2}))]
    assert reason(6) == [("ปีเกิด (พ.ศ.)", str(cleaning.BIRTH_YEAR_IN_CE % {"be": 2510, "ce": 1967}))]
    assert reason(7)[0][0] == "เพศ"
    assert reason(8) == [("โทรศัพท์", str(phone.INVALID_PHONE_MESSAGE))]
    assert reason(9) == [("นามสกุล", str(cleaning.REQUIRED))]
    assert reason(10)[0][0] == "คำนำหน้า"
    assert Person.objects.count() == 0


def test_it_lists_each_bad_membership_row_with_its_reason(logged_in, centre_a, centre_b):
    ClientGroupFactory(centre=centre_a, name="กลุ่มซ้ำ")
    ClientGroupFactory(centre=centre_a, name="กลุ่มซ้ำ")
    elsewhere = PersonFactory(centre=centre_b, national_id=valid_thai_id(9))
    rows = [
        {"national_id": valid_thai_id(1), "group_name": "กลุ่มทอผ้าบ้านป่าตาล"},
        {"national_id": valid_thai_id(2), "group_name": "กลุ่มทอผ้าบ้านป่าตาล"},
        {"first_name": "ไม่มี", "last_name": "ตัวตน", "group_name": "กลุ่มทอผ้าบ้านป่าตาล"},
        {"national_id": valid_thai_id(1), "group_name": "กลุ่มที่ไม่มี"},
        {"national_id": valid_thai_id(1), "group_name": "กลุ่มซ้ำ"},
        {"national_id": elsewhere.national_id, "group_name": "กลุ่มทอผ้าบ้านป่าตาล"},
        {"national_id": valid_thai_id(1), "group_name": "กลุ่มทอผ้าบ้านป่าตาล"},
        {"national_id": valid_thai_id(3), "group_name": "กลุ่มทอผ้าบ้านป่าตาล"},
        {
            "first_name": "สมศรี",
            "last_name": "ใจดี",
            "group_registration_number": "X-1",
            "joined_on": "01/07/2560",
            "left_on": "01/07/2550",
        },
    ]
    persons = [
        {**GOOD_PERSON, "national_id": valid_thai_id(1)},
        {**GOOD_PERSON, "first_name": "สมชาย", "national_id": valid_thai_id(3)},
    ]
    groups = [GOOD_GROUP, {**GOOD_GROUP, "name": "กลุ่มสอง", "registration_number": "X-1"}]
    file = xlsx_file(
        {
            "กลุ่ม": rows_of(GROUPS, groups),
            "บุคคล": rows_of(PERSONS, persons),
            "สมาชิก": rows_of(MEMBERSHIPS, rows),
        }
    )

    problems = _problems(logged_in, file)

    def reason(number: int) -> tuple[str, str]:
        [problem] = problems[("สมาชิก", number)]
        return problem

    assert ("สมาชิก", 2) not in problems
    assert reason(3) == ("เลขประจำตัวประชาชน", str(planning.MEMBER_UNKNOWN_ID))
    name = {"name": "ไม่มี ตัวตน"}
    assert reason(4) == ("ชื่อ", str(planning.MEMBER_UNKNOWN_NAME % name))
    assert reason(5) == ("ชื่อกลุ่ม", str(planning.GROUP_UNKNOWN % {"value": "กลุ่มที่ไม่มี"}))
    assert reason(6) == ("ชื่อกลุ่ม", str(planning.GROUP_AMBIGUOUS % {"value": "กลุ่มซ้ำ"}))
    assert reason(7) == ("เลขประจำตัวประชาชน", str(planning.ID_OF_OTHER_CENTRE))
    assert reason(8) == ("เลขประจำตัวประชาชน", str(planning.DUPLICATE_MEMBERSHIP % {"row": 2}))
    assert ("สมาชิก", 9) not in problems
    assert reason(10) == ("วันที่ออก", str(planning.LEFT_BEFORE_JOINED))
    assert _registry_size()[:3] == (2, 1, 0)  # only the factories' rows


def test_it_refuses_to_confirm_a_file_with_problems(logged_in):
    file = xlsx_file({"กลุ่ม": rows_of(GROUPS, [GOOD_GROUP, {**GOOD_GROUP, "kind": "?"}])})
    token = upload(logged_in, file)
    before = _registry_size()

    response = confirm(logged_in, token)

    assert response.status_code == 302
    assert _registry_size() == before
    confirm_url = reverse("clients:import-confirm", args=[token])
    assert confirm_url not in preview(logged_in, token).content.decode()


def test_it_refuses_a_national_id_another_centre_registered(logged_in, centre_b):
    PersonFactory(centre=centre_b, national_id=valid_thai_id(5))
    rows = [{**GOOD_PERSON, "national_id": valid_thai_id(5)}]

    problems = _problems(logged_in, csv_file(rows_of(PERSONS, rows), name="p.csv"))

    assert problems[("p.csv", 2)] == [("เลขประจำตัวประชาชน", str(planning.ID_OF_OTHER_CENTRE))]


def test_it_refuses_the_same_group_twice_in_a_file(logged_in):
    rows = [
        {**GOOD_GROUP, "registration_number": "A-1"},
        {**GOOD_GROUP, "name": "อีกชื่อ", "registration_number": "A-1"},
        GOOD_GROUP,
        {**GOOD_GROUP, "name": "กลุ่มทอผ้า บ้านป่าตาล"},  # spaces do not make it another
    ]

    problems = _problems(logged_in, csv_file(rows_of(GROUPS, rows), name="g.csv"))

    assert problems == {
        ("g.csv", 3): [("เลขทะเบียน", str(planning.DUPLICATE_REGISTRATION % {"row": 2}))],
        ("g.csv", 5): [("ชื่อกลุ่ม", str(planning.DUPLICATE_GROUP % {"row": 4}))],
    }


# All problems of a row at once


def test_it_lists_every_problem_of_a_group_row_not_only_the_first(logged_in):
    rows = [
        {**GOOD_GROUP, "registration_number": "A-1"},
        {
            **GOOD_GROUP,
            "name": "กลุ่มปัญหาเยอะ",
            "registration_number": "A-1",  # the same as row 2
            "subdistrict_code": "400101",  # another centre's district
            "contact_phone": "12345",
            "member_count": "-4",
            "otop_producer_type": "SME",  # not an OTOP group
        },
    ]

    problems = _problems(logged_in, csv_file(rows_of(GROUPS, rows), name="g.csv"))

    outside = planning.SUBDISTRICT_OUTSIDE % {"code": "400101", "name": "ในเมือง"}
    assert sorted(problems[("g.csv", 3)]) == sorted(
        [
            ("รหัสตำบล", str(outside)),
            ("เลขทะเบียน", str(planning.DUPLICATE_REGISTRATION % {"row": 2})),
            ("โทรศัพท์", str(phone.INVALID_PHONE_MESSAGE)),
            ("จำนวนสมาชิก", str(cleaning.NOT_A_COUNT)),
            ("ประเภทผู้ผลิต OTOP", str(planning.PRODUCER_TYPE_ONLY_OTOP)),
        ]
    )
    assert ("g.csv", 2) not in problems
    assert ClientGroup.objects.count() == 0


def test_it_lists_every_problem_of_a_person_row(logged_in, centre_b):
    PersonFactory(centre=centre_b, national_id=valid_thai_id(5))
    rows = [
        {
            **GOOD_PERSON,
            "national_id": valid_thai_id(5),  # registered by another centre
            "phone": "0212",
            "gender": "ไม่บอก",
            "birth_year": "1967",
        },
        {**GOOD_PERSON, "first_name": "", "national_id": BAD_CHECK_DIGIT, "village_number": "120"},
    ]

    problems = _problems(logged_in, csv_file(rows_of(PERSONS, rows), name="p.csv"))

    first = dict(problems[("p.csv", 2)])
    assert first["เลขประจำตัวประชาชน"] == str(planning.ID_OF_OTHER_CENTRE)
    assert first["โทรศัพท์"] == str(phone.INVALID_PHONE_MESSAGE)
    assert first["ปีเกิด (พ.ศ.)"] == str(cleaning.BIRTH_YEAR_IN_CE % {"be": 2510, "ce": 1967})
    assert "เพศ" in first and len(problems[("p.csv", 2)]) == 4
    assert sorted(problems[("p.csv", 3)]) == sorted(
        [
            ("ชื่อ", str(cleaning.REQUIRED)),
            ("เลขประจำตัวประชาชน", str(cleaning.ID_BAD_CHECK_DIGIT)),
            ("หมู่ที่", str(cleaning.BAD_VILLAGE_NUMBER)),
        ]
    )


def test_it_lists_both_an_unknown_member_and_an_unknown_group_of_one_row(logged_in):
    rows = [
        {
            "first_name": "ไม่มี",
            "last_name": "ตัวตน",
            "group_name": "กลุ่มที่ไม่มี",
            "joined_on": "01/07/2560",
            "left_on": "01/07/2550",
        },
        {"national_id": "12345", "group_name": "กลุ่มที่ไม่มี", "role": "หัวหน้าใหญ่"},
    ]

    problems = _problems(logged_in, csv_file(rows_of(MEMBERSHIPS, rows), name="m.csv"))

    assert sorted(problems[("m.csv", 2)]) == sorted(
        [
            ("ชื่อ", str(planning.MEMBER_UNKNOWN_NAME % {"name": "ไม่มี ตัวตน"})),
            ("ชื่อกลุ่ม", str(planning.GROUP_UNKNOWN % {"value": "กลุ่มที่ไม่มี"})),
            ("วันที่ออก", str(planning.LEFT_BEFORE_JOINED)),
        ]
    )
    second = dict(problems[("m.csv", 3)])
    assert second["เลขประจำตัวประชาชน"] == str(cleaning.ID_NOT_13_DIGITS)
    assert second["ชื่อกลุ่ม"] == str(planning.GROUP_UNKNOWN % {"value": "กลุ่มที่ไม่มี"})
    assert "บทบาท" in second and len(second) == 3
