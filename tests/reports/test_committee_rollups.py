"""The committee's roll-ups: cases by the month they were put before the committee, whether and
how long after they were decided, resolutions by the month they were recorded; the same rules
as committees.stats, and equal to a recount after every change."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from centres.models import Centre
from committees.models import Outcome, Resolution
from committees.stats import committee_counts
from portal.lib.fiscal import fiscal_year_range
from reports.consistency import differences
from tests.committees.factories import RoundFactory
from tests.reports.helpers import edge, figures, this_year

pytestmark = pytest.mark.date_sensitive


def _in_this_year(days: int) -> datetime:
    """10:00 on the given day of the current fiscal year (1 October is day 0)."""
    first, _ = fiscal_year_range(this_year())
    zone = timezone.get_current_timezone()
    return datetime.combine(first + timedelta(days=days), time(10), tzinfo=zone)


def _resolve(round_, outcome, by, at=None):
    return Resolution.objects.create(
        round=round_,
        outcome=outcome,
        text="มติที่ประชุม",
        recorded_by=by,
        recorded_at=at or round_.opened_at,
        next_status="in_progress" if outcome == Outcome.APPROVED else "",
    )


def test_it_counts_cases_decisions_resolutions_and_days_waited(centre_a, centre_b, head):
    opened = _in_this_year(3)
    decided = RoundFactory(
        centre=centre_a, opened_by=head, opened_at=opened, closed_at=opened + timedelta(days=10)
    )
    waiting = RoundFactory(centre=centre_a, opened_by=head, opened_at=opened)
    RoundFactory(centre=centre_b, opened_by=head, opened_at=opened)
    _resolve(waiting, Outcome.DEFERRED, head)
    _resolve(decided, Outcome.APPROVED, head, at=decided.closed_at)

    assert figures(centre_a, this_year(), prefix="committee.") == {
        "committee.cases": 2,
        "committee.decided": 1,
        "committee.days_waited_total": 10,
        "committee.resolutions.deferred": 1,
        "committee.resolutions.approved": 1,
    }
    assert figures(centre_a, this_year(), 1)["committee.cases"] == 2  # opened in October
    assert differences() == []


def test_it_counts_what_committees_stats_counts(centre_a, head):
    opened = _in_this_year(20)
    for days in (4, 9):
        RoundFactory(
            centre=centre_a,
            opened_by=head,
            opened_at=opened,
            closed_at=opened + timedelta(days=days, hours=20),  # local days, not 24 hours
        )
    round_ = RoundFactory(centre=centre_a, opened_by=head, opened_at=opened)
    _resolve(round_, Outcome.NOT_APPROVED, head)

    stats = committee_counts(Centre.objects.filter(pk=centre_a.pk), this_year())
    rolled = figures(centre_a, this_year())

    assert rolled["committee.cases"] == stats.cases_reviewed == 3
    assert {k.rsplit(".", 1)[1]: v for k, v in rolled.items() if ".resolutions." in k} == (
        stats.resolutions
    )
    mean = rolled["committee.days_waited_total"] / rolled["committee.decided"]
    assert round(float(mean), 1) == stats.average_days_waited == 7.5  # 5 and 10 local days


def test_it_counts_a_case_of_30_september_in_that_year_and_its_resolution_of_1_october_in_the_next(
    centre_a, head
):
    year = this_year()
    before, after = edge(year)
    case = RoundFactory(centre=centre_a, opened_by=head, opened_at=before, closed_at=after)
    _resolve(case, Outcome.NOT_APPROVED, head, at=after)

    assert figures(centre_a, year - 1, 12, prefix="committee.") == {
        "committee.cases": 1,
        "committee.decided": 1,
        "committee.days_waited_total": 1,  # 30 September to 1 October
    }
    assert figures(centre_a, year, 1, prefix="committee.") == {
        "committee.resolutions.not_approved": 1
    }
    assert differences() == []


def test_it_keeps_the_committee_figures_equal_to_a_recount_through_every_change(
    centre_a, centre_b, head
):
    opened = _in_this_year(40)
    case = RoundFactory(centre=centre_a, opened_by=head, opened_at=opened)
    resolution = _resolve(case, Outcome.DEFERRED, head)
    assert differences() == []

    case.closed_at = opened + timedelta(days=6)  # decided at the next meeting
    case.save()
    resolution.outcome = Outcome.NOT_APPROVED
    resolution.save()
    assert figures(centre_a, this_year())["committee.days_waited_total"] == 6
    assert differences() == []

    case.opened_at = opened - timedelta(days=365)  # a date corrected into the year before
    case.save()
    assert "committee.cases" not in figures(centre_a, this_year(), prefix="committee.")
    assert differences() == []

    case.centre = centre_b
    case.save()
    assert figures(centre_b, this_year(), prefix="committee.") == {
        "committee.resolutions.not_approved": 1  # recorded this year; the case opened the last
    }
    resolution.delete()
    assert figures(centre_b, this_year(), prefix="committee.") == {}
    assert differences() == []
