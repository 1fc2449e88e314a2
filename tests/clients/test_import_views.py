"""The import flow: upload → preview → confirm, who may use it, and what a confirmed import
leaves in the registry (everything, with history; updates on a second import)."""

from datetime import date, datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from centres.models import Village
from centres.scoping import CURRENT_CENTRE_KEY
from clients.imports.columns import GROUPS, MEMBERSHIPS, PERSONS
from clients.imports.pending import SESSION_KEY
from clients.models import ClientGroup, GroupKind, GroupMembership, MemberRole, Person
from tests.centres.factories import MembershipFactory
from tests.clients.factories import ClientGroupFactory, PersonFactory, valid_thai_id
from tests.clients.files import csv_file, fixtures, rows_of, xlsx_file
from tests.clients.files.flow import confirm, import_file, preview, upload

media = fixtures.media
places = fixtures.places

GROUPS_ROWS = [
    {
        "kind": "กลุ่มออมทรัพย์เพื่อการผลิต",
        "name": "กลุ่มออมทรัพย์บ้านป่าตาล",
        "registration_number": "ชม.0012/2550",
        "subdistrict_code": "500101",
        "village_number": "3",
        "village_name": "บ้านป่าตาล",
        "founded_on": "15/06/2550",
        "status": "ดำเนินการอยู่",
        "contact_name": "นางสมศรี ใจดี",
        "contact_phone": "081-234-5678",
        "member_count": "45",
        "main_activity": "ออมเงิน",
    },
    {
        "kind": "otop",
        "otop_producer_type": "SME",
        "name": "วิสาหกิจผ้าทอพระสิงห์",
        "subdistrict_name": "ตำบลพระสิงห์",
        "village_number": "หมู่ 7",
    },
]
PERSONS_ROWS = [
    {
        "title": "นาง",
        "first_name": "สมศรี",
        "last_name": "ใจดี",
        "national_id": "1-1017-00203-45-0",
        "phone": "0812345678",
        "birth_year": "2510",
        "gender": "หญิง",
        "subdistrict_code": "500101",
        "village_number": "3",
        "occupation": "ทอผ้า",
        "consent_on": "01/11/2568",
    },
    {
        "title": "นาย",
        "first_name": "สมชาย",
        "last_name": "ขยัน",
        "birth_year": "2505",
        "gender": "ชาย",
        "subdistrict_code": "500102",
        "village_number": "7",
    },
]
MEMBERSHIP_ROWS = [
    {
        "national_id": "1101700203450",
        "group_registration_number": "ชม.0012/2550",
        "role": "เหรัญญิก",
        "joined_on": "01/07/2550",
    },
    {"first_name": "สมชาย", "last_name": "ขยัน", "group_name": "วิสาหกิจผ้าทอพระสิงห์"},
]


def _workbook(groups=GROUPS_ROWS, persons=PERSONS_ROWS, members=MEMBERSHIP_ROWS, name="r.xlsx"):
    sheets = {
        "กลุ่ม": rows_of(GROUPS, groups),
        "บุคคล": rows_of(PERSONS, persons),
        "สมาชิกกลุ่ม": rows_of(MEMBERSHIPS, members),
    }
    return xlsx_file(sheets, name=name)


def _csv_files():
    return [
        csv_file(rows_of(GROUPS, GROUPS_ROWS), name="groups.csv"),
        csv_file(rows_of(PERSONS, PERSONS_ROWS), name="persons.csv"),
        csv_file(rows_of(MEMBERSHIPS, MEMBERSHIP_ROWS), name="members.csv"),
    ]


@pytest.fixture
def logged_in(client, staff, media, places):
    client.force_login(staff)
    return client


