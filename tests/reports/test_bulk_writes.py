"""Writes that bypass the model signals: the registry's spreadsheet import sends
portal.lib.signals.rows_written, and the roll-ups of the centres it wrote are recounted."""

import pytest

from clients.imports.columns import GROUPS, PERSONS
from clients.models import ClientGroup, GroupKind
from portal.lib.signals import rows_written
from reports.consistency import differences
from reports.models import NOW
from tests.clients.files import csv_file, fixtures, rows_of
from tests.clients.files.flow import import_file
from tests.reports.helpers import figures, this_year
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.date_sensitive

media = fixtures.media
places = fixtures.places

PLACE = {"subdistrict_code": "500101", "village_number": "3"}
GROUP = {"kind": "กลุ่มอาชีพ", "name": "กลุ่มทอผ้าบ้านป่าตาล", **PLACE}


@pytest.fixture
def logged_in(client, staff, media, places):
    client.force_login(staff)
    return client


def test_an_import_recounts_the_registry_of_its_centre(logged_in, centre_a):
    groups = [GROUP, {**GROUP, "kind": "กองทุนหมู่บ้าน", "name": "กองทุนหมู่บ้านป่าตาล"}]
    persons = [{"first_name": f"สมศรี{n}", "last_name": "ใจดี", **PLACE} for n in range(3)]
    import_file(logged_in, csv_file(rows_of(GROUPS, groups), name="g.csv"))
    import_file(logged_in, csv_file(rows_of(PERSONS, persons), name="p.csv"))

    now = figures(centre_a, NOW)
    assert (now["groups.kind.occupational"], now["groups.kind.village_fund"]) == (1, 1)
    assert now["persons.total"] == 3
    assert figures(centre_a, this_year())["groups.new"] == 2
    assert differences() == []


def test_an_import_that_updates_groups_keeps_the_roll_ups_equal_to_a_recount(logged_in, centre_a):
    import_file(logged_in, csv_file(rows_of(GROUPS, [GROUP]), name="g.csv"))
    ServiceRequestFactory(
        centre=centre_a, client_group=ClientGroup.objects.get(), fiscal_year=this_year()
    )
    updated = {**GROUP, "contact_phone": "081-234-5678", "member_count": "25"}
    import_file(logged_in, csv_file(rows_of(GROUPS, [updated]), name="g.csv"))

    assert ClientGroup.objects.get().member_count == 25
    assert differences() == []


def test_a_bulk_write_of_a_changed_kind_recounts_the_requests_of_its_centre(centre_a):
    request = ServiceRequestFactory(centre=centre_a, fiscal_year=this_year())
    group = request.client_group
    ClientGroup.objects.filter(pk=group.pk).update(kind=GroupKind.SAVINGS)  # past the signals
    assert differences() != []

    rows_written.send(sender=ClientGroup, centre_ids={centre_a.pk}, fields=("kind",))

    assert figures(centre_a, this_year())["requests.client.savings"] == 1
    assert figures(centre_a, NOW)["groups.kind.savings"] == 1
    assert differences() == []
