"""The admin's person page: the national ID shows masked, is revealed on purpose (a logged
reveal), and is changed by typing a new one in an input that is empty by default."""

import pytest
from django.urls import reverse

from centres.models import AuditEvent, AuditKind
from clients.models import IdReveal, Person
from portal.lib.thai_id import format_thai_id, mask_thai_id
from tests.centres.factories import UserFactory
from tests.clients.factories import PersonFactory, valid_thai_id

NATIONAL_ID = valid_thai_id(7070)
NEW_ID = valid_thai_id(7071)


@pytest.fixture
def person(centre_a):
    return PersonFactory(centre=centre_a, national_id=NATIONAL_ID, phone="0812345678")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _change(person) -> str:
    return reverse("admin:clients_person_change", args=[person.pk])


def _reveal(person) -> str:
    return reverse("admin:clients_person_reveal_id", kwargs={"pk": person.pk})


def _form_data(client, person, **changes) -> dict:
    """The change form as the browser posts it, unchanged but for ``changes``."""
    form = client.get(_change(person)).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items() if v is not False}
    return {**data, **changes}


def test_the_change_page_shows_the_id_only_masked(admin_client, person):
    body = admin_client.get(_change(person)).content.decode()

    assert mask_thai_id(NATIONAL_ID) in body
    assert NATIONAL_ID not in body and format_thai_id(NATIONAL_ID) not in body
    assert _reveal(person) in body  # the reveal button
    assert 'name="new_national_id"' in body and 'name="national_id"' not in body
    assert not IdReveal.objects.exists() and not AuditEvent.objects.exists()


def test_the_add_page_has_the_new_id_input_only(admin_client):
    body = admin_client.get(reverse("admin:clients_person_add")).content.decode()

    assert 'name="new_national_id"' in body and 'name="national_id"' not in body


def test_an_administrator_registers_a_person_with_an_id(admin_client, person):
    data = _form_data(admin_client, person, new_national_id=NEW_ID, first_name="ใหม่")
    response = admin_client.post(reverse("admin:clients_person_add"), data)

    assert response.status_code == 302
    assert Person.objects.get(first_name="ใหม่").national_id == NEW_ID


def test_the_reveal_shows_the_id_and_logs_it(admin_client, admin_user, person):
    response = admin_client.post(_reveal(person))

    assert response.status_code == 200
    assert format_thai_id(NATIONAL_ID) in response.content.decode()
    assert list(IdReveal.objects.values_list("person", "user")) == [(person.pk, admin_user.pk)]
    event = AuditEvent.objects.get()
    assert (event.kind, event.user, event.centre, event.what) == (
        AuditKind.REVEAL,
        admin_user,
        person.centre,
        f"person {person.pk}",
    )


def test_the_reveal_answers_only_a_post(admin_client, person):
    assert admin_client.get(_reveal(person)).status_code == 403
    assert not IdReveal.objects.exists()


def test_the_reveal_is_refused_to_staff_of_the_admin_who_are_not_administrators(client, person):
    clerk = UserFactory(username="clerk", is_staff=True)
    client.force_login(clerk)

    assert client.post(_reveal(person)).status_code == 403
    assert not IdReveal.objects.exists()


def test_the_reveal_sends_signed_in_users_without_admin_access_to_the_admin_login(
    client, staff, person
):
    client.force_login(staff)
    response = client.post(_reveal(person))

    assert response.status_code == 302 and "login" in response.url
    assert not IdReveal.objects.exists()


def test_the_reveal_of_a_person_without_an_id_is_404(admin_client, centre_a):
    nobody = PersonFactory(centre=centre_a, national_id=None)

    assert admin_client.post(_reveal(nobody)).status_code == 404


def test_saving_the_page_unchanged_keeps_the_id(admin_client, person):
    response = admin_client.post(_change(person), _form_data(admin_client, person))

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.national_id == NATIONAL_ID


def test_an_administrator_replaces_the_id_by_typing_a_new_one(admin_client, person):
    typed = format_thai_id(NEW_ID)
    response = admin_client.post(
        _change(person), _form_data(admin_client, person, new_national_id=typed)
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.national_id == NEW_ID


def test_an_administrator_removes_the_id(admin_client, person):
    data = _form_data(admin_client, person, remove_national_id="on")
    assert admin_client.post(_change(person), data).status_code == 302
    person.refresh_from_db()
    assert person.national_id is None


@pytest.mark.parametrize("typed", ["1234567890123", NATIONAL_ID[:-1]])
def test_it_refuses_an_invalid_new_id(admin_client, person, typed):
    data = _form_data(admin_client, person, new_national_id=typed)
    response = admin_client.post(_change(person), data)

    assert response.status_code == 200  # the admin's own answer to a form with errors
    assert response.context["adminform"].form.errors["new_national_id"]
    person.refresh_from_db()
    assert person.national_id == NATIONAL_ID


def test_it_refuses_an_id_another_person_holds(admin_client, person, centre_b):
    other = PersonFactory(centre=centre_b, national_id=NEW_ID)
    data = _form_data(admin_client, person, new_national_id=NEW_ID)
    response = admin_client.post(_change(person), data)

    errors = response.context["adminform"].form.errors["new_national_id"]
    assert str(other.pk) in errors[0]
    person.refresh_from_db()
    assert person.national_id == NATIONAL_ID
    assert Person.objects.filter(national_id=NEW_ID).get() == other
