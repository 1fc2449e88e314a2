"""The roll-ups equal a recount from the raw rows after the demo's seeding and after a rebuild,
for every family of figures."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from portal.lib.fiscal import fiscal_year
from reports.consistency import differences
from reports.models import NOW, WHOLE_YEAR, Tally
from reports.rules import FAMILIES
from services.models import ServiceRequest

pytestmark = pytest.mark.date_sensitive


def test_it_keeps_the_roll_ups_equal_to_a_recount_while_the_demo_is_seeded(seeded):
    assert Tally.objects.filter(measure="requests.received").exists()
    assert differences() == []


def test_it_rebuilds_the_same_figures_in_bulk(seeded):
    before = set(Tally.objects.values_list("centre_id", "fiscal_year", "month", "measure", "value"))
    Tally.objects.all().delete()
    call_command("rebuild_rollups", verbosity=0)
    after = set(Tally.objects.values_list("centre_id", "fiscal_year", "month", "measure", "value"))
    assert after == before


def test_it_counts_each_request_in_its_month_and_its_year(seeded):
    received = sum(
        Tally.objects.filter(month=0, measure="requests.received").values_list("value", flat=True)
    )
    monthly = sum(
        Tally.objects.filter(month__gt=0, measure="requests.received").values_list(
            "value", flat=True
        )
    )
    assert received == monthly == ServiceRequest.objects.count()


def test_it_counts_every_family_of_the_demo(seeded):
    measures = set(Tally.objects.values_list("measure", flat=True).distinct())
    assert {measure.split(".")[0] for measure in measures} == set(FAMILIES)
    assert {"groups.new", "persons.total", "snapshots.reported", "committee.cases"} <= measures
    assert {"referrals.sent", "events.held"} <= measures
    assert Tally.objects.filter(fiscal_year=NOW, month=WHOLE_YEAR, measure="persons.total").exists()


def test_it_rebuilds_the_registry_now_or_one_fiscal_year_alone(seeded):
    cells = ("centre_id", "fiscal_year", "month", "measure", "value")
    before = set(Tally.objects.values_list(*cells))
    year = fiscal_year(timezone.localdate())
    Tally.objects.filter(fiscal_year__in=[NOW, year]).delete()

    call_command("rebuild_rollups", fiscal_year=[NOW], verbosity=0)
    call_command("rebuild_rollups", fiscal_year=[year], verbosity=0)

    assert set(Tally.objects.values_list(*cells)) == before


def thai(message: str) -> str:
    """A command's words as it writes them: in the portal's language, Thai."""
    with translation.override("th"):
        return translation.gettext(message)


def test_the_check_command_finds_the_roll_ups_equal_to_a_recount(seeded):
    out = StringIO()
    call_command("check_rollups", stdout=out)
    assert thai("The roll-ups match a recount from the raw rows.") in out.getvalue()


def test_the_check_command_lists_a_figure_that_differs_and_fails(seeded):
    figure = Tally.objects.filter(measure="requests.received", month=WHOLE_YEAR).first()
    Tally.objects.filter(pk=figure.pk).update(value=figure.value + 7)
    code = figure.centre.district_id
    out = StringIO()

    differ = thai("%(count)s roll-up figures differ from a recount.") % {"count": 1}
    with pytest.raises(CommandError, match=differ):
        call_command("check_rollups", centre=[code], fiscal_year=[figure.fiscal_year], stdout=out)

    assert "requests.received" in out.getvalue()
    call_command("rebuild_rollups", centre=[code], fiscal_year=[figure.fiscal_year], stdout=out)
    assert differences() == []


def test_the_rebuild_names_a_district_code_without_a_centre(db):
    with pytest.raises(CommandError, match="0000"):
        call_command("rebuild_rollups", centre=["0000"], stdout=StringIO())
