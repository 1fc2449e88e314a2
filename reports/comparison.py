"""Figures side by side: a province's centres (the province comparison) and the country's
provinces (the national page), one row each with the main figures, a total row and each row's
trend. Everything is read through reports/figures.py, in a constant number of queries."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Province
from portal.lib.fiscal import fiscal_month_starts, fiscal_year
from portal.lib.months import month_label
from portal.lib.numbers import parse_int
from reports import figures
from reports.figures import Backlogged
from reports.models import WHOLE_YEAR

YEARS_SHOWN = 5
TREND_MEASURE = "requests.received"
MEASURES = (
    "requests.received",
    "requests.resolved",
    "requests.on_time",
    "requests.days.*",
    "requests.satisfaction*",
    "visits.status.done",
    "visits.villages",
    "referrals.sent",
    "referrals.accepted",
    "referrals.answered",
    "referrals.money",
    "committee.cases",
)
NO_BACKLOG = Backlogged(open=0, overdue=0, unassigned=0, urgent=0)


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    kind: str = "count"  # count, percent, days, mean, money: how a cell is shown
    needs: str = ""  # a measure prefix: shown only when some figure of it exists


COLUMNS = (
    Column("received", _("Received")),
    Column("open", _("Open now")),
    Column("overdue", _("Overdue now")),
    Column("resolved", _("Resolved")),
    Column("on_time", _("Resolved on time (%)"), "percent"),
    Column("median_days", _("Median days to resolve"), "days"),
    Column("satisfaction", _("Satisfaction (mean, 1–5)"), "mean"),
    Column("visits_done", _("Visits done")),
    Column("villages", _("Villages reached")),
    Column("referrals", _("Referrals sent"), needs="referrals."),
    Column("accepted", _("Referrals accepted (%)"), "percent", needs="referrals."),
    Column("money", _("Money obtained (baht)"), "money", needs="referrals."),
    Column("committee_cases", _("Cases before the committee"), needs="committee."),
)
NAME = "name"  # the first column's sort key: the official code order
SORT_KEYS = (NAME, *(column.key for column in COLUMNS))

Value = int | Decimal | None


def figures_of(cells: dict[str, Decimal], backlog: Backlogged) -> dict[str, Value]:
    """One row's figures from its summed roll-up cells and its open requests now."""

    def whole(measure: str) -> int:
        return int(cells.get(measure, 0))

    rated = sum(
        value
        for measure, value in cells.items()
        if measure.startswith("requests.satisfaction.")
        and measure.removeprefix("requests.satisfaction.").isdigit()
    )
    return {
        "received": whole("requests.received"),
        "open": backlog.open,
        "overdue": backlog.overdue,
        "resolved": whole("requests.resolved"),
        "on_time": figures.rate(cells.get("requests.on_time"), cells.get("requests.resolved")),
        "median_days": figures.median_days(cells),
        "satisfaction": figures.mean(cells.get("requests.satisfaction_total"), Decimal(rated)),
        "visits_done": whole("visits.status.done"),
        "villages": whole("visits.villages"),
        "referrals": whole("referrals.sent"),
        "accepted": figures.rate(cells.get("referrals.accepted"), cells.get("referrals.answered")),
        "money": cells.get("referrals.money", Decimal(0)).quantize(Decimal("0.01")),
        "committee_cases": whole("committee.cases"),
    }


# The period: a fiscal year and, optionally, one of its months


@dataclass(frozen=True)
class Period:
    year: int  # BE fiscal year
    month: int = WHOLE_YEAR  # 1 = October … 12 = September

    @property
    def calendar_month(self) -> int | None:
        return None if self.month == WHOLE_YEAR else (self.month + 8) % 12 + 1

    @property
    def label(self) -> str:
        if self.month == WHOLE_YEAR:
            return str(_("Fiscal year %(year)s") % {"year": self.year})
        start = fiscal_month_starts(self.year)[self.month - 1]
        return month_label(start.year, start.month)

    def query(self) -> dict[str, int]:
        return {"fiscal_year": self.year, "month": self.month}