def _assert_registry_holds_the_file(centre, user):
    savings = ClientGroup.objects.get(registration_number="ชม.0012/2550")
    assert savings.centre == centre
    assert savings.kind == GroupKind.SAVINGS
    assert savings.founded_on == date(2007, 6, 15)  # 15/06/2550 BE
    assert savings.contact_phone == "0812345678"
    assert savings.member_count == 45
    assert savings.village.code == "50010103"
    assert savings.village.name == "บ้านป่าตาล"  # the known village got its name
    otop = ClientGroup.objects.get(name="วิสาหกิจผ้าทอพระสิงห์")
    assert (otop.kind, otop.otop_producer_type) == ("otop", "sme")
    assert otop.village.code == "50010207"  # a new village, created
    somsri = Person.objects.get(national_id="1101700203450")
    assert (somsri.title, somsri.gender, somsri.birth_year) == ("mrs", "female", 2510)
    assert somsri.consent_on == date(2025, 11, 1)
    assert somsri.consent_recorded_by == user
    assert somsri.centre == centre
    treasurer = GroupMembership.objects.get(person=somsri)
    assert (treasurer.group, treasurer.role) == (savings, MemberRole.TREASURER)
    assert treasurer.joined_on == date(2007, 7, 1)
    assert GroupMembership.objects.get(person__first_name="สมชาย").group == otop


# Who may import


def test_it_sends_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("clients:import"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["committee_member", "province_officer", "nobody"])
def test_it_refuses_users_who_may_only_read(client, request, media, places, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("clients:import")).status_code == 403
    response = client.post(reverse("clients:import"), {"file": _workbook()})
    assert response.status_code == 403
    assert ClientGroup.objects.count() == 0


def test_it_shows_the_upload_page_with_the_centre_and_templates(logged_in, centre_a):
    response = logged_in.get(reverse("clients:import"))

    assert response.status_code == 200
    page = response.content.decode()
    assert centre_a.name in page
    assert reverse("clients:import-template", args=["all", "xlsx"]) in page
    assert reverse("clients:import-template", args=["persons", "csv"]) in page


def test_an_outsider_cannot_confirm_someone_elses_import(client, staff, outsider, media, places):
    client.force_login(staff)
    token = upload(client, _workbook())
    client.force_login(outsider)

    assert client.get(reverse("clients:import-preview", args=[token])).status_code == 404
    assert confirm(client, token).status_code == 404
    assert client.post(reverse("clients:import-cancel", args=[token])).status_code == 404
    assert ClientGroup.objects.count() == 0
    assert Person.objects.count() == 0
    assert len(default_storage.listdir("imports")[1]) == 2  # its rows and plan, for its owner


def test_an_outsider_cannot_import_into_another_centre(
    client, outsider, centre_a, centre_b, media, places
):
    client.force_login(outsider)
    session = client.session
    session[CURRENT_CENTRE_KEY] = centre_a.code  # as if they had opened centre A's page
    session.save()

    token = upload(client, _workbook())
    response = preview(client, token)

    assert response.context["plan"].centre == centre_b
    assert response.context["plan"].errors  # A's subdistricts are not in B's district
    assert confirm(client, token).status_code == 302
    assert ClientGroup.objects.count() == 0


def test_it_refuses_to_confirm_after_the_user_lost_the_right_to_write(
    client, staff, centre_a, media, places
):
    client.force_login(staff)
    token = upload(client, _workbook())
    staff.memberships.update(role="committee")

    assert confirm(client, token).status_code == 403
    assert ClientGroup.objects.count() == 0


# A good file


def test_it_writes_nothing_before_the_confirmation(logged_in):
    token = upload(logged_in, _workbook())

    response = preview(logged_in, token)

    counts = response.context["plan"].counts
    assert (counts[GROUPS].create, counts[PERSONS].create, counts[MEMBERSHIPS].create) == (2, 2, 2)
    assert ClientGroup.objects.count() == Person.objects.count() == 0
    assert reverse("clients:import-confirm", args=[token]) in response.content.decode()


def test_it_writes_everything_on_confirmation_with_history(logged_in, staff, centre_a):
    import_file(logged_in, _workbook())

    _assert_registry_holds_the_file(centre_a, staff)
    assert ClientGroup.objects.count() == 2
    for model in (ClientGroup, Person, GroupMembership):
        records = model.history.all()
        assert records.count() == 2
        assert {(r.history_type, r.history_user) for r in records} == {("+", staff)}
    assert not default_storage.listdir("imports")[1]  # the pending file is gone
    assert logged_in.session[SESSION_KEY] == {}


