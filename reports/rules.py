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
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from clients.models import ClientGroup, GroupKind, GroupSnapshot, Person, Product, StarRating
from committees.models import Resolution, Round, days_waited
from portal.lib.fiscal import fiscal_year, fiscal_year_range
from reports.models import NOW, WHOLE_YEAR
from resources.models import IMPACT_STATUS, Attendance, Event, Referral, was_accepted, was_answered
from services.models import (
    OPEN_STATUSES,
    ServiceRequest,
    Urgency,
    Visit,
    VisitStatus,
    days_to_resolve,
    first_resolved_at,
    resolved_on_time,
    was_reopened,
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
    now: bool = False  # a figure of the registry as it stands now: fiscal year NOW, month 0


def _no_day(row: dict) -> date | None:
    return None


@dataclass
class Family:
    """One kind of figures: where its rows come from and what each row counts.

    ``rows(centre_ids, years)`` reads the rows of those centres and fiscal years (all when
    None); a family with figures *now* reads every row of its centres when ``years`` holds
    ``NOW``. ``day_of`` puts a row in its month; a family whose rows have no day (a yearly
    report) returns None and counts in the whole year only."""

    name: str
    rows: Callable[[Collection[int] | None, Collection[int] | None], Iterable[dict]]
    facts: Callable[[dict], Iterator[Fact]]
    day_of: Callable[[dict], date | None] = _no_day
    year_of: Callable[[dict], int] = field(default=lambda row: fiscal_year(row["_day"]))

    def count(
        self, centre_ids: Collection[int] | None = None, years: Collection[int] | None = None
    ) -> dict[Cell, Decimal]:
        """Every non-zero figure of this family for the given centres and fiscal years (all
        when None; ``NOW`` for the registry as it stands), from the raw rows."""
        # Whole numbers add as ints (several times faster than Decimals over millions of rows);
        # a Decimal fact turns its cell into a Decimal.
        sums: dict[Cell, Decimal | int] = defaultdict(int)
        distinct: dict[Cell, set] = defaultdict(set)
        prefix = f"{self.name}."
        for row in self.rows(centre_ids, years):
            row["_day"] = self.day_of(row)
            dated: list[tuple[int, int]] | None = None
            for fact in self.facts(row):
                if fact.now:
                    places = [(NOW, WHOLE_YEAR)]
                else:
                    dated = self._places(row) if dated is None else dated
                    places = dated
                measure = prefix + fact.measure
                for year, month in places:
                    if years is not None and year not in years:
                        continue
                    cell = (row["centre_id"], year, month, measure)
                    if fact.distinct is not None:
                        distinct[cell].add(fact.distinct)
                    else:
                        sums[cell] += fact.value
        sums.update({cell: len(keys) for cell, keys in distinct.items()})
        return {cell: Decimal(value) for cell, value in sums.items() if value}

    def _places(self, row: dict) -> list[tuple[int, int]]:
        """The (fiscal year, month) cells a dated fact goes to: its month and its whole year."""
        year = self.year_of(row)
        if row["_day"] is None:
            return [(year, WHOLE_YEAR)]
        return [(year, fiscal_month(row["_day"])), (year, WHOLE_YEAR)]


def _in(queryset: QuerySet, lookup: str, values: Collection[int] | None) -> QuerySet:
    return queryset if values is None else queryset.filter(**{f"{lookup}__in": list(values)})


# -- requests ---------------------------------------------------------------------------------
# A request belongs to the fiscal year of its reference and the month it was received, for every
# figure: where it stands now, whether and how fast it was first resolved, whether it was
# reopened. A request received on 30 Sep 2570 and resolved on 2 Oct counts in September of 2570.

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
        .annotate(first_resolved=first_resolved_at(), reopened=was_reopened())
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
        days = days_to_resolve(row["_day"], resolved_on)
        yield Fact("resolved")
        yield Fact("days_total", days)
        yield Fact(f"days.{days}")
        if resolved_on_time(resolved_on, row["due_date"]):
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
    """Dates in these fiscal years; none for ``NOW`` (no dated row counts there)."""
    query = Q(pk__in=[])
    for year in years:
        if year != NOW:
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


# -- the registry -----------------------------------------------------------------------------
# Fiscal year NOW (0), month 0, holds the registry as it stands now: every group by kind and by
# status (dissolved ones too, so that the kinds and the statuses add up to the same total),
# the persons not anonymised, the products by category and by their latest star rating (the
# selection year's). The flows count in the fiscal year and month a row was created: groups
# new (by kind), persons new (anonymised later or not: they were registered then).


def _created_in(queryset: QuerySet, lookup: str, years: Collection[int] | None) -> QuerySet:
    """Every row when the registry now is asked for (all of a centre's rows count there), else
    the rows created in those fiscal years."""
    if years is None or NOW in years:
        return queryset
    return queryset.filter(_years_q(f"{lookup}__date", years))


def group_rows(centre_ids, years) -> Iterable[dict]:
    queryset = _created_in(
        _in(ClientGroup.objects.all(), "centre", centre_ids), "created_at", years
    )
    return queryset.order_by().values("centre_id", "kind", "status", "created_at").iterator(5000)


def group_facts(row: dict) -> Iterator[Fact]:
    yield Fact(f"kind.{row['kind']}", now=True)
    yield Fact(f"status.{row['status']}", now=True)
    if row["_day"] is not None:
        yield Fact("new")
        yield Fact(f"new.{row['kind']}")


GROUPS = Family(
    name="groups",
    rows=group_rows,
    facts=group_facts,
    day_of=lambda row: row["created_at"] and local_day(row["created_at"]),
)


def person_rows(centre_ids, years) -> Iterable[dict]:
    queryset = _created_in(_in(Person.objects.all(), "centre", centre_ids), "created_at", years)
    return queryset.order_by().values("centre_id", "created_at", "is_anonymised").iterator(5000)


def person_facts(row: dict) -> Iterator[Fact]:
    if not row["is_anonymised"]:
        yield Fact("total", now=True)
    if row["_day"] is not None:
        yield Fact("new")


PERSONS = Family(
    name="persons",
    rows=person_rows,
    facts=person_facts,
    day_of=lambda row: row["created_at"] and local_day(row["created_at"]),
)

_LATEST_STARS = Subquery(
    StarRating.objects.filter(product=OuterRef("pk")).order_by("-year").values("stars")[:1]
)


def product_rows(centre_ids, years) -> Iterable[dict]:
    if years is not None and NOW not in years:
        return []  # products are counted only as they stand now
    queryset = _in(Product.objects.all(), "group__centre", centre_ids)
    return (
        queryset.order_by()
        .annotate(stars=_LATEST_STARS)
        .values("category", "stars", centre_id=F("group__centre_id"))
        .iterator(5000)
    )


def product_facts(row: dict) -> Iterator[Fact]:
    yield Fact(f"category.{row['category']}", now=True)
    if row["stars"]:
        yield Fact(f"stars.{row['stars']}", now=True)


PRODUCTS = Family(name="products", rows=product_rows, facts=product_facts)

# The groups' yearly figures, in the fiscal year they are for (the whole year only: a yearly
# report has no month). ``reported`` counts the groups with figures that year (one snapshot per
# group and year); ``savings`` is the capital of savings groups (their total savings),
# ``fund_capital`` that of the two kinds of village fund; empty figures add nothing.
SAVINGS_KINDS = (GroupKind.SAVINGS,)
FUND_KINDS = (GroupKind.POVERTY_FUND, GroupKind.VILLAGE_FUND)


def snapshot_rows(centre_ids, years) -> Iterable[dict]:
    queryset = _in(
        _in(GroupSnapshot.objects.all(), "group__centre", centre_ids), "fiscal_year", years
    )
    return (
        queryset.order_by()
        .values(
            "fiscal_year",
            "members",
            "capital",
            "annual_revenue",
            centre_id=F("group__centre_id"),
            kind=F("group__kind"),
        )
        .iterator(5000)
    )


def snapshot_facts(row: dict) -> Iterator[Fact]:
    yield Fact("reported")
    if row["members"]:
        yield Fact("members", row["members"])
    if row["capital"] and row["kind"] in SAVINGS_KINDS:
        yield Fact("savings", row["capital"])
    if row["capital"] and row["kind"] in FUND_KINDS:
        yield Fact("fund_capital", row["capital"])
    if row["annual_revenue"]:
        yield Fact("revenue", row["annual_revenue"])


SNAPSHOTS = Family(
    name="snapshots",
    rows=snapshot_rows,
    facts=snapshot_facts,
    year_of=lambda row: row["fiscal_year"],
)


# -- the committee ----------------------------------------------------------------------------
# The rules of committees/stats.py: a case (a round) counts in the month it was put before the
# committee, with whether it was decided and the days it waited (committees.models.days_waited);
# a resolution counts in the month it was recorded (a deferral is a resolution too).


def _fiscal_years(queryset: QuerySet, years: Collection[int] | None, method: str) -> QuerySet:
    if years is None:
        return queryset
    chosen = queryset.none()
    for year in set(years) - {NOW}:
        chosen |= getattr(queryset, method)(year)
    return chosen


def committee_rows(centre_ids, years) -> Iterator[dict]:
    rounds = _fiscal_years(_in(Round.objects.all(), "centre", centre_ids), years, "reviewed_in")
    for row in rounds.order_by().values("centre_id", "opened_at", "closed_at").iterator(5000):
        yield {**row, "day": row["opened_at"]}
    resolutions = _fiscal_years(
        _in(Resolution.objects.all(), "round__centre", centre_ids), years, "in_fiscal_year"
    )
    for row in (
        resolutions.order_by().values("outcome", "recorded_at", centre_id=F("round__centre_id"))
    ).iterator(5000):
        yield {**row, "day": row["recorded_at"]}


def committee_facts(row: dict) -> Iterator[Fact]:
    if "outcome" in row:
        yield Fact(f"resolutions.{row['outcome']}")
        return
    yield Fact("cases")
    if row["closed_at"] is not None:
        yield Fact("decided")
        yield Fact("days_waited_total", days_waited(row["opened_at"], row["closed_at"]))


COMMITTEE = Family(
    name="committee",
    rows=committee_rows,
    facts=committee_facts,
    day_of=lambda row: local_day(row["day"]),
)


# -- resource linking -------------------------------------------------------------------------
# A referral counts in the month it was sent, for every figure: its resource's kind, where it
# stands, whether it was answered and accepted, and its outcome once completed (the rules of
# resources.models: IMPACT_STATUS, was_answered, was_accepted). An event counts in the month it
# starts (events cannot be cancelled), with its participants who attended.


def referral_rows(centre_ids, years) -> Iterable[dict]:
    queryset = _fiscal_years(
        _in(Referral.objects.all(), "centre", centre_ids), years, "in_fiscal_year"
    )
    return (
        queryset.order_by()
        .values(
            "centre_id",
            "sent_on",
            "status",
            "responded_on",
            "money_obtained",
            "sales",
            "people_trained",
            kind=F("resource__kind"),
        )
        .iterator(5000)
    )


def referral_facts(row: dict) -> Iterator[Fact]:
    yield Fact("sent")
    yield Fact(f"kind.{row['kind']}")
    yield Fact(f"status.{row['status']}")
    if was_answered(row["responded_on"]):
        yield Fact("answered")
    if was_accepted(row["status"], row["responded_on"]):
        yield Fact("accepted")
    if row["status"] == IMPACT_STATUS:
        for measure, value in (
            ("money", row["money_obtained"]),
            ("sales", row["sales"]),
            ("trained", row["people_trained"]),
        ):
            if value:
                yield Fact(measure, value)


REFERRALS = Family(
    name="referrals",
    rows=referral_rows,
    facts=referral_facts,
    day_of=lambda row: row["sent_on"],
)


def event_rows(centre_ids, years) -> Iterable[dict]:
    queryset = _in(Event.objects.all(), "centre", centre_ids)
    if years is not None:
        queryset = queryset.filter(_years_q("starts_on", years))
    attended = Count("participants", filter=Q(participants__attendance=Attendance.ATTENDED))
    return (
        queryset.order_by()
        .annotate(attended=attended)
        .values("centre_id", "starts_on", "attended")
        .iterator(5000)
    )


def event_facts(row: dict) -> Iterator[Fact]:
    yield Fact("held")
    if row["attended"]:
        yield Fact("participants", row["attended"])


EVENTS = Family(
    name="events", rows=event_rows, facts=event_facts, day_of=lambda row: row["starts_on"]
)

FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (
        REQUESTS,
        VISITS,
        GROUPS,
        PERSONS,
        PRODUCTS,
        SNAPSHOTS,
        COMMITTEE,
        REFERRALS,
        EVENTS,
    )
}