def year_choices(today: date) -> list[int]:
    """The current fiscal year and the ones before it: a calendar, read from no table."""
    current = fiscal_year(today)
    return list(range(current, current - YEARS_SHOWN, -1))


def month_choices(year: int) -> list[tuple[int, str]]:
    """The whole year, then October to September with their BE years."""
    months = [(WHOLE_YEAR, str(_("Whole fiscal year")))]
    for number, start in enumerate(fiscal_month_starts(year), start=1):
        months.append((number, month_label(start.year, start.month)))
    return months


def period_of(query: QueryDict, today: date) -> Period:
    """The chosen period; a value not offered falls back to the default (this fiscal year)."""
    years = year_choices(today)
    year = parse_int(query.get("fiscal_year"), default=years[0])
    month = parse_int(query.get("month"), default=WHOLE_YEAR, max=12)
    return Period(year if year in years else years[0], month if month is not None else 0)


# Rows, their order and the table


@dataclass
class Row:
    code: str
    name: str
    figures: dict[str, Value]
    trend: list[int] = field(default_factory=lambda: [0] * 12)
    url: str = ""  # the row's own page (a centre's, a province's comparison)
    links: dict[str, str] = field(default_factory=dict)  # figure → the list it counts


@dataclass
class Comparison:
    columns: list[Column]
    rows: list[Row]
    total: Row
    period: Period
    sort: str = NAME
    descending: bool = False
    as_of: datetime | None = None  # when its figures were read, if they may be a little old


def visible_columns(cells: dict[str, Decimal]) -> list[Column]:
    """The main columns, and those of the committee and referrals when their figures exist."""
    return [
        column
        for column in COLUMNS
        if not column.needs or any(m.startswith(column.needs) for m in cells)
    ]


def sort_of(query: QueryDict) -> tuple[str, bool]:
    """``?sort=on_time`` or ``?sort=-on_time``; anything else is the code order."""
    text = str(query.get("sort", ""))
    key = text.removeprefix("-")
    return (key, text.startswith("-")) if key in SORT_KEYS else (NAME, False)


def sorted_rows(rows: Sequence[Row], key: str, descending: bool) -> list[Row]:
    """Rows by one figure (rows without it last, in code order), or by code."""
    by_code = sorted(rows, key=lambda row: row.code)
    if key == NAME:
        return by_code[::-1] if descending else by_code
    present = [row for row in by_code if row.figures.get(key) is not None]
    missing = [row for row in by_code if row.figures.get(key) is None]
    present.sort(key=lambda row: row.figures[key], reverse=descending)  # type: ignore[arg-type,return-value]
    return present + missing


def _trend(values: list[Decimal] | None) -> list[int]:
    return [int(v) for v in values] if values else [0] * 12


def _added_backlogs(backlogs: Sequence[Backlogged]) -> Backlogged:
    return Backlogged(
        open=sum(b.open for b in backlogs),
        overdue=sum(b.overdue for b in backlogs),
        unassigned=sum(b.unassigned for b in backlogs),
        urgent=sum(b.urgent for b in backlogs),
    )


def _compared(
    rows: list[Row], cells: dict, backlogs: dict, query: QueryDict, period: Period, total_name
) -> Comparison:
    all_cells = figures.added(list(cells.values()))
    total = Row(
        code="",
        name=str(total_name),
        figures=figures_of(all_cells, _added_backlogs(list(backlogs.values()))),
        trend=[sum(values) for values in zip(*(row.trend for row in rows), strict=True)]
        if rows
        else [0] * 12,
    )
    key, descending = sort_of(query)
    columns = visible_columns(all_cells)
    if key not in {NAME, *(c.key for c in columns)}:
        key, descending = NAME, False
    return Comparison(columns, sorted_rows(rows, key, descending), total, period, key, descending)


def request_list_links(code: str, period: Period) -> dict[str, str]:
    """The request list filtered to what each of a centre's figures counts."""
    base = reverse("services:request-list")
    received = {"centre": code, "fiscal_year": period.year}
    if period.calendar_month:
        received["month"] = period.calendar_month
    return {
        "received": f"{base}?{urlencode(received)}",
        "open": f"{base}?{urlencode({'centre': code, 'status': 'open'})}",
        "overdue": f"{base}?{urlencode({'centre': code, 'overdue': 'yes'})}",
    }


