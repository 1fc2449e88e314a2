"""The duplicate guard: a registered national ID is refused (with a link to the person when the
user may see them); a look-alike group or person asks for confirmation before saving."""

import pytest
from django.urls import reverse

from clients.models import ClientGroup, GroupKind, Person
from portal.lib.thai_id import format_thai_id
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.clients.factories import ClientGroupFactory, PersonFactory, valid_thai_id

NATIONAL_ID = valid_thai_id(2468)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sriphum(centre_a):
    return SubdistrictFactory(code="500101", district=centre_a.district, name_th="ศรีภูมิ")


@pytest.fixture
def moo_3(sriphum):
    return VillageFactory(subdistrict=sriphum, number=3)


def _logged_in(client, user):
    client.force_login(user)
    return client


def person_data(**overrides) -> dict:
    data = {
        "first_name": "บุญมี",
        "last_name": "ศรีสุข",
        "gender": "female",
        "birth_year": "2510",
        "subdistrict": "500101",
        "village_number": "3",
    }
    return {**data, **overrides}


def group_data(**overrides) -> dict:
    data = {
        "kind": GroupKind.OCCUPATIONAL,
        "name": "กลุ่มทอผ้าบ้านศรีภูมิ",
        "subdistrict": "500101",
        "village_number": "3",
        "status": "active",
    }
    return {**data, **overrides}


# National IDs


def test_it_refuses_an_id_registered_at_another_centre_without_saying_who(
    client, staff, centre_b, sriphum
):
    PersonFactory(centre=centre_b, first_name="ลับเฉพาะ", national_id=NATIONAL_ID)

    response = _logged_in(client, staff).post(
        reverse("clients:person-create"), person_data(national_id=format_thai_id(NATIONAL_ID))
    )

    assert response.status_code == 422
    assert response.context["form"].has_error("national_id", code="registered")
    page = response.content.decode()
    assert "ลับเฉพาะ" not in page
    assert Person.objects.count() == 1


def test_it_refuses_an_id_registered_here_and_links_to_the_person(client, staff, centre_a, moo_3):
    holder = PersonFactory(centre=centre_a, first_name="สมปอง", national_id=NATIONAL_ID)

    response = _logged_in(client, staff).post(
        reverse("clients:person-create"), person_data(national_id=NATIONAL_ID)
    )

    assert response.context["form"].has_error("national_id", code="registered")
    assert f'<a href="{holder.get_absolute_url()}">สมปอง ใจงาม</a>' in response.content.decode()
    assert Person.objects.count() == 1


def test_it_refuses_giving_a_person_the_id_of_another_on_edit(client, staff, centre_a, moo_3):
    PersonFactory(centre=centre_a, national_id=NATIONAL_ID)
    person = PersonFactory(centre=centre_a, village=moo_3)

    response = _logged_in(client, staff).post(
        reverse("clients:person-edit", kwargs={"pk": person.pk}),
        person_data(national_id=NATIONAL_ID, confirm_duplicate="on"),
    )

    assert response.context["form"].has_error("national_id", code="registered")
    person.refresh_from_db()
    assert person.national_id is None


def test_it_does_not_count_a_persons_own_id_as_a_duplicate(client, staff, centre_a, moo_3):
    person = PersonFactory(centre=centre_a, village=moo_3, national_id=NATIONAL_ID)

    response = _logged_in(client, staff).post(
        reverse("clients:person-edit", kwargs={"pk": person.pk}),
        person_data(national_id=NATIONAL_ID),
    )

    assert response.status_code == 302


# Look-alike persons


def test_it_asks_before_registering_a_namesake_born_the_same_year_in_the_same_village(
    client, staff, centre_a, moo_3
):
    existing = PersonFactory(
        centre=centre_a, village=moo_3, first_name="บุญมี", last_name="ศรีสุข", birth_year=2510
    )
    _logged_in(client, staff)

    warned = client.post(reverse("clients:person-create"), person_data())

    assert warned.status_code == 422
    form = warned.context["form"]
    assert list(form.errors) == ["confirm_duplicate"]
    assert [d.url for d in form.duplicates] == [existing.get_absolute_url()]
    assert 'type="checkbox" name="confirm_duplicate"' in warned.content.decode()
    assert Person.objects.count() == 1

    confirmed = client.post(reverse("clients:person-create"), person_data(confirm_duplicate="on"))

    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"birth_year": "2511"}, id="another birth year"),
        pytest.param({"village_number": "4"}, id="another village"),
        pytest.param({"last_name": "ศรีสวัสดิ์"}, id="another last name"),
    ],
)
def test_it_registers_a_person_who_only_shares_part_of_it(
    client, staff, centre_a, moo_3, overrides
):
    PersonFactory(
        centre=centre_a, village=moo_3, first_name="บุญมี", last_name="ศรีสุข", birth_year=2510
    )

    response = _logged_in(client, staff).post(
        reverse("clients:person-create"), person_data(**overrides)
    )

    assert response.status_code == 302
    assert Person.objects.count() == 2


