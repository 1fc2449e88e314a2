"""The import is planned once, at the upload: the preview shows that plan and the confirmation
writes it, without reading the registry's rows again, for as long as nothing the plan read
has changed. When something has (a record of the centre, or one the plan read, changed
after the plan was made, or a village added meanwhile), the plan is made again and the file's
rows are matched against what is true now. A kept plan that was changed in storage, or made
in another language, is made again too."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from centres.models import Village
from clients.imports import pending
from clients.imports.columns import GROUPS, MEMBERSHIPS, PERSONS
from clients.imports.planning import ID_OF_OTHER_CENTRE, plan_import
from clients.models import ClientGroup, GroupMembership, Person
from tests.clients.factories import (
    ClientGroupFactory,
    GroupMembershipFactory,
    PersonFactory,
    valid_thai_id,
)
from tests.clients.files import csv_file, fixtures, rows_of
from tests.clients.files.flow import confirm, preview, upload

media = fixtures.media
places = fixtures.places

SOMSRI = {
    "title": "นาง",
    "first_name": "สมศรี",
    "last_name": "ใจดี",
    "birth_year": "2510",
    "phone": "0812345678",
    "subdistrict_code": "500101",
    "village_number": "3",
    "consent_on": "01/11/2568",
}


def _file(*persons: dict):
    return csv_file(rows_of(PERSONS, list(persons)))


def _reads_persons(queries: CaptureQueriesContext) -> bool:
    """Whether a query read the person table (not its history)."""
    return any(
        query["sql"].lstrip().upper().startswith("SELECT") and '"clients_person"' in query["sql"]
        for query in queries.captured_queries
    )


@pytest.fixture
def plans_made(monkeypatch) -> list:
    """The plans made after the upload's (each one checks every row against the registry)."""
    made: list = []

    def counted(*args, **kwargs):
        plan = plan_import(*args, **kwargs)
        made.append(plan)
        return plan

    monkeypatch.setattr(pending, "plan_import", counted)
    return made


def _confirmed(client, token: str, plans_made: list) -> tuple[object, bool]:
    """Confirm; return the response and whether the confirmation made the plan again."""
    before = len(plans_made)
    response = confirm(client, token)
    return response, len(plans_made) > before


def _later(minutes: int = 2):
    """The clock moved on: what was saved before lies outside the plans' margin of a minute."""
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=True)


@pytest.fixture
def village_3(places):
    return Village.objects.get(subdistrict=places, number=3)


def test_the_preview_and_the_confirmation_do_not_read_the_registry_again(
    client, plans_made, staff, media, places
):
    client.force_login(staff)
    token = upload(client, _file(SOMSRI, {**SOMSRI, "first_name": "สมหญิง"}))

    with CaptureQueriesContext(connection) as queries:
        plan = preview(client, token).context["plan"]
    response, read_again = _confirmed(client, token, plans_made)

    assert plan.counts["persons"].create == 2
    assert not _reads_persons(queries)
    assert response.url == reverse("clients:import-result")
    assert not read_again
    saved = Person.objects.get(first_name="สมศรี")
    assert (saved.village.number, saved.birth_year, saved.consent_recorded_by) == (3, 2510, staff)
    assert saved.history.get().history_user == staff


def test_someone_registering_the_same_person_meanwhile_makes_it_an_update(
    client, plans_made, staff, centre_a, media, village_3
):
    client.force_login(staff)
    token = upload(client, _file(SOMSRI))
    assert preview(client, token).context["plan"].counts["persons"].create == 1
    registered = PersonFactory(
        centre=centre_a,
        title="mrs",
        first_name="สมศรี",
        last_name="ใจดี",
        birth_year=2510,
        village=village_3,
    )

    response, read_again = _confirmed(client, token, plans_made)

    assert response.url == reverse("clients:import-result")
    assert read_again
    assert Person.objects.get().pk == registered.pk  # matched by name, not a second one
    registered.refresh_from_db()
    assert registered.phone == "0812345678"


def test_a_person_moved_to_another_centre_meanwhile_is_no_longer_updated(
    client, plans_made, staff, centre_a, centre_b, media, village_3
):
    person = PersonFactory(
        centre=centre_a,
        national_id=valid_thai_id(7),
        village=village_3,
        phone="",
    )
    client.force_login(staff)
    with _later():
        token = upload(client, _file({**SOMSRI, "national_id": valid_thai_id(7)}))
        assert preview(client, token).context["plan"].counts["persons"].update == 1
        person.centre = centre_b  # the administrator moves them
        person.save()

        response, read_again = _confirmed(client, token, plans_made)

    assert response.url == reverse("clients:import-preview", args=[token])
    assert read_again
    person.refresh_from_db()
    assert (person.centre, person.phone) == (centre_b, "")
    errors = preview(client, token).context["plan"].errors
    with translation.override("th"):
        assert [e.message for e in errors] == [str(ID_OF_OTHER_CENTRE)]


def test_changes_elsewhere_in_the_country_keep_the_plan(
    client, plans_made, staff, centre_b, media, places
):
    client.force_login(staff)
    token = upload(client, _file(SOMSRI))
    PersonFactory(centre=centre_b, first_name="สมศรี", last_name="ใจดี", birth_year=2510)

    response, read_again = _confirmed(client, token, plans_made)

    assert response.url == reverse("clients:import-result")
    assert not read_again
    assert Person.objects.filter(first_name="สมศรี").count() == 2


