"""Anonymising a person on request (PDPA): what identifies them goes, everywhere; what the
registry's figures need stays."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry

from clients.models import GroupMembership, GroupSnapshot, IdReveal, MemberRole, Person
from clients.privacy import ANONYMISED_FIRST_NAME, anonymise_person
from tests.clients.factories import (
    GroupMembershipFactory,
    GroupSnapshotFactory,
    IdRevealFactory,
    valid_thai_id,
)

NATIONAL_ID = valid_thai_id(777)


@pytest.fixture
def membership(centre_a, staff):
    membership = GroupMembershipFactory(
        group__centre=centre_a,
        role=MemberRole.TREASURER,
        person__national_id=NATIONAL_ID,
        person__title="mrs",
        person__first_name="บัวผัน",
        person__last_name="แก้วมูล",
        person__phone="0812345678",
        person__birth_year=2510,
        person__gender="female",
        person__occupation="ทอผ้า",
    )
    person = membership.person
    person.phone = "0898765432"  # a change, so the history holds two versions
    person.save()
    IdRevealFactory(person=person, user=staff)
    return membership


@pytest.fixture
def person(membership):
    return membership.person


def test_it_erases_the_identifying_fields(person, admin_user):
    assert anonymise_person(person=person, by=admin_user) is True

    person.refresh_from_db()
    assert person.is_anonymised
    assert person.national_id is None
    assert (person.title, person.phone, person.occupation) == ("", "", "")
    assert person.first_name == ANONYMISED_FIRST_NAME
    assert person.last_name == f"#{person.pk}"
    assert "บัวผัน" not in person.full_name


def test_it_erases_them_from_every_historical_row_too(person, admin_user):
    anonymise_person(person=person, by=admin_user)

    rows = Person.history.filter(id=person.pk)
    assert rows.count() == 3  # created, phone changed, anonymised
    for row in rows:
        assert (row.first_name, row.last_name) == (ANONYMISED_FIRST_NAME, f"#{person.pk}")
        assert (row.title, row.phone, row.occupation) == ("", "", "")
    latest = rows.latest()
    assert latest.history_user == admin_user
    assert latest.history_change_reason


def test_it_keeps_the_figures_the_registry_counts(membership, person, admin_user):
    snapshot = GroupSnapshotFactory(group=membership.group, members=30, capital=Decimal("5000"))

    anonymise_person(person=person, by=admin_user)

    person.refresh_from_db()
    assert (person.birth_year, person.gender) == (2510, "female")
    assert (person.village_id, person.centre_id) == (
        membership.group.village_id,
        membership.group.centre_id,
    )
    kept = GroupMembership.objects.get(pk=membership.pk)
    assert (kept.person_id, kept.role) == (person.pk, MemberRole.TREASURER)
    snapshot.refresh_from_db()
    assert (snapshot.members, snapshot.capital) == (30, Decimal("5000.00"))
    assert GroupSnapshot.objects.count() == 1


def test_it_keeps_the_reveal_log_pointing_at_the_nameless_person(person, staff, admin_user):
    anonymise_person(person=person, by=admin_user)

    reveal = IdReveal.objects.get()
    assert (reveal.person_id, reveal.user) == (person.pk, staff)


def test_it_leaves_no_name_in_the_admin_log(person, admin_user):
    LogEntry.objects.log_actions(user_id=admin_user.pk, queryset=[person], action_flag=2)

    anonymise_person(person=person, by=admin_user)

    entries = LogEntry.objects.filter(object_id=str(person.pk))
    assert entries.count() == 2
    assert not entries.filter(object_repr__contains="บัวผัน").exists()
    assert entries.latest("action_time").change_message


def test_a_second_anonymise_changes_nothing(person, admin_user):
    anonymise_person(person=person, by=admin_user)
    history_rows = Person.history.count()
    log_entries = LogEntry.objects.count()

    assert anonymise_person(person=person, by=admin_user) is False

    person.refresh_from_db()
    assert person.is_anonymised and person.first_name == ANONYMISED_FIRST_NAME
    assert Person.history.count() == history_rows
    assert LogEntry.objects.count() == log_entries


def test_it_frees_the_national_id_for_a_new_registration(person, admin_user):
    anonymise_person(person=person, by=admin_user)

    assert not Person.objects.filter(national_id=NATIONAL_ID).exists()
