"""The committee's counts for the dashboards, per centre and Thai fiscal year: cases reviewed,
resolutions by outcome, and the days cases waited for their resolution."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, QuerySet

from committees.models import Resolution, Round


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
    waited = ExpressionWrapper(F("closed_at") - F("opened_at"), output_field=DurationField())
    decided = rounds.filter(closed_at__isnull=False).aggregate(
        average=Avg(waited), longest=Max(waited), n=Count("pk")
    )
    by_outcome = (
        Resolution.objects.filter(round__centre__in=centres)
        .in_fiscal_year(fiscal_year)
        .count_by_outcome()
    )
    average, longest = decided["average"], decided["longest"]
    return CommitteeCounts(
        cases_reviewed=rounds.count(),
        resolutions=by_outcome,
        average_days_waited=round(average.total_seconds() / 86400, 1) if average else None,
        longest_days_waited=longest.days if longest else None,
    )
