"""The committee's counts for the dashboards, per centre and Thai fiscal year: cases reviewed,
resolutions by outcome, and the days cases waited for their resolution.

The rules are those of the dashboards' roll-ups (reports/rules.py, the ``committee`` family): a
round counts in the fiscal year it was opened (``Round.objects.reviewed_in``), a resolution in
the year it was recorded (``Resolution.objects.in_fiscal_year``), and the days a decided round
waited are ``committees.models.days_waited``."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from committees.models import Resolution, Round, days_waited


@dataclass(frozen=True)
class CommitteeCounts:
    cases_reviewed: int = 0
    resolutions: dict[str, int] = field(default_factory=dict)
    average_days_waited: float | None = None
    longest_days_waited: int | None = None


def committee_counts(centres: QuerySet, fiscal_year: int) -> CommitteeCounts:
    """For the centres of ``centres`` (a Centre queryset, already scoped) in ``fiscal_year``
    (BE): rounds opened, resolutions by outcome, and how long the decided rounds waited."""
    rounds = Round.objects.filter(centre__in=centres).reviewed_in(fiscal_year)
    waits = [
        days_waited(opened, closed)
        for opened, closed in rounds.filter(closed_at__isnull=False)
        .order_by()
        .values_list("opened_at", "closed_at")
    ]
    by_outcome = (
        Resolution.objects.filter(round__centre__in=centres)
        .in_fiscal_year(fiscal_year)
        .count_by_outcome()
    )
    return CommitteeCounts(
        cases_reviewed=rounds.count(),
        resolutions=by_outcome,
        average_days_waited=round(sum(waits) / len(waits), 1) if waits else None,
        longest_days_waited=max(waits) if waits else None,
    )
