"""Revealing a national ID on purpose (PDPA): staff and head of the person's own centre only,
each reveal logged; masked everywhere else; committee members and provincial officers see none."""

import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from clients.models import IdReveal
from clients.privacy import REVEALED_SESSION_KEY
from portal.lib.thai_id import format_thai_id, mask_thai_id
from tests.clients.factories import PersonFactory, valid_thai_id

NATIONAL_ID = valid_thai_id(4242)
FULL = format_thai_id(NATIONAL_ID)
MASKED = mask_thai_id(NATIONAL_ID)


@pytest.fixture
def person(centre_a):
    return PersonFactory(centre=centre_a, national_id=NATIONAL_ID)


def _reveal(client, user, person, **headers):
    client.force_login(user)
    return client.post(reverse("clients:person-reveal-id", args=[person.pk]), **headers)


def _render_include(user, person, session=None) -> str:
    request = RequestFactory().get("/")
    request.user = user
    request.session = session if session is not None else {}
    template = Template(
        '{% include "clients/includes/national_id.html" with person=person %}',
    )
    return template.render(RequestContext(request, {"person": person}))


def test_it_refuses_an_outsider_with_404_and_logs_nothing(client, outsider, person):
    response = _reveal(client, outsider, person)

    assert response.status_code == 404
    assert not IdReveal.objects.exists()


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
def test_it_refuses_read_only_users_with_403_and_logs_nothing(client, request, persona, person):
    response = _reveal(client, request.getfixturevalue(persona), person)

    assert response.status_code == 403
    assert FULL not in response.content.decode()
    assert not IdReveal.objects.exists()


def test_it_refuses_an_administrator_without_a_centre_role(client, admin_user, person):
    response = _reveal(client, admin_user, person)

    assert response.status_code == 403
    assert not IdReveal.objects.exists()


def test_it_refuses_get(client, staff, person):
    client.force_login(staff)

    response = client.get(reverse("clients:person-reveal-id", args=[person.pk]))

    assert response.status_code == 405
    assert not IdReveal.objects.exists()


def test_it_sends_anonymous_users_to_the_login_page(client, person):
    response = client.post(reverse("clients:person-reveal-id", args=[person.pk]))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not IdReveal.objects.exists()


def test_it_refuses_to_reveal_an_id_that_is_not_on_file(client, staff, centre_a):
    person = PersonFactory(centre=centre_a, national_id=None)

    response = _reveal(client, staff, person)

    assert response.status_code == 403
    assert not IdReveal.objects.exists()


def test_it_returns_the_full_id_in_place_for_htmx_and_logs_one_reveal(client, staff, person):
    response = _reveal(client, staff, person, headers={"HX-Request": "true"})

    assert response.status_code == 200
    body = response.content.decode()
    assert FULL in body
    assert "<html" not in body
    reveal = IdReveal.objects.get()
    assert (reveal.user, reveal.person) == (staff, person)
    assert reveal.revealed_at is not None


@pytest.mark.parametrize("persona", ["staff", "colleague", "head"])
def test_it_logs_each_reveal_by_whoever_asked(client, request, persona, person):
    user = request.getfixturevalue(persona)

    _reveal(client, user, person, headers={"HX-Request": "true"})
    _reveal(client, user, person, headers={"HX-Request": "true"})

    assert list(IdReveal.objects.values_list("user", "person")) == [(user.pk, person.pk)] * 2


def test_without_javascript_it_redirects_to_the_person_and_shows_the_id_once(client, staff, person):
    response = _reveal(client, staff, person)

    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()
    assert client.session[REVEALED_SESSION_KEY] == person.pk
    assert FULL not in str(dict(client.session))  # the session holds who, never the ID
    assert IdReveal.objects.count() == 1

    session = client.session
    first = _render_include(staff, person, session)
    second = _render_include(staff, person, session)

    assert FULL in first
    assert FULL not in second and MASKED in second
    assert IdReveal.objects.count() == 1  # showing it after the redirect is no new reveal


def test_the_include_shows_staff_the_masked_id_and_a_reveal_button(staff, person):
    html = _render_include(staff, person)

    assert MASKED in html
    assert FULL not in html and NATIONAL_ID not in html
    assert reverse("clients:person-reveal-id", args=[person.pk]) in html
    assert 'method="post"' in html and "hx-post" in html and "csrfmiddlewaretoken" in html


def test_the_include_shows_an_administrator_the_masked_id_without_a_button(admin_user, person):
    html = _render_include(admin_user, person)

    assert MASKED in html
    assert "reveal-id" not in html


@pytest.mark.parametrize("persona", ["committee_member", "province_officer", "outsider"])
def test_the_include_shows_read_only_users_nothing_at_all(request, persona, person):
    html = _render_include(request.getfixturevalue(persona), person)

    assert html.strip() == ""


def test_the_include_ignores_a_reveal_remembered_for_a_read_only_user(committee_member, person):
    html = _render_include(committee_member, person, {REVEALED_SESSION_KEY: person.pk})

    assert html.strip() == ""


def test_the_include_says_when_no_id_is_recorded(staff, centre_a):
    person = PersonFactory(centre=centre_a, national_id=None)

    html = _render_include(staff, person)

    assert "reveal-id" not in html
    assert "x-xxxx" not in html


def test_the_person_page_shows_the_id_masked_and_never_to_the_committee(
    client, staff, committee_member, person
):
    client.force_login(staff)
    staff_page = client.get(person.get_absolute_url()).content.decode()
    client.force_login(committee_member)
    committee_page = client.get(person.get_absolute_url()).content.decode()

    assert MASKED in staff_page and FULL not in staff_page
    assert MASKED not in committee_page and FULL not in committee_page
    assert not IdReveal.objects.exists()


def test_without_javascript_the_person_page_shows_the_revealed_id_once(client, staff, person):
    response = _reveal(client, staff, person, follow=True)

    assert FULL in response.content.decode()
    again = client.get(person.get_absolute_url()).content.decode()
    assert FULL not in again and MASKED in again
    assert IdReveal.objects.count() == 1


def test_the_person_list_shows_staff_the_masked_id_and_the_committee_none(
    client, staff, committee_member, person
):
    client.force_login(staff)
    staff_list = client.get(reverse("clients:person-list")).content.decode()
    client.force_login(committee_member)
    committee_list = client.get(reverse("clients:person-list")).content.decode()

    assert MASKED in staff_list and FULL not in staff_list and NATIONAL_ID not in staff_list
    assert person.first_name in committee_list
    assert MASKED not in committee_list and NATIONAL_ID not in committee_list