def test_it_imports_the_same_data_from_csv_files_with_a_bom(logged_in, staff, centre_a):
    for file in _csv_files():
        import_file(logged_in, file)

    _assert_registry_holds_the_file(centre_a, staff)


def test_it_shows_the_counts_after_the_import(logged_in):
    import_file(logged_in, _workbook())

    response = logged_in.get(reverse("clients:import-result"))

    assert response.status_code == 200
    assert [(t.key, c["create"]) for t, c in response.context["counts"]] == [
        (GROUPS, 2),
        (PERSONS, 2),
        (MEMBERSHIPS, 2),
    ]


def test_it_reads_dates_that_excel_stored_as_dates(logged_in):
    persons = [
        {**PERSONS_ROWS[0], "consent_on": datetime(2025, 11, 1)},
        {**PERSONS_ROWS[1], "birth_year": 2505.0, "consent_on": datetime(2568, 11, 2)},
    ]

    import_file(logged_in, _workbook(groups=[], persons=persons, members=[]))

    assert sorted(Person.objects.values_list("consent_on", flat=True)) == [
        date(2025, 11, 1),
        date(2025, 11, 2),
    ]


# Importing again


def test_importing_the_same_file_again_changes_nothing(logged_in):
    import_file(logged_in, _workbook())
    before = [m.history.count() for m in (ClientGroup, Person, GroupMembership)]

    plan = import_file(logged_in, _workbook())

    assert {t: (c.create, c.update, c.unchanged) for t, c in plan.counts.items()} == {
        GROUPS: (0, 0, 2),
        PERSONS: (0, 0, 2),
        MEMBERSHIPS: (0, 0, 2),
    }
    assert (ClientGroup.objects.count(), Person.objects.count()) == (2, 2)
    assert GroupMembership.objects.count() == 2
    assert [m.history.count() for m in (ClientGroup, Person, GroupMembership)] == before


def test_a_corrected_file_updates_the_registered_rows(logged_in, staff, colleague):
    import_file(logged_in, _workbook())
    logged_in.force_login(colleague)
    groups = [{**GROUPS_ROWS[0], "member_count": "50", "status": "หยุดดำเนินการชั่วคราว"}]
    persons = [{**PERSONS_ROWS[1], "phone": "053-123-456", "occupation": "ทำนา"}]
    members = [{**MEMBERSHIP_ROWS[0], "role": "ประธาน"}]

    plan = import_file(logged_in, _workbook(groups, persons, members))

    assert [(c.create, c.update) for c in plan.counts.values()] == [(0, 1), (0, 1), (0, 1)]
    savings = ClientGroup.objects.get(registration_number="ชม.0012/2550")
    assert (savings.member_count, savings.status, savings.main_activity) == (
        50,
        "dormant",
        "ออมเงิน",
    )
    somchai = Person.objects.get(first_name="สมชาย")  # matched by name, birth year, village
    assert (somchai.phone, somchai.occupation) == ("053123456", "ทำนา")
    assert GroupMembership.objects.get(person__first_name="สมศรี").role == MemberRole.CHAIR
    assert Person.objects.count() == 2
    update = savings.history.first()
    assert (update.history_type, update.history_user) == ("~", colleague)


def test_it_matches_registered_records_made_by_hand(logged_in, centre_a, places):
    village = Village.objects.get(subdistrict=places, number=3)
    group = ClientGroupFactory(centre=centre_a, name="กลุ่มออมทรัพย์บ้านป่าตาล", village=village)
    person = PersonFactory(
        centre=centre_a, first_name="สมศรี", last_name="ใจดี", birth_year=2510, village=village
    )

    plan = import_file(logged_in, _workbook())

    group.refresh_from_db()
    person.refresh_from_db()
    assert group.registration_number == "ชม.0012/2550"  # found by name and village
    assert group.kind == GroupKind.SAVINGS
    assert person.national_id == "1101700203450"  # found by name, birth year and village
    assert (plan.counts[GROUPS].update, plan.counts[PERSONS].update) == (1, 1)
    assert ClientGroup.objects.count() == 2


