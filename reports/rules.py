"""The counting rules, written once (docs/counting-rules.md): which bucket a row belongs to and
what it adds there. The same functions count one centre's year after a change, rebuild the
whole country in bulk, recount for the consistency check, and feed the exports.

A *family* of figures (requests, visits, …) reads its source rows with one query per bucket
(a centre and a fiscal year), and each row yields *facts*: ``(measure, value)`` to add, or
``(measure, key)`` of a distinct count (``villages reached`` counts each village once). Every
fact goes to the row's month and to the whole year.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from portal.lib.fiscal import fiscal_year, fiscal_year_range
from reports.models import WHOLE_YEAR
from services.models import (
    OPEN_STATUSES,
    ServiceRequest,
    Status,
    StatusChange,
    Urgency,
    Visit,
    VisitStatus,
)

PERSON = "person"  # the client kind of a request for a villager (not a group)

Bucket = tuple[int, int]  # (centre id, fiscal year BE)
Cell = tuple[int, int, int, str]  # (centre id, fiscal year, month 0–12, measure)


def fiscal_month(day: date) -> int:
    """1 for October … 12 for September."""
    return (day.month - 10) % 12 + 1


def local_day(moment: datetime | date) -> date:
    """The day in Thailand (settings.TIME_ZONE), whatever time zone a request activated; the
    default zone is looked up once, which a national rebuild of millions of rows notices."""
    if isinstance(moment, datetime):
        return moment.astimezone(timezone.get_default_timezone()).date()
    return moment


@dataclass(frozen=True)
class Fact:
    measure: str
    value: Decimal | int = 1
    distinct: object = None  # counted once per key in a month and in the year


@dataclass
class Family:
    """One kind of figures: where its rows come from and what each row counts."""

    name: str
    rows: Callable[[Collection[int] | None, Collection[int] | None], Iterable[dict]]
    facts: Callable[[dict], Iterator[Fact]]
    day_of: Callable[[dict], date]  # the day that puts a row in its month
    year_of: Callable[[dict], int] = field(default=lambda row: fiscal_year(row["_day"]))

    def count(
        self, centre_ids: Collection[int] | None = None, years: Collection[int] | None = None
    ) -> dict[Cell, Decimal]:
        """Every non-zero figure of this family for the given centres and fiscal years (all
        when None), from the raw rows."""
        # Whole numbers add as ints (several times faster than Decimals over millions of rows);
        # a Decimal fact turns its cell into a Decimal.
        sums: dict[Cell, Decimal | int] = defaultdict(int)
        distinct: dict[Cell, set] = defaultdict(set)
        prefix = f"{self.name}."
        for row in self.rows(centre_ids, years):
            day = row["_day"] = self.day_of(row)
            centre, year, month = row["centre_id"], self.year_of(row), fiscal_month(day)
            for fact in self.facts(row):
                measure = prefix + fact.measure
                month_cell, year_cell = (
                    (centre, year, month, measure),
                    (centre, year, WHOLE_YEAR, measure),
                )
                if fact.distinct is not None:
                    distinct[month_cell].add(fact.distinct)
                    distinct[year_cell].add(fact.distinct)
                else:
                    sums[month_cell] += fact.value
                    sums[year_cell] += fact.value
        sums.update({cell: len(keys) for cell, keys in distinct.items()})
        return {cell: Decimal(value) for cell, value in sums.items() if value}


def _in(queryset: QuerySet, lookup: str, values: Collection[int] | None) -> QuerySet:
    return queryset if values is None else queryset.filter(**{f"{lookup}__in": list(values)})


# -- requests ---------------------------------------------------------------------------------
# A request belongs to the fiscal year of its reference and the month it was received, for every
# figure: where it stands now, whether and how fast it was first resolved, whether it was
# reopened. A request received on 30 Sep 2570 and resolved on 2 Oct counts in September of 2570.

_FIRST_RESOLVED = Subquery(
    StatusChange.objects.filter(request=OuterRef("pk"), to_status=Status.RESOLVED)
    .order_by("changed_at")
    .values("changed_at")[:1]
)
_REOPENED = Exists(
    StatusChange.objects.filter(
        request=OuterRef("pk"), from_status=Status.CLOSED, to_status=Status.IN_PROGRESS
    )
)
REQUEST_FIELDS = (
    "centre_id",
    "fiscal_year",
    "received_at",
    "status",
    "channel",
    "urgency",
    "service_type_id",
    "client_group__kind",
    "due_date",
    "satisfaction",
)


def request_rows(centre_ids, years) -> Iterable[dict]:
    queryset = _in(_in(ServiceRequest.objects.all(), "centre", centre_ids), "fiscal_year", years)
    return (
        queryset.order_by()
        .annotate(first_resolved=_FIRST_RESOLVED, reopened=_REOPENED)
        .values(*REQUEST_FIELDS, "first_resolved", "reopened")
        .iterator(chunk_size=5000)
    )


def request_facts(row: dict) -> Iterator[Fact]:
    yield Fact("received")
    yield Fact(f"status.{row['status']}")
    yield Fact(f"channel.{row['channel']}")
    yield Fact(f"urgency.{row['urgency']}")
    yield Fact(f"client.{row['client_group__kind'] or PERSON}")
    yield Fact(f"type.{row['service_type_id']}")
    if row["status"] in OPEN_STATUSES:
        yield Fact("open")
    if row["first_resolved"] is not None:
        resolved_on = local_day(row["first_resolved"])
        days = max((resolved_on - row["_day"]).days, 0)
        yield Fact("resolved")
        yield Fact("days_total", days)
        yield Fact(f"days.{days}")
        # On time: first resolved on or before the due date as it stands (a due date the head
        # moved, with a reason on the timeline, is the date the client was promised).
        if resolved_on <= row["due_date"]:
            yield Fact("on_time")
            yield Fact(f"type.{row['service_type_id']}.on_time")
        yield Fact(f"type.{row['service_type_id']}.resolved")
    if row["reopened"]:
        yield Fact("reopened")
    if row["satisfaction"]:
        yield Fact(f"satisfaction.{row['satisfaction']}")
        yield Fact("satisfaction_total", row["satisfaction"])


REQUESTS = Family(
    name="requests",
    rows=request_rows,
    facts=request_facts,
    day_of=lambda row: local_day(row["received_at"]),
    year_of=lambda row: row["fiscal_year"],
)


# -- visits -----------------------------------------------------------------------------------
# A visit belongs to the month of its date. Attendees and villages reached count visits carried
# out; each village once in a month and once in the year, however many visits went there.


def visit_rows(centre_ids, years) -> Iterable[dict]:
    queryset = _in(Visit.objects.all(), "centre", centre_ids)
    if years is not None:
        queryset = queryset.filter(_years_q("planned_date", years))
    visits = list(
        queryset.order_by().values(
            "pk", "centre_id", "planned_date", "status", "kind", "is_urgent", "attendees"
        )
    )
    villages = defaultdict(list)
    through = Visit.villages.through.objects.filter(visit_id__in=[v["pk"] for v in visits])
    for visit_id, village_id in through.values_list("visit_id", "village_id").iterator(5000):
        villages[visit_id].append(village_id)
    for visit in visits:
        visit["villages"] = villages.get(visit["pk"], [])
        yield visit


def _years_q(lookup: str, years: Collection[int]) -> Q:
    query = Q()
    for year in years:
        first, last = fiscal_year_range(year)
        query |= Q(**{f"{lookup}__range": (first, last)})
    return query


def visit_facts(row: dict) -> Iterator[Fact]:
    yield Fact(f"status.{row['status']}")
    if row["status"] == VisitStatus.CANCELLED:
        return
    yield Fact("planned")  # planned or carried out: every visit not cancelled
    yield Fact(f"kind.{row['kind']}")
    if row["is_urgent"]:
        yield Fact("urgent")
    if row["status"] == VisitStatus.DONE:
        yield Fact(f"done.{row['kind']}")
        if row["attendees"]:
            yield Fact("attendees", row["attendees"])
        for village_id in row["villages"]:
            yield Fact("villages", distinct=village_id)


VISITS = Family(
    name="visits",
    rows=visit_rows,
    facts=visit_facts,
    day_of=lambda row: row["planned_date"],
)

FAMILIES: dict[str, Family] = {family.name: family for family in (REQUESTS, VISITS)}


# -- the backlog: open requests now, by due date -----------------------------------------------


def backlog_of(centre_ids: Collection[int] | None) -> dict[tuple[int, date], tuple[int, int, int]]:
    """(centre id, due date) → (open, not assigned, urgent), from the open requests."""
    counts: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    queryset = _in(ServiceRequest.objects.filter(status__in=OPEN_STATUSES), "centre", centre_ids)
    for centre_id, due, assignee, urgency in (
        queryset.order_by()
        .values_list("centre_id", "due_date", "assigned_to_id", "urgency")
        .iterator(5000)
    ):
        cell = counts[(centre_id, due)]
        cell[0] += 1
        cell[1] += assignee is None
        cell[2] += urgency == Urgency.URGENT
    return {key: (o, u, g) for key, (o, u, g) in counts.items()}