def province_centres(province: Province) -> QuerySet:
    return Centre.objects.filter(district__province=province).select_related("district")


def province_comparison(
    province: Province, period: Period, query: QueryDict, today: date
) -> Comparison:
    """One row per centre of the province, and the province's total."""
    centres = list(province_centres(province).order_by("district_id"))
    ids = [centre.pk for centre in centres]
    cells = figures.per_centre(ids, period.year, month=period.month, measures=MEASURES)
    backlogs = figures.backlog_per_centre(ids, today)
    trends = figures.monthly_per_centre(ids, period.year, TREND_MEASURE)
    rows = [
        Row(
            code=centre.code,
            name=centre.district.name,
            figures=figures_of(cells.get(centre.pk, {}), backlogs.get(centre.pk, NO_BACKLOG)),
            trend=_trend(trends.get(centre.pk)),
            url=centre.get_absolute_url(),
            links=request_list_links(centre.code, period),
        )
        for centre in centres
    ]
    name = _("Total, %(province)s") % {"province": province.name}
    return _compared(rows, cells, backlogs, query, period, name)


@dataclass(frozen=True)
class NationalFigures:
    cells: dict[str, dict[str, Decimal]]
    backlogs: dict[str, Backlogged]
    trends: dict[str, list[Decimal]]
    read_at: datetime


def national_figures(period: Period, today: date) -> NationalFigures:
    """The country's figures by province, read at most once every
    ``NATIONAL_FIGURES_SECONDS`` by each app server: summing every centre's roll-ups is about
    40 ms of database time at national scale, for a page that headquarters read and reload
    together, and that needs no figure newer than a minute (the page says when they were
    read). Several servers each keep their own copy; none is ever older than the bound."""

    def read() -> NationalFigures:
        return NationalFigures(
            cells=figures.per_province(period.year, month=period.month, measures=MEASURES),
            backlogs=figures.backlog_per_province(today),
            trends=figures.monthly_per_province(period.year, TREND_MEASURE),
            read_at=timezone.now(),
        )

    seconds = settings.NATIONAL_FIGURES_SECONDS
    if not seconds:
        return read()
    key = f"reports:national-figures:{period.year}:{period.month}:{today.isoformat()}"
    return cache.get_or_set(key, read, seconds)


def national_comparison(period: Period, query: QueryDict, today: date) -> Comparison:
    """One row per province of the country, and the country's total."""
    provinces = list(Province.objects.order_by("code"))
    national = national_figures(period, today)
    query_string = urlencode(period.query())
    rows = [
        Row(
            code=province.code,
            name=province.name,
            figures=figures_of(
                national.cells.get(province.code, {}),
                national.backlogs.get(province.code, NO_BACKLOG),
            ),
            trend=_trend(national.trends.get(province.code)),
            url=f"{reverse('reports:province', args=[province.code])}?{query_string}",
        )
        for province in provinces
    ]
    comparison = _compared(
        rows, national.cells, national.backlogs, query, period, _("Whole country")
    )
    return replace(comparison, as_of=national.read_at)


# Showing and exporting the table


def cell_text(kind: str, value: Value) -> str:
    """A figure as the page shows it: 1,234 · 83.3 · 4.25 · 12,500.00; a dash when none."""
    if value is None:
        return "–"
    if kind == "money":
        return f"{value:,.2f}"
    if kind == "percent":
        return f"{value:.1f}"
    if kind == "mean":
        return f"{value:.2f}"
    return f"{round(value):,}"


@dataclass(frozen=True)
class Cell:
    column: Column
    value: Value
    text: str
    link: str


def cells_of(row: Row, columns: Sequence[Column]) -> list[Cell]:
    return [
        Cell(
            column,
            row.figures.get(column.key),
            cell_text(column.kind, row.figures.get(column.key)),
            row.links.get(column.key, ""),
        )
        for column in columns
    ]