def test_it_never_erases_with_empty_cells(logged_in):
    import_file(logged_in, _workbook())
    persons = [{k: v for k, v in PERSONS_ROWS[0].items() if k not in ("phone", "occupation")}]

    plan = import_file(logged_in, _workbook(groups=[], persons=persons, members=[]))

    assert plan.counts[PERSONS].unchanged == 1
    assert Person.objects.get(first_name="สมศรี").phone == "0812345678"


def test_it_leaves_the_id_alone_for_a_masked_id_from_an_export(logged_in):
    import_file(logged_in, _workbook())
    persons = [{**PERSONS_ROWS[0], "national_id": "x-xxxx-xxxxx-xx-0", "occupation": "ค้าขาย"}]

    import_file(logged_in, _workbook(groups=[], persons=persons, members=[]))

    person = Person.objects.get(first_name="สมศรี")
    assert (person.national_id, person.occupation) == ("1101700203450", "ค้าขาย")
    assert Person.objects.count() == 2


def test_a_membership_file_alone_finds_registered_persons_and_groups(logged_in, centre_a):
    group = ClientGroupFactory(centre=centre_a, registration_number="R-9")
    person = PersonFactory(centre=centre_a, national_id=valid_thai_id(4))
    rows = [{"national_id": valid_thai_id(4), "group_registration_number": "R-9"}]

    import_file(logged_in, csv_file(rows_of(MEMBERSHIPS, rows)))

    membership = GroupMembership.objects.get()
    assert (membership.person, membership.group, membership.role) == (person, group, "member")


def test_it_records_that_a_member_left(logged_in):
    import_file(logged_in, _workbook())
    members = [{**MEMBERSHIP_ROWS[0], "left_on": "30/09/2568"}]

    import_file(logged_in, _workbook(groups=[], persons=[], members=members))

    membership = GroupMembership.objects.get(person__first_name="สมศรี")
    assert membership.left_on == date(2025, 9, 30)
    assert GroupMembership.objects.count() == 2


# Leaving a pending import


def test_cancelling_deletes_the_pending_file(logged_in):
    token = upload(logged_in, _workbook())

    response = logged_in.post(reverse("clients:import-cancel", args=[token]))

    assert response.status_code == 302
    assert not default_storage.listdir("imports")[1]
    assert logged_in.get(reverse("clients:import-preview", args=[token])).status_code == 404


def test_confirming_twice_writes_once(logged_in):
    token = upload(logged_in, _workbook())
    confirm(logged_in, token)

    assert confirm(logged_in, token).status_code == 404
    assert ClientGroup.objects.count() == 2


def test_confirming_needs_a_post(logged_in):
    token = upload(logged_in, _workbook())

    assert logged_in.get(reverse("clients:import-confirm", args=[token])).status_code == 405


def test_a_head_of_several_centres_imports_into_the_current_one(
    client, head, centre_b, media, places
):
    MembershipFactory(user=head, centre=centre_b, role="head")
    client.force_login(head)
    session = client.session
    session[CURRENT_CENTRE_KEY] = centre_b.code
    session.save()

    token = upload(client, _workbook())

    assert preview(client, token).context["plan"].centre == centre_b


def test_it_reads_thai_digits(logged_in):
    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    person = {
        **PERSONS_ROWS[0],
        "national_id": "1101700203450".translate(thai),
        "birth_year": "๒๕๑๐",
        "village_number": "หมู่ ๓",
        "consent_on": "๐๑/๑๑/๒๕๖๘",
    }

    import_file(logged_in, _workbook(groups=[], persons=[person], members=[]))

    somsri = Person.objects.get()
    assert (somsri.national_id, somsri.birth_year) == ("1101700203450", 2510)
    assert (somsri.village.number, somsri.consent_on) == (3, date(2025, 11, 1))