# -- the backlog: open requests now, by due date -----------------------------------------------


def _past_merged(due: date, today: date) -> date:
    """A due date before ``today`` becomes the day before ``today``; today and later stay."""
    return today - timedelta(days=1) if due < today else due


def backlog_of(
    centre_ids: Collection[int] | None, today: date | None = None
) -> dict[tuple[int, date], tuple[int, int, int]]:
    """(centre id, due date) → (open, not assigned, urgent), from the open requests.

    The requests already overdue ``today`` share one row, dated the day before: they stay
    overdue whatever day the figures are read, so nothing is lost, and a centre keeps one row
    for its past and one per day ahead, however old its backlog (the whole country's backlog
    is then about 25,000 rows to sum, not one row per centre and day of the last five years).
    """
    today = today or timezone.localdate()
    counts: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    queryset = _in(ServiceRequest.objects.filter(status__in=OPEN_STATUSES), "centre", centre_ids)
    for centre_id, due, assignee, urgency in (
        queryset.order_by()
        .values_list("centre_id", "due_date", "assigned_to_id", "urgency")
        .iterator(5000)
    ):
        cell = counts[(centre_id, _past_merged(due, today))]
        cell[0] += 1
        cell[1] += assignee is None
        cell[2] += urgency == Urgency.URGENT
    return {key: (o, u, g) for key, (o, u, g) in counts.items()}


def as_of(
    backlog: dict[tuple[int, date], tuple[int, int, int]], today: date
) -> dict[tuple[int, date], tuple[int, int, int]]:
    """A backlog as :func:`backlog_of` would write it ``today``: the rows already overdue then
    merged into the day before (a backlog written on an earlier day compares equal to a
    recount when it means the same)."""
    merged: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    for (centre_id, due), counts in backlog.items():
        cell = merged[(centre_id, _past_merged(due, today))]
        for i, count in enumerate(counts):
            cell[i] += count
    return {key: (o, u, g) for key, (o, u, g) in merged.items()}