@pytest.mark.parametrize(("minutes", "made_again"), [(2, False), (0, True)])
def test_a_change_just_before_the_upload_counts_a_change_earlier_does_not(
    client, plans_made, staff, centre_a, media, village_3, minutes, made_again
):
    """Within a minute of the plan a change may be one it did not see (an app server whose
    clock is behind, a transaction not yet committed)."""
    PersonFactory(centre=centre_a, village=village_3)
    client.force_login(staff)
    with _later(minutes):
        token = upload(client, _file(SOMSRI))
        response, read_again = _confirmed(client, token, plans_made)

    assert response.url == reverse("clients:import-result")
    assert read_again is made_again


def test_a_village_added_meanwhile_is_used_once_the_plan_is_made_again(
    client, staff, media, places
):
    client.force_login(staff)
    token = upload(client, _file({**SOMSRI, "village_number": "9", "village_name": "บ้านใหม่"}))
    added = Village.objects.create(subdistrict=places, number=9, name="บ้านใหม่")

    first = confirm(client, token)
    second = confirm(client, token)

    assert first.url == reverse("clients:import-preview", args=[token])
    assert second.url == reverse("clients:import-result")
    assert Person.objects.get().village == added
    assert Village.objects.filter(subdistrict=places, number=9).count() == 1


def test_a_plan_changed_in_storage_is_not_written(client, plans_made, staff, media, places):
    client.force_login(staff)
    token = upload(client, _file(SOMSRI))
    [kept] = (media / "imports").glob("*.plan")
    kept.write_bytes(kept.read_bytes().replace("สมศรี".encode(), "ผู้บุกรุก".encode()))

    response, read_again = _confirmed(client, token, plans_made)

    assert response.url == reverse("clients:import-result")
    assert read_again
    assert list(Person.objects.values_list("first_name", flat=True)) == ["สมศรี"]


def test_a_plan_made_in_thai_is_made_again_for_a_preview_in_english(client, staff, media, places):
    client.force_login(staff)
    token = upload(client, _file({**SOMSRI, "subdistrict_code": "999999"}))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("clients:import-preview", args=[token]))

    assert [e.message for e in response.context["plan"].errors] == [
        "Unknown subdistrict code 999999."
    ]


def test_the_kept_plan_holds_no_account_and_goes_with_the_import(client, staff, media, places):
    client.force_login(staff)
    token = upload(client, _file(SOMSRI))
    [kept] = (media / "imports").glob("*.plan")

    assert staff.password.encode() not in kept.read_bytes()
    confirm(client, token)
    assert list((media / "imports").iterdir()) == []


def test_a_group_registered_meanwhile_is_updated_rather_than_added_twice(
    client, plans_made, staff, centre_a, media, village_3
):
    weavers = {
        "kind": "กลุ่มอาชีพ",
        "name": "กลุ่มทอผ้าบ้านป่าตาล",
        "subdistrict_code": "500101",
        "village_number": "3",
        "contact_phone": "0812345678",
    }
    client.force_login(staff)
    token = upload(client, csv_file(rows_of(GROUPS, [weavers])))
    registered = ClientGroupFactory(centre=centre_a, name="กลุ่มทอผ้าบ้านป่าตาล", village=village_3)

    response, made_again = _confirmed(client, token, plans_made)

    assert response.url == reverse("clients:import-result")
    assert made_again
    assert ClientGroup.objects.get().pk == registered.pk
    registered.refresh_from_db()
    assert registered.contact_phone == "0812345678"


def test_a_membership_recorded_meanwhile_is_not_recorded_twice(
    client, plans_made, staff, centre_a, media, village_3
):
    group = ClientGroupFactory(centre=centre_a, name="กลุ่มทอผ้าบ้านป่าตาล", village=village_3)
    person = PersonFactory(centre=centre_a, national_id=valid_thai_id(5), village=village_3)
    member = {"national_id": valid_thai_id(5), "group_name": group.name, "role": "สมาชิก"}
    client.force_login(staff)
    with _later():
        token = upload(client, csv_file(rows_of(MEMBERSHIPS, [member])))
        GroupMembershipFactory(group=group, person=person)

        response, made_again = _confirmed(client, token, plans_made)

    assert response.url == reverse("clients:import-result")
    assert made_again
    assert GroupMembership.objects.get().person == person


def test_an_upload_kept_without_a_plan_is_planned_at_the_preview(
    client, plans_made, staff, media, places
):
    """As after a deploy: the session's pending import names only its rows."""
    client.force_login(staff)
    token = upload(client, _file(SOMSRI))
    session = client.session
    entry = session["clients:pending_imports"][token]
    (media / entry.pop("plan")).unlink()
    del entry["filename"]
    session.save()

    assert preview(client, token).context["plan"].counts["persons"].create == 1
    response, made_again = _confirmed(client, token, plans_made)

    assert len(plans_made) == 1  # at the preview, then kept for the confirmation
    assert not made_again
    assert response.url == reverse("clients:import-result")
    assert Person.objects.get().first_name == "สมศรี"
