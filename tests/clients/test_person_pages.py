"""The staff pages of the registry's persons: list, detail, create, edit, and the search that
feeds the person picker. National IDs never show in full, and not at all to committee members
and provincial officers."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Gender, Person
from portal.lib.thai_id import format_thai_id, mask_thai_id
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.clients.factories import (
    ClientGroupFactory,
    GroupMembershipFactory,
    PersonFactory,
    valid_thai_id,
)

pytestmark = pytest.mark.date_sensitive

LOGIN_URL = reverse("login")
NATIONAL_ID = valid_thai_id(4321)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sriphum(centre_a):
    return SubdistrictFactory(
        code="500101", district=centre_a.district, name_th="ศรีภูมิ", name_en="Si Phum"
    )


@pytest.fixture
def person(centre_a, sriphum):
    return PersonFactory(
        centre=centre_a,
        first_name="สมศรี",
        last_name="ใจงาม",
        national_id=NATIONAL_ID,
        phone="0812345678",
        village=VillageFactory(subdistrict=sriphum, number=3),
    )


def _logged_in(client, user):
    client.force_login(user)
    return client


def person_data(**overrides) -> dict:
    data = {
        "title": "mrs",
        "first_name": "บุญมี",
        "last_name": "  ศรีสุข ",
        "national_id": "",
        "gender": "female",
        "birth_year": "2510",
        "phone": "+66 89-111-2222",
        "subdistrict": "500101 ศรีภูมิ · เมืองเชียงใหม่ · เชียงใหม่",
        "village_number": "5",
        "village_name": "",
        "occupation": "ทอผ้า",
        "consent_on": "",
    }
    return {**data, **overrides}


def _detail(person) -> str:
    return reverse("clients:person-detail", kwargs={"pk": person.pk})


def _edit(person) -> str:
    return reverse("clients:person-edit", kwargs={"pk": person.pk})


# Login and scope


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(reverse("clients:person-list"), id="list"),
        pytest.param(reverse("clients:person-create"), id="create"),
        pytest.param(reverse("clients:person-search"), id="search"),
        pytest.param(reverse("clients:person-detail", kwargs={"pk": 1}), id="detail"),
        pytest.param(reverse("clients:person-edit", kwargs={"pk": 1}), id="edit"),
    ],
)
def test_it_sends_an_anonymous_visitor_to_the_login_page(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={url}"


def test_it_answers_404_to_an_outsider(client, outsider, person):
    _logged_in(client, outsider)

    assert client.get(_detail(person)).status_code == 404
    assert client.get(_edit(person)).status_code == 404
    assert client.post(_edit(person), person_data()).status_code == 404
    person.refresh_from_db()
    assert person.first_name == "สมศรี"


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
def test_it_refuses_changes_to_read_only_users(client, request, persona, person):
    _logged_in(client, request.getfixturevalue(persona))

    assert client.get(_edit(person)).status_code == 403
    assert client.post(_edit(person), person_data()).status_code == 403
    assert client.get(reverse("clients:person-create")).status_code == 403
    assert client.post(reverse("clients:person-create"), person_data()).status_code == 403
    assert Person.objects.count() == 1


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
def test_it_shows_read_only_users_no_national_id_at_all(client, request, persona, person):
    _logged_in(client, request.getfixturevalue(persona))

    listing = client.get(reverse("clients:person-list"))
    detail = client.get(_detail(person))

    for response in (listing, detail):
        page = response.content.decode()
        assert response.status_code == 200
        assert "สมศรี" in page
        assert NATIONAL_ID not in page
        assert format_thai_id(NATIONAL_ID) not in page
        assert mask_thai_id(NATIONAL_ID) not in page
    assert reverse("clients:person-create") not in listing.content.decode()
    assert _edit(person) not in detail.content.decode()
    assert detail.context["history"] is None


def test_it_shows_staff_the_id_only_masked_in_the_list(client, staff, person):
    response = _logged_in(client, staff).get(reverse("clients:person-list"))

    page = response.content.decode()
    assert mask_thai_id(NATIONAL_ID) in page
    assert NATIONAL_ID not in page
    assert format_thai_id(NATIONAL_ID) not in page
    assert "081-234-5678" in page


def test_it_shows_staff_the_masked_id_with_the_reveal_button_on_the_detail(client, staff, person):
    response = _logged_in(client, staff).get(_detail(person))

    page = response.content.decode()
    assert mask_thai_id(NATIONAL_ID) in page
    assert NATIONAL_ID not in page
    assert reverse("clients:person-reveal-id", kwargs={"pk": person.pk}) in page


def test_it_lists_only_the_persons_of_the_users_centres(client, staff, person, centre_b):
    PersonFactory(centre=centre_b, first_name="คนนอก")

    response = _logged_in(client, staff).get(reverse("clients:person-list"))

    assert list(response.context["page"]) == [person]


# The list: search and filters


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("สมศรี", id="first name"),
        pytest.param("ศรี ใจงาม", id="two words"),
        pytest.param("081-234-5678", id="phone with dashes"),
        pytest.param("+66 81 234 5678", id="international phone"),
        pytest.param("2345678", id="part of the phone"),
        pytest.param("ศรี 5678", id="a name and part of the phone"),
        pytest.param(NATIONAL_ID, id="whole ID"),
        pytest.param(format_thai_id(NATIONAL_ID), id="whole ID with dashes"),
    ],
)
def test_it_finds_a_person_by_name_phone_or_whole_id(client, staff, person, centre_a, query):
    PersonFactory(centre=centre_a, first_name="ประยูร", last_name="มั่นคง", phone="0899999999")

    response = _logged_in(client, staff).get(reverse("clients:person-list"), {"q": query})

    assert list(response.context["page"]) == [person]


def test_it_does_not_find_a_person_by_part_of_an_id(client, staff, person):
    response = _logged_in(client, staff).get(reverse("clients:person-list"), {"q": NATIONAL_ID[:6]})

    assert list(response.context["page"]) == []


def test_it_filters_persons_by_gender_consent_and_village(client, staff, person, centre_a):
    person.gender = Gender.FEMALE
    person.consent_on = date(2025, 1, 1)
    person.save()
    other = PersonFactory(centre=centre_a, gender=Gender.MALE)
    _logged_in(client, staff)
    url = reverse("clients:person-list")

    def shown(query):
        return set(client.get(url, query).context["page"])

    assert shown({"gender": "female"}) == {person}
    assert shown({"has_consent": "yes"}) == {person}
    assert shown({"has_consent": "no"}) == {other}
    assert shown({"subdistrict": "500101"}) == {person}
    assert shown({"village": person.village_id}) == {person}


# Registering and editing a person


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        pytest.param("national_id", "1234567890123", "invalid_thai_id", id="check digit"),
        pytest.param("national_id", "12345", "invalid_thai_id", id="too short"),
        pytest.param("phone", "12-34", "invalid_thai_phone", id="phone"),
        pytest.param("birth_year", "1967", "min_value", id="CE birth year"),
        pytest.param("birth_year", "2800", "max_value", id="birth year too late"),
        pytest.param("consent_on", "32/01/2568", "nonexistent", id="consent date"),
        pytest.param("first_name", "", "required", id="no first name"),
    ],
)
def test_it_shows_each_error_next_to_its_field_and_saves_nothing(
    client, staff, sriphum, field, value, code
):
    response = _logged_in(client, staff).post(
        reverse("clients:person-create"), person_data(**{field: value})
    )

    assert response.status_code == 422
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert form.has_error(field, code=code)
    assert f'id="error_1_id_{field}"' in response.content.decode()
    assert not Person.objects.exists()


def test_it_registers_a_person_with_normalized_id_phone_and_names(client, staff, centre_a, sriphum):
    typed_id = f"{NATIONAL_ID[0]} {NATIONAL_ID[1:5]}-{NATIONAL_ID[5:]}"

    response = _logged_in(client, staff).post(
        reverse("clients:person-create"),
        person_data(national_id=typed_id, consent_on="26/11/2568"),
    )

    person = Person.objects.get()
    assert response.url == person.get_absolute_url()
    assert person.centre == centre_a
    assert person.national_id == NATIONAL_ID
    assert person.phone == "0891112222"
    assert person.last_name == "ศรีสุข"
    assert person.birth_year == 2510
    assert (person.village.subdistrict_id, person.village.number) == ("500101", 5)
    assert person.consent_on == date(2025, 11, 26)
    assert person.consent_recorded_by == staff
    assert person.history.get().history_user == staff


def test_it_never_puts_the_stored_id_in_the_edit_form(client, staff, person):
    response = _logged_in(client, staff).get(_edit(person))

    page = response.content.decode()
    assert NATIONAL_ID not in page
    assert mask_thai_id(NATIONAL_ID) in page


def test_it_keeps_the_id_when_an_edit_leaves_it_empty(client, staff, person):
    response = _logged_in(client, staff).post(
        _edit(person), person_data(first_name="สมศรี", last_name="ใจดี", village_number="3")
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.national_id == NATIONAL_ID
    assert person.last_name == "ใจดี"
    assert person.history.first().history_user == staff


def test_it_removes_the_id_when_asked(client, staff, person):
    _logged_in(client, staff).post(
        _edit(person), person_data(village_number="3", remove_national_id="on")
    )

    person.refresh_from_db()
    assert person.national_id is None


def test_it_replaces_the_id_with_a_new_one(client, staff, person):
    _logged_in(client, staff).post(
        _edit(person), person_data(village_number="3", national_id=valid_thai_id(999))
    )

    person.refresh_from_db()
    assert person.national_id == valid_thai_id(999)


def test_it_records_who_took_a_new_consent_and_keeps_an_old_one(client, staff, colleague, person):
    person.consent_on = date(2024, 1, 5)
    person.consent_recorded_by = colleague
    person.save()
    _logged_in(client, staff)

    client.post(_edit(person), person_data(village_number="3", consent_on="05/01/2567"))
    person.refresh_from_db()
    assert person.consent_recorded_by == colleague  # the same date: nothing new

    client.post(_edit(person), person_data(village_number="3", consent_on="10/02/2568"))
    person.refresh_from_db()
    assert person.consent_on == date(2025, 2, 10)
    assert person.consent_recorded_by == staff


def test_it_keeps_the_person_unchanged_when_an_edit_is_invalid(client, staff, person):
    response = _logged_in(client, staff).post(
        _edit(person), person_data(first_name="ใหม่", phone="999")
    )

    assert response.status_code == 422
    person.refresh_from_db()
    assert (person.first_name, person.phone) == ("สมศรี", "0812345678")


def test_it_goes_back_to_a_safe_next_page_after_registering(client, staff, centre_a, sriphum):
    group = ClientGroupFactory(centre=centre_a)
    back = reverse("clients:membership-add", kwargs={"pk": group.pk})
    _logged_in(client, staff)

    safe = client.post(reverse("clients:person-create"), {**person_data(), "next": back})
    unsafe = client.post(
        reverse("clients:person-create"),
        {**person_data(first_name="อื่น"), "next": "https://evil.example/"},
    )

    assert safe.url == back
    assert unsafe.url == Person.objects.get(first_name="อื่น").get_absolute_url()


# The detail page


def test_it_shows_the_groups_a_person_belongs_to_and_the_history(client, staff, person):
    group = ClientGroupFactory(centre=person.centre, name="กลุ่มแม่บ้านศรีภูมิ")
    GroupMembershipFactory(person=person, group=group, role="treasurer")
    GroupMembershipFactory(
        person=person,
        group=ClientGroupFactory(centre=person.centre, name="กลุ่มเก่า"),
        left_on=timezone.localdate(),
    )

    response = _logged_in(client, staff).get(_detail(person))

    page = response.content.decode()
    assert "กลุ่มแม่บ้านศรีภูมิ" in page
    assert [m.group.name for m in response.context["memberships"]] == [
        "กลุ่มแม่บ้านศรีภูมิ",
        "กลุ่มเก่า",
    ]
    assert len(response.context["history"]) == 1


# The person picker's search


def test_it_suggests_only_persons_the_user_may_see(client, staff, person, centre_b):
    PersonFactory(centre=centre_b, first_name="สมศรีนอก")

    response = _logged_in(client, staff).get(reverse("clients:person-search"), {"q": "สมศรี"})

    [result] = response.json()["results"]
    assert result["key"] == str(person.pk)
    assert re.fullmatch(r"สมศรี ใจงาม · \S+ 3 ศรีภูมิ( · .*)?", result["label"])


def test_it_suggests_nothing_for_one_letter_or_a_user_without_a_centre(
    client, staff, nobody, person
):
    url = reverse("clients:person-search")

    assert _logged_in(client, staff).get(url, {"q": "ส"}).json() == {"results": []}
    assert _logged_in(client, nobody).get(url, {"q": "สมศรี"}).json() == {"results": []}
