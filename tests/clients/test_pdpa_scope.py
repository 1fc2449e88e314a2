"""PDPA scope: only staff and the head of a person's own centre find someone by a whole
national ID, and another centre's person is never named to staff by the duplicate guards."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from centres.models import Role
from clients.forms import ELSEWHERE_LOOK_ALIKE, REGISTERED_ELSEWHERE
from clients.models import Person
from portal.lib.thai_id import format_thai_id, mask_thai_id
from tests.centres.factories import MembershipFactory, SubdistrictFactory, VillageFactory
from tests.clients.factories import PersonFactory, valid_thai_id
from tests.clients.test_person_pages import person_data

NATIONAL_ID = valid_thai_id(5150)


@pytest.fixture
def sriphum(centre_a):
    return SubdistrictFactory(
        code="500101", district=centre_a.district, name_th="ศรีภูมิ", name_en="Si Phum"
    )


@pytest.fixture
def person(centre_a, sriphum):
    return PersonFactory(
        centre=centre_a,
        first_name="มาลัย",
        last_name="ศรีงาม",
        national_id=NATIONAL_ID,
        birth_year=2512,
        village=VillageFactory(subdistrict=sriphum, number=2),
    )


def _thai(message) -> str:
    with translation.override("th"):
        return html.escape(str(message))


def _warning(body: str) -> str:
    """The duplicate guard's list of look-alikes, as the page shows it."""
    start = body.index('<div class="alert alert-warning"')
    return body[start : body.index("</div>", start)]


def _list(client, user, query: str) -> str:
    client.force_login(user)
    response = client.get(reverse("clients:person-list"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def _suggestions(client, user, query: str) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("clients:person-search"), {"q": query})
    return [result["key"] for result in response.json()["results"]]


# Searching by a whole national ID


@pytest.mark.parametrize("persona", ["staff", "head"])
def test_it_lets_the_persons_own_centre_find_them_by_id(client, request, persona, person):
    user = request.getfixturevalue(persona)

    assert person.last_name in _list(client, user, format_thai_id(NATIONAL_ID))
    assert _suggestions(client, user, NATIONAL_ID) == [str(person.pk)]


@pytest.mark.parametrize("persona", ["committee_member", "province_officer", "admin_user"])
def test_it_finds_nobody_by_id_for_other_roles(client, request, persona, person):
    user = request.getfixturevalue(persona)

    assert person.last_name not in _list(client, user, NATIONAL_ID)
    assert person.last_name in _list(client, user, person.last_name)  # the person is visible
    assert _suggestions(client, user, format_thai_id(NATIONAL_ID)) == []


def test_a_committee_members_search_by_id_shows_no_trace_of_the_holder(
    client, committee_member, person
):
    body = _list(client, committee_member, NATIONAL_ID)  # what was typed is echoed, no more

    assert person.first_name not in body and person.last_name not in body
    assert mask_thai_id(NATIONAL_ID) not in body and format_thai_id(NATIONAL_ID) not in body


def test_it_finds_nobody_by_id_for_staff_who_only_oversee_the_province(
    client, outsider, person, centre_a
):
    """Staff at another centre who are also provincial officers over the person's centre see
    the person, but may not learn who holds an ID there."""
    MembershipFactory(
        user=outsider, centre=None, province=centre_a.district.province, role=Role.PROVINCE
    )

    assert person.last_name in _list(client, outsider, person.last_name)
    assert person.last_name not in _list(client, outsider, NATIONAL_ID)
    assert _suggestions(client, outsider, NATIONAL_ID) == []


def test_it_does_not_find_by_id_a_word_of_a_longer_search(client, committee_member, person):
    assert person.last_name not in _list(client, committee_member, f"{NATIONAL_ID} มาลัย")


def test_the_intake_finds_the_centres_person_by_id(client, staff, person):
    client.force_login(staff)
    response = client.get(reverse("services:client-search"), {"q": NATIONAL_ID})

    assert [r["key"] for r in response.json()["results"]] == [f"p{person.pk}"]


# The duplicate guards


def test_it_names_the_holder_of_an_id_to_staff_of_the_same_centre(client, staff, person):
    client.force_login(staff)
    response = client.post(reverse("clients:person-create"), person_data(national_id=NATIONAL_ID))

    assert response.status_code == 422
    assert person.get_absolute_url() in response.content.decode()
    assert Person.objects.count() == 1


def test_it_says_only_that_an_id_is_registered_elsewhere(client, outsider, person):
    client.force_login(outsider)
    data = person_data(national_id=NATIONAL_ID, subdistrict="", village_number="1")
    response = client.post(reverse("clients:person-create"), data)
    body = response.content.decode()

    assert response.status_code == 422
    assert _thai(REGISTERED_ELSEWHERE) in body
    for trace in (person.first_name, person.last_name, "2512", str(person.village)):
        assert trace not in body
    assert person.get_absolute_url() not in body
    assert Person.objects.count() == 1


def test_it_does_not_name_another_centres_look_alike(client, staff, sriphum, centre_b):
    """A person registered by another centre in this village (they moved) is a look-alike:
    staff are warned without learning the name, the village or the birth year."""
    other = PersonFactory(
        centre=centre_b,
        first_name="บุญมี",
        last_name="ศรีสุข",
        birth_year=2510,
        village=VillageFactory(subdistrict=sriphum, number=5),
    )
    client.force_login(staff)
    response = client.post(reverse("clients:person-create"), person_data())
    body = response.content.decode()
    warning = _warning(body)

    assert response.status_code == 422
    assert _thai(ELSEWHERE_LOOK_ALIKE) in warning
    for trace in (other.first_name, other.last_name, "2510", str(other.village)):
        assert trace not in warning
    assert other.get_absolute_url() not in body
    assert Person.objects.count() == 1


def test_it_still_names_a_look_alike_of_the_users_own_centre(client, staff, person):
    client.force_login(staff)
    data = person_data(first_name=person.first_name, last_name=person.last_name, birth_year="2512")
    data["village_number"] = "2"
    warning = _warning(client.post(reverse("clients:person-create"), data).content.decode())

    assert person.get_absolute_url() in warning
    assert _thai(ELSEWHERE_LOOK_ALIKE) not in warning
