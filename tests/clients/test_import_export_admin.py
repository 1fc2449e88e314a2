"""The administrators' import and export in the Django admin (django-import-export): Thai
headers, full national IDs in, masked IDs out."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import BooleanField
from django.urls import reverse

from clients.models import ClientGroup, GroupMembership, Person
from clients.resources import ClientGroupResource, GroupMembershipResource, PersonResource
from tests.clients.factories import GroupMembershipFactory, PersonFactory, valid_thai_id
from tests.clients.files import fixtures

places = fixtures.places

MODELS = ["clientgroup", "person", "groupmembership"]


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("page", ["changelist", "import", "export"])
def test_the_import_and_export_pages_open_for_an_administrator(admin_client, model, page):
    response = admin_client.get(reverse(f"admin:clients_{model}_{page}"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_staff_cannot_reach_the_admin_import(client, staff, model):
    client.force_login(staff)

    response = client.get(reverse(f"admin:clients_{model}_import"))

    assert response.status_code == 302  # to the admin login


def _choice(form, field: str, label: str) -> str:
    return next(str(value) for value, text in form.fields[field].choices if text == label)


def _admin_import(admin_client, model: str, csv_text: str):
    url = reverse(f"admin:clients_{model}_import")
    form = admin_client.get(url).context["form"]
    upload = SimpleUploadedFile("import.csv", ("\ufeff" + csv_text).encode())
    response = admin_client.post(
        url, {"format": _choice(form, "format", "csv"), "import_file": upload}
    )
    assert response.status_code == 200
    assert not response.context["result"].has_errors(), response.context["result"].row_errors()
    assert not response.context["result"].has_validation_errors(), [
        row.error_dict for row in response.context["result"].invalid_rows
    ]
    confirm = response.context["confirm_form"]
    return admin_client.post(reverse(f"admin:clients_{model}_process_import"), confirm.initial)


def test_an_administrator_imports_persons_with_full_ids(admin_client, admin_user, centre_a, places):
    csv_text = (
        "รหัสในระบบ,รหัสศูนย์ (รหัสอำเภอ),คำนำหน้า,ชื่อ,นามสกุล,เลขประจำตัวประชาชน,"
        "โทรศัพท์,ปีเกิด (พ.ศ.),เพศ,รหัสหมู่บ้าน,อาชีพ,วันที่ให้ความยินยอม\r\n"
        f",5001,นาง,สมศรี,ใจดี,{valid_thai_id(1)},081-234-5678,2510,หญิง,50010105,ทอผ้า,"
        "01/11/2568\r\n"
    )

    response = _admin_import(admin_client, "person", csv_text)

    assert response.status_code == 302
    person = Person.objects.get()
    assert person.national_id == valid_thai_id(1)
    assert (person.title, person.gender, person.phone) == ("mrs", "female", "0812345678")
    assert person.village.code == "50010105"  # created
    assert person.consent_on == date(2025, 11, 1)
    assert person.consent_recorded_by == admin_user
    assert person.history.get().history_user == admin_user


def test_an_administrator_imports_groups(admin_client, centre_a, places):
    csv_text = (
        "รหัสในระบบ,รหัสศูนย์ (รหัสอำเภอ),ประเภทกลุ่ม,ประเภทผู้ผลิต OTOP,ชื่อกลุ่ม,เลขทะเบียน,"
        "รหัสหมู่บ้าน,วันที่ก่อตั้ง,สถานะ\r\n"
        ",5001,ผู้ผลิต/ผู้ประกอบการ OTOP,SME,วิสาหกิจผ้าทอ,OT-1,50010103,15/06/2550,\r\n"
    )

    assert _admin_import(admin_client, "clientgroup", csv_text).status_code == 302

    group = ClientGroup.objects.get()
    assert (group.kind, group.otop_producer_type, group.founded_on) == (
        "otop",
        "sme",
        date(2007, 6, 15),
    )


def test_an_export_masks_the_ids_even_for_administrators(centre_a):
    person = PersonFactory(
        centre=centre_a, national_id=valid_thai_id(3), consent_on=date(2025, 11, 1)
    )

    dataset = PersonResource().export()

    [row] = dataset.dict
    assert row["เลขประจำตัวประชาชน"] == f"x-xxxx-xxxxx-xx-{valid_thai_id(3)[-1]}"
    assert row["วันที่ให้ความยินยอม"] == "01/11/2568"
    assert row["รหัสหมู่บ้าน"] == person.village.code
    assert valid_thai_id(3) not in dataset.csv


def test_the_admin_export_download_masks_the_ids(admin_client, centre_a):
    PersonFactory(centre=centre_a, national_id=valid_thai_id(3))
    url = reverse("admin:clients_person_export")
    form = admin_client.get(url).context["form"]
    data = {"format": _choice(form, "format", "csv"), "resource": "0"}
    data |= {name: "on" for name, field in form.fields.items() if isinstance(field, BooleanField)}

    response = admin_client.post(url, data)

    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    assert "เลขประจำตัวประชาชน" in content
    assert f"x-xxxx-xxxxx-xx-{valid_thai_id(3)[-1]}" in content
    assert valid_thai_id(3) not in content


def test_reimporting_a_masked_export_keeps_the_ids(admin_client, centre_a):
    person = PersonFactory(centre=centre_a, national_id=valid_thai_id(3), occupation="ทำนา")
    exported = PersonResource().export().csv.replace("ทำนา", "ทำสวน")

    assert _admin_import(admin_client, "person", exported).status_code == 302

    person.refresh_from_db()
    assert (person.national_id, person.occupation) == (valid_thai_id(3), "ทำสวน")


def test_group_and_membership_exports_have_thai_headers(centre_a):
    membership = GroupMembershipFactory(group__centre=centre_a, role="chair")

    [group_row] = ClientGroupResource().export().dict
    [member_row] = GroupMembershipResource().export().dict

    assert group_row["ประเภทกลุ่ม"] == "กลุ่มอาชีพ"
    assert member_row["บทบาท"] == "ประธาน"
    assert member_row["ชื่อกลุ่ม"] == membership.group.name
    assert GroupMembership.objects.count() == 1
