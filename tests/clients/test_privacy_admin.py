"""The PDPA tools of the admin: export and anonymise actions on persons, and the read-only
list of ID reveals."""

import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse

from clients.models import IdReveal, Person
from clients.privacy import ANONYMISED_FIRST_NAME
from portal.lib.thai_id import format_thai_id, mask_thai_id
from tests.centres.factories import UserFactory
from tests.clients.factories import IdRevealFactory, PersonFactory, valid_thai_id

CHANGELIST = "admin:clients_person_changelist"


@pytest.fixture
def persons(centre_a):
    return [
        PersonFactory(centre=centre_a, national_id=valid_thai_id(n), first_name=f"ชื่อจริง{n}")
        for n in (1, 2)
    ]


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _action(client, action: str, persons, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [p.pk for p in persons], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_the_person_list_shows_ids_masked(admin_client, persons):
    body = admin_client.get(reverse(CHANGELIST)).content.decode()

    assert mask_thai_id(persons[0].national_id) in body
    assert persons[0].national_id not in body
    assert format_thai_id(persons[0].national_id) not in body


def test_the_export_action_downloads_the_selected_persons(admin_client, persons):
    response = _action(admin_client, "export_personal_data", persons)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert [d["person"]["national_id"] for d in data] == [
        format_thai_id(p.national_id) for p in persons
    ]
    assert sorted(LogEntry.objects.values_list("object_id", flat=True)) == sorted(
        str(p.pk) for p in persons
    )


def test_the_anonymise_action_asks_for_confirmation_first(admin_client, persons):
    response = _action(admin_client, "anonymise", persons)

    assert response.status_code == 200
    body = response.content.decode()
    assert "ชื่อจริง1" in body and 'name="post" value="yes"' in body
    assert not Person.objects.filter(is_anonymised=True).exists()


def test_the_anonymise_action_anonymises_once_confirmed(admin_client, persons):
    response = _action(admin_client, "anonymise", persons, post="yes")

    assert response.status_code == 302
    assert Person.objects.filter(is_anonymised=True).count() == 2
    assert set(Person.objects.values_list("first_name", flat=True)) == {ANONYMISED_FIRST_NAME}
    assert not Person.objects.exclude(national_id=None).exists()


def test_a_staff_user_without_superuser_rights_cannot_use_the_pdpa_actions(client, persons):
    user = UserFactory(username="clerk", is_staff=True)
    user.user_permissions.add(*_person_permissions())
    client.force_login(user)

    export = _action(client, "export_personal_data", persons)
    anonymise = _action(client, "anonymise", persons, post="yes")

    assert (export.status_code, anonymise.status_code) == (403, 403)
    assert not Person.objects.filter(is_anonymised=True).exists()


def _person_permissions():
    return Permission.objects.filter(content_type__app_label="clients", codename__endswith="person")


def test_the_reveal_log_lists_who_looked_at_which_id(admin_client, persons, staff, colleague):
    IdRevealFactory(person=persons[0], user=staff)
    IdRevealFactory(person=persons[1], user=colleague)
    url = reverse("admin:clients_idreveal_changelist")

    everyone = admin_client.get(url)
    only_staff = admin_client.get(url, {"user__id__exact": staff.pk})

    assert everyone.status_code == 200
    assert everyone.context["cl"].result_count == 2
    assert [r.user for r in only_staff.context["cl"].result_list] == [staff]
    assert admin_client.get(url, {"revealed_at__year": "2020"}).status_code == 200


def test_the_reveal_log_is_read_only(admin_client, persons, staff):
    reveal = IdRevealFactory(person=persons[0], user=staff)

    add = admin_client.get(reverse("admin:clients_idreveal_add"))
    change = admin_client.post(reverse("admin:clients_idreveal_change", args=[reveal.pk]), {})
    delete = admin_client.post(reverse("admin:clients_idreveal_delete", args=[reveal.pk]))

    assert add.status_code == 403
    assert change.status_code == 403
    assert delete.status_code == 403
    assert IdReveal.objects.filter(pk=reveal.pk).exists()
