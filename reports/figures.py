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


def whole(value: Decimal) -> Decimal:
    """A count as a whole number: PostgreSQL sums the stored values with their two decimal
    places (3.00), SQLite without; the pages and exports show and write 3 either way. Money keeps
    its cents."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


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
    return {row["measure"]: whole(row["total"]) for row in rows}


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
        result[centre_id][measure] = whole(value)
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
        result[row["centre__district__province_id"]][row["measure"]] = whole(row["total"])
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
        series[row["measure"]][row["month"] - 1] = whole(row["total"])
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
    # Aliases other than the field names: Django refuses Sum("open") named "open".
    sums = rows.aggregate(
        total_open=Sum("open"),
        total_overdue=Sum("open", filter=Q(due_date__lt=today)),
        total_unassigned=Sum("unassigned"),
        total_urgent=Sum("urgent"),
    )
    return Backlogged(**{name.removeprefix("total_"): value or 0 for name, value in sums.items()})


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


# -- figures side by side: a province's centres, the country's provinces -------------------------


def monthly_per_centre(
    centre_ids: Collection[int], year: int, measure: str
) -> dict[int, list[Decimal]]:
    """centre id → one figure's 12 monthly values (October first): each centre's trend."""
    series: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 12)
    cells = _cells(centre_ids, year, range(1, 13), [measure])
    for centre_id, month, value in cells.values_list("centre_id", "month", "value"):
        series[centre_id][month - 1] = whole(value)
    return dict(series)


def monthly_per_province(year: int, measure: str) -> dict[str, list[Decimal]]:
    """province code → one figure's 12 monthly values (October first), for the whole country."""
    series: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 12)
    rows = (
        _cells(None, year, range(1, 13), [measure])
        .values("centre__district__province_id", "month")
        .annotate(total=Sum("value"))
    )
    for row in rows:
        series[row["centre__district__province_id"]][row["month"] - 1] = whole(row["total"])
    return dict(series)


_BACKLOG_SUMS = {
    "open": Sum("open"),
    "unassigned": Sum("unassigned"),
    "urgent": Sum("urgent"),
}


def _backlog_by(rows, key: str, today: date) -> dict:
    sums = rows.values(key).annotate(
        overdue=Sum("open", filter=Q(due_date__lt=today)), **_BACKLOG_SUMS
    )
    return {
        row[key]: Backlogged(
            open=row["open"] or 0,
            overdue=row["overdue"] or 0,
            unassigned=row["unassigned"] or 0,
            urgent=row["urgent"] or 0,
        )
        for row in sums
    }


def backlog_per_centre(centre_ids: Collection[int], today: date) -> dict[int, Backlogged]:
    """centre id → its open requests now (centres with none are left out)."""
    rows = Backlog.objects.filter(centre_id__in=list(centre_ids)).order_by()
    return _backlog_by(rows, "centre_id", today)


def backlog_per_province(today: date) -> dict[str, Backlogged]:
    """province code → the open requests now of its centres, for the whole country."""
    return _backlog_by(Backlog.objects.order_by(), "centre__district__province_id", today)


def added(figures: Collection[dict[str, Decimal]]) -> dict[str, Decimal]:
    """Several rows' figures summed, measure by measure (a province's total row)."""
    total: dict[str, Decimal] = defaultdict(Decimal)
    for row in figures:
        for measure, value in row.items():
            total[measure] += value
    return dict(total)
