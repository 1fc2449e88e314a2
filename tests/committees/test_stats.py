"""The counts the dashboard reads, per centre and fiscal year."""

from datetime import timedelta

from django.utils import timezone

from centres.models import Centre
from committees.models import Outcome, Resolution
from committees.stats import committee_counts
from portal.lib.fiscal import fiscal_year
from tests.committees.factories import RoundFactory

# Not in CI's clock-edge runs yet: at 30 Sep 23:30 on PostgreSQL, after the other date-sensitive
# modules, the count test fails though it passes alone at that clock; open in the session note
# of 1 Dec 2026.


def test_it_counts_cases_resolutions_and_days_waited_per_centre_and_year(centre_a, centre_b, head):
    now = timezone.now()
    decided = RoundFactory(
        centre=centre_a, opened_at=now, closed_at=now + timedelta(days=10), opened_by=head
    )
    RoundFactory(centre=centre_a, opened_by=head)
    RoundFactory(centre=centre_b, opened_by=head)
    Resolution.objects.create(
        round=decided, outcome=Outcome.NOT_APPROVED, text="ไม่อนุมัติ", recorded_by=head
    )

    counts = committee_counts(
        Centre.objects.filter(pk=centre_a.pk), fiscal_year(timezone.localdate(now))
    )

    assert counts.cases_reviewed == 2
    assert counts.resolutions == {Outcome.NOT_APPROVED: 1}
    assert counts.longest_days_waited == 10
    assert (
        committee_counts(
            Centre.objects.all(), fiscal_year(timezone.localdate(now)) - 1
        ).cases_reviewed
        == 0
    )
