"""A person's data export (PDPA subject access): all the portal holds on them, for
administrators only, and logged."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from clients.models import IdReveal, MemberRole
from portal.lib.thai_id import format_thai_id
from tests.clients.factories import (
    ClientGroupFactory,
    GroupMembershipFactory,
    IdRevealFactory,
    valid_thai_id,
)

NATIONAL_ID = valid_thai_id(31337)


@pytest.fixture
def membership(centre_a, staff):
    membership = GroupMembershipFactory(
        group__centre=centre_a,
        group__name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองหอย",
        role=MemberRole.CHAIR,
        person__national_id=NATIONAL_ID,
        person__first_name="คำปุน",
        person__last_name="อินต๊ะ",
        person__phone="0812345678",
        person__birth_year=2505,
    )
    IdRevealFactory(person=membership.person, user=staff)
    return membership


@pytest.fixture
def person(membership):
    return membership.person


def _export(client, user, person):
    client.force_login(user)
    return client.get(reverse("clients:person-data-export", args=[person.pk]))


@pytest.mark.parametrize(
    "persona", ["staff", "head", "committee_member", "outsider", "province_officer", "nobody"]
)
def test_it_refuses_everyone_but_administrators(client, request, persona, person):
    response = _export(client, request.getfixturevalue(persona), person)

    assert response.status_code == 403
    assert NATIONAL_ID not in response.content.decode()
    assert not LogEntry.objects.exists()


def test_it_sends_anonymous_users_to_the_login_page(client, person):
    response = client.get(reverse("clients:person-data-export", args=[person.pk]))

    assert response.status_code == 302
    assert not LogEntry.objects.exists()


def test_it_answers_404_for_an_unknown_person(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("clients:person-data-export", args=[999999]))

    assert response.status_code == 404


def test_it_downloads_all_the_portal_holds_on_the_person(client, admin_user, person, staff):
    ClientGroupFactory(centre=person.centre)  # another group: not theirs, not exported

    response = _export(client, admin_user, person)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    profile = data["person"]
    assert (profile["first_name"], profile["last_name"]) == ("คำปุน", "อินต๊ะ")
    assert profile["national_id"] == format_thai_id(NATIONAL_ID)
    assert (profile["phone"], profile["birth_year_be"]) == ("0812345678", 2505)
    assert profile["village"]["code"] == person.village.code
    assert profile["registering_centre"]["code"] == person.centre.code
    assert [m["group"] for m in data["group_memberships"]] == ["กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองหอย"]
    assert data["group_memberships"][0]["role"] == str(MemberRole.CHAIR.label)
    assert [h["first_name"] for h in data["history"]] == ["คำปุน"]
    assert len(data["group_membership_history"]) == 1
    assert [r["revealed_by"] for r in data["id_reveals"]] == [staff.username]
    assert data["exported_by"] == admin_user.username


def test_it_logs_the_export_without_counting_as_a_reveal(client, admin_user, person):
    _export(client, admin_user, person)

    entry = LogEntry.objects.get()
    assert (entry.user, entry.object_id) == (admin_user, str(person.pk))
    assert entry.change_message
    assert IdReveal.objects.count() == 1  # only the fixture's


def test_it_exports_a_person_without_an_id(client, admin_user, centre_a):
    membership = GroupMembershipFactory(group__centre=centre_a, person__national_id=None)

    data = json.loads(_export(client, admin_user, membership.person).content)

    assert data["person"]["national_id"] is None