# Look-alike groups


def test_it_asks_before_registering_a_group_named_like_one_in_the_same_subdistrict(
    client, staff, centre_a, sriphum
):
    existing = ClientGroupFactory(
        centre=centre_a,
        name="กลุ่มทอผ้า บ้านศรีภูมิ",
        village=VillageFactory(subdistrict=sriphum, number=7),
    )
    _logged_in(client, staff)

    warned = client.post(reverse("clients:group-create"), group_data(name="  กลุ่มทอผ้า   บ้านศรีภูมิ "))

    assert warned.status_code == 422
    form = warned.context["form"]
    assert list(form.errors) == ["confirm_duplicate"]
    assert [d.url for d in form.duplicates] == [existing.get_absolute_url()]
    assert ClientGroup.objects.count() == 1

    confirmed = client.post(
        reverse("clients:group-create"),
        group_data(name="กลุ่มทอผ้า บ้านศรีภูมิ", confirm_duplicate="on"),
    )

    assert confirmed.status_code == 302
    assert ClientGroup.objects.count() == 2


def test_it_compares_group_names_without_case(client, staff, centre_a, sriphum):
    ClientGroupFactory(
        centre=centre_a, name="OTOP Network Si Phum", village=VillageFactory(subdistrict=sriphum)
    )

    response = _logged_in(client, staff).post(
        reverse("clients:group-create"), group_data(name="otop network  si phum")
    )

    assert response.context["form"].has_error("confirm_duplicate")


def test_it_registers_a_group_named_like_one_in_another_subdistrict(
    client, staff, centre_a, sriphum
):
    elsewhere = SubdistrictFactory(code="500102", district=centre_a.district)
    ClientGroupFactory(
        centre=centre_a, name="กลุ่มทอผ้าบ้านศรีภูมิ", village=VillageFactory(subdistrict=elsewhere)
    )

    response = _logged_in(client, staff).post(reverse("clients:group-create"), group_data())

    assert response.status_code == 302
    assert ClientGroup.objects.count() == 2


def test_it_guards_an_edit_that_renames_a_group_like_another(client, staff, centre_a, moo_3):
    ClientGroupFactory(centre=centre_a, name="กลุ่มทอผ้าบ้านศรีภูมิ", village=moo_3)
    group = ClientGroupFactory(centre=centre_a, name="กลุ่มใหม่", village=moo_3)

    response = _logged_in(client, staff).post(
        reverse("clients:group-edit", kwargs={"pk": group.pk}), group_data()
    )

    assert response.context["form"].has_error("confirm_duplicate")
    group.refresh_from_db()
    assert group.name == "กลุ่มใหม่"


def test_it_does_not_count_a_group_as_its_own_duplicate(client, staff, centre_a, moo_3):
    group = ClientGroupFactory(centre=centre_a, name="กลุ่มทอผ้าบ้านศรีภูมิ", village=moo_3)

    response = _logged_in(client, staff).post(
        reverse("clients:group-edit", kwargs={"pk": group.pk}), group_data(status="dormant")
    )

    assert response.status_code == 302


def test_it_names_a_look_alike_at_another_centre_without_linking_to_it(
    client, staff, centre_a, centre_b, moo_3
):
    """A village of A's district, registered by B (a group that moved): shown, not linked."""
    ClientGroupFactory(centre=centre_b, name="กลุ่มทอผ้าบ้านศรีภูมิ", village=moo_3)

    response = _logged_in(client, staff).post(reverse("clients:group-create"), group_data())

    [duplicate] = response.context["form"].duplicates
    assert duplicate.url is None
