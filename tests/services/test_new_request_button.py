"""The group and person pages' "new request for this client" button: the intake with the
client already chosen, for those who may log requests at the client's centre."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.clients.factories import ClientGroupFactory, PersonFactory

CREATE_URL = reverse("services:request-create")


def th(msgid: str) -> str:
    with translation.override("th"):
        return translation.gettext(msgid)


@pytest.fixture
def group(centre_a):
    return ClientGroupFactory(centre=centre_a, name="กลุ่มจักสานบ้านดอน")


@pytest.fixture
def person(centre_a):
    return PersonFactory(centre=centre_a, first_name="บุญมี", last_name="มีสุข")


def _button(page: str) -> bool:
    return th("New request for this client") in page


@pytest.mark.parametrize("persona", ["staff", "head"])
def test_it_links_a_groups_page_to_the_intake_with_the_group_chosen(
    request, client, persona, group
):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(group.get_absolute_url()).content.decode()
    assert _button(page)
    assert f'href="{CREATE_URL}?client=g{group.pk}"' in page
    intake = client.get(f"{CREATE_URL}?client=g{group.pk}").content.decode()
    assert f'name="client_key" value="g{group.pk}"' in intake
    assert 'value="กลุ่มจักสานบ้านดอน · ' in intake


def test_it_links_a_persons_page_to_the_intake_with_the_person_chosen(client, staff, person):
    client.force_login(staff)
    page = client.get(person.get_absolute_url()).content.decode()
    assert _button(page)
    assert f'href="{CREATE_URL}?client=p{person.pk}"' in page
    intake = client.get(f"{CREATE_URL}?client=p{person.pk}").content.decode()
    assert f'name="client_key" value="p{person.pk}"' in intake


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
def test_it_shows_no_button_to_read_only_roles(request, client, persona, group, person):
    client.force_login(request.getfixturevalue(persona))
    for client_page in (group.get_absolute_url(), person.get_absolute_url()):
        response = client.get(client_page)
        assert response.status_code == 200
        assert not _button(response.content.decode())
        assert CREATE_URL not in response.content.decode()


def test_it_shows_no_button_for_a_person_whose_data_was_erased(client, staff, person):
    person.is_anonymised = True
    person.save()
    client.force_login(staff)
    assert not _button(client.get(person.get_absolute_url()).content.decode())


def test_it_answers_404_to_another_centre_on_both_pages(client, outsider, group, person):
    client.force_login(outsider)
    assert client.get(group.get_absolute_url()).status_code == 404
    assert client.get(person.get_absolute_url()).status_code == 404
