"""What the dashboards read: sums of the roll-ups (``Tally``, ``Backlog``) for a set of centres,
never the raw tables. Measures are named ``family.figure`` (reports/rules.py lists them)."""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from reports.models import WHOLE_YEAR, Backlog, Tally

Measures = Collection[str] | None  # exact names, or "family.prefix*" for every name it starts


def _measure_q(measures: Measures) -> Q:
    if measures is None:
        return Q()
    query = Q()
    for name in measures:
        query |= Q(measure__startswith=name[:-1]) if name.endswith("*") else Q(measure=name)
    return query


def _cells(centre_ids: Collection[int] | None, year: int, months, measures: Measures):
    cells = Tally.objects.filter(_measure_q(measures), fiscal_year=year, month__in=months)
    return cells if centre_ids is None else cells.filter(centre_id__in=list(centre_ids))


def totals(
    centre_ids: Collection[int] | None,
    year: int,
    *,
    month: int = WHOLE_YEAR,
    measures: Measures = None,
) -> dict[str, Decimal]:
    """Each figure summed over the centres (the whole country when None), for the fiscal year
    or one month of it (1 = October)."""
    rows = (
        _cells(centre_ids, year, [month], measures).values("measure").annotate(total=Sum("value"))
    )
    return {row["measure"]: row["total"] for row in rows}


def per_centre(
    centre_ids: Collection[int] | None,
    year: int,
    *,
    month: int = WHOLE_YEAR,
    measures: Measures = None,
) -> dict[int, dict[str, Decimal]]:
    """centre id → figure → value, for the fiscal year or one month."""
    result: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for centre_id, measure, value in _cells(centre_ids, year, [month], measures).values_list(
        "centre_id", "measure", "value"
    ):
        result[centre_id][measure] = value
    return dict(result)


def per_province(year: int, *, month: int = WHOLE_YEAR, measures: Measures = None):
    """province code → figure → value, for the whole country."""
    rows = (
        _cells(None, year, [month], measures)
        .values("centre__district__province_id", "measure")
        .annotate(total=Sum("value"))
    )
    result: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        result[row["centre__district__province_id"]][row["measure"]] = row["total"]
    return dict(result)


def monthly(
    centre_ids: Collection[int] | None, year: int, measures: Measures
) -> dict[str, list[Decimal]]:
    """figure → its 12 monthly values (October first), summed over the centres."""
    series: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 12)
    rows = (
        _cells(centre_ids, year, range(1, 13), measures)
        .values("measure", "month")
        .annotate(total=Sum("value"))
    )
    for row in rows:
        series[row["measure"]][row["month"] - 1] = row["total"]
    return dict(series)


@dataclass(frozen=True)
class Backlogged:
    open: int
    overdue: int
    unassigned: int
    urgent: int


def backlog(centre_ids: Collection[int] | None, today: date) -> Backlogged:
    """Open requests now, and of those overdue (due before today), not assigned, urgent."""
    rows = Backlog.objects.all()
    if centre_ids is not None:
        rows = rows.filter(centre_id__in=list(centre_ids))
    # Aliases unlike the fields: Django refuses an aggregate named as the field it sums.
    sums = rows.aggregate(
        sum_open=Sum("open"),
        sum_overdue=Sum("open", filter=Q(due_date__lt=today)),
        sum_unassigned=Sum("unassigned"),
        sum_urgent=Sum("urgent"),
    )
    return Backlogged(**{name.removeprefix("sum_"): value or 0 for name, value in sums.items()})


# -- figures derived from the sums ---------------------------------------------------------------


def rate(part: Decimal | int | None, whole: Decimal | int | None) -> Decimal | None:
    """part / whole as a percentage with one decimal, or None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def median_days(figures: dict[str, Decimal], family: str = "requests") -> int | None:
    """The median of the days to first resolution, from the ``requests.days.N`` histogram."""
    prefix = f"{family}.days."
    histogram = sorted(
        (int(name.removeprefix(prefix)), int(count))
        for name, count in figures.items()
        if name.startswith(prefix)
    )
    total = sum(count for _, count in histogram)
    if not total:
        return None
    seen = 0
    for days, count in histogram:
        seen += count
        if seen * 2 >= total:  # the lower median of an even count: a whole number of days
            return days
    return None  # pragma: no cover - unreachable: seen reaches total


def mean(total: Decimal | None, count: Decimal | None) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total or 0) / Decimal(count)).quantize(Decimal("0.01"))
