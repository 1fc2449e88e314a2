"""A centre's figures for a period, as its overview page and its printable reports show them:
read from the roll-ups through reports/figures.py (a fixed number of queries, whatever the
centre's size), each figure with last fiscal year's for comparison and, where the request or
visit list can filter to exactly the rows it counts, a link to that list."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.db.models import TextChoices
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from centres.models import Centre
from clients.models import GroupKind, GroupStatus, ProductCategory
from committees.models import Outcome
from portal.lib.fiscal import fiscal_month_starts, fiscal_year, fiscal_year_range
from portal.lib.months import month_label, month_short_label
from reports import figures
from reports.models import WHOLE_YEAR
from reports.rules import PERSON, fiscal_month
from resources.models import Kind, ReferralStatus
from services.models import Channel, ServiceType, Status, Urgency, VisitKind, VisitStatus

YEARS_BACK = 5  # the fiscal-year chooser: the current year and the five before it
REGISTRY_YEAR = 0  # the registry as it stands now is stored under fiscal year 0


# -- the period: a fiscal year, or one month of it -------------------------------------------


@dataclass(frozen=True)
class Period:
    year: int  # BE fiscal year
    month: int = WHOLE_YEAR  # 1 = October … 12 = September

    @property
    def first_day(self) -> date:
        if self.month == WHOLE_YEAR:
            return fiscal_year_range(self.year)[0]
        return fiscal_month_starts(self.year)[self.month - 1]

    @property
    def last_day(self) -> date:
        if self.month == WHOLE_YEAR:
            return fiscal_year_range(self.year)[1]
        start = self.first_day
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)

    @property
    def calendar_month(self) -> int | None:
        """The month of the calendar (10 for October), as the request list filters it."""
        return None if self.month == WHOLE_YEAR else self.first_day.month

    @property
    def previous(self) -> "Period":
        """The same period of the fiscal year before."""
        return Period(self.year - 1, self.month)

    def label(self) -> str:
        if self.month == WHOLE_YEAR:
            return str(_("Fiscal year %(year)s") % {"year": self.year})
        return month_label(self.first_day.year, self.first_day.month)


def current_period(today: date) -> Period:
    return Period(fiscal_year(today))


def latest_month(year: int, today: date) -> Period:
    """The month of ``year`` to print a monthly report for by default: this month in the
    current fiscal year, September in a past one, October in a future one."""
    current = fiscal_year(today)
    if year == current:
        return Period(year, fiscal_month(today))
    return Period(year, 12 if year < current else 1)


class PeriodForm(forms.Form):
    """The choosers: a fiscal year from a calendar (the current one and the years before it)
    and, optionally, one month of it."""

    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, required=False)

    def __init__(self, data=None, *, today: date) -> None:
        super().__init__(data)
        current = fiscal_year(today)
        years = range(current, current - YEARS_BACK - 1, -1)
        self.fields["fiscal_year"].choices = [
            (y, _("Fiscal year %(year)s") % {"year": y}) for y in years
        ]
        year = self._chosen_year(current, years)
        self.fields["month"].choices = [("", _("The whole year"))] + [
            (i, month_short_label(d.year, d.month))
            for i, d in enumerate(fiscal_month_starts(year), start=1)
        ]
        self.default_year = current

    def _chosen_year(self, current: int, years: Iterable[int]) -> int:
        chosen = str((self.data or {}).get("fiscal_year", ""))
        return int(chosen) if chosen.isdigit() and int(chosen) in years else current

    def period(self) -> Period:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Period(data.get("fiscal_year") or self.default_year, data.get("month") or 0)


# -- the figures --------------------------------------------------------------------------------


@dataclass
class Figure:
    label: str | Promise
    value: Decimal | int | None
    last: Decimal | int | None = None  # the same period of the fiscal year before
    link: str = ""
    unit: str = ""  # "%" for a rate, "days", "mean"


@dataclass
class Panel:
    title: str | Promise
    figures: list[Figure]
    breakdowns: list[tuple[str | Promise, list[Figure]]] = field(default_factory=list)


@dataclass
class Chart:
    key: str
    title: str | Promise
    months: list[str]
    this: list[Decimal]
    last: list[Decimal]
    this_label: str
    last_label: str

    def rows(self) -> list[tuple[str, Decimal, Decimal]]:
        return list(zip(self.months, self.this, self.last, strict=True))

    def data(self) -> dict:
        """What the page's script draws (json_script)."""
        return {
            "labels": self.months,
            "datasets": [
                {"label": self.this_label, "data": [float(v) for v in self.this]},
                {"label": self.last_label, "data": [float(v) for v in self.last]},
            ],
        }


@dataclass
class Overview:
    centre: Centre
    period: Period
    today: date
    action: list[Figure]
    panels: list[Panel]
    charts: list[Chart]


def _links(centre: Centre, many_centres: bool):
    """Builders of the request and visit lists' URLs with their filters."""
    requests_url = reverse("services:request-list")
    visits_url = reverse("services:visit-list")
    own = {"centre": centre.code} if many_centres else {}

    def requests(**params) -> str:
        return f"{requests_url}?{urlencode({**own, **params})}"

    def visits(**params) -> str:
        return f"{visits_url}?{urlencode({**own, **params})}"

    return requests, visits


def _in_period(period: Period) -> dict:
    params: dict = {"fiscal_year": period.year}
    if period.calendar_month:
        params["month"] = period.calendar_month
    return params


def _visits_in(period: Period) -> dict:
    if period.month == WHOLE_YEAR:
        return {"when": "all", "fiscal_year": period.year}
    return {"month": f"{period.first_day:%Y-%m}"}


def _sum(values: dict[str, Decimal], prefix: str) -> Decimal:
    return sum((v for k, v in values.items() if k.startswith(prefix)), Decimal(0))


def _breakdown(
    this: dict[str, Decimal],
    last: dict[str, Decimal],
    prefix: str,
    choices: Iterable[tuple[str, str | Promise]],
    link=None,
) -> list[Figure]:
    """One figure per choice (every choice shown, zero included, so the table reads the same
    every month), then any stored key the choices do not name."""
    named = dict(choices)
    stored = {k.removeprefix(prefix) for k in [*this, *last] if k.startswith(prefix)}
    keys = list(named) + sorted(k for k in stored - set(named) if "." not in k)
    return [
        Figure(
            named.get(key, key),
            this.get(f"{prefix}{key}", Decimal(0)),
            last.get(f"{prefix}{key}", Decimal(0)),
            link(key) if link else "",
        )
        for key in keys
    ]


def _request_panel(this, last, period, types, requests_link) -> Panel:
    def total(values, name):
        return values.get(f"requests.{name}", Decimal(0))

    def satisfaction(values):
        count = _sum(values, "requests.satisfaction.")
        return figures.mean(values.get("requests.satisfaction_total"), count)

    in_period = _in_period(period)
    main = [
        Figure(
            _("Requests received"),
            total(this, "received"),
            total(last, "received"),
            requests_link(**in_period),
        ),
        Figure(
            _("Still open (of those received)"),
            total(this, "open"),
            total(last, "open"),
            requests_link(status="open", **in_period),
        ),
        Figure(_("Resolved"), total(this, "resolved"), total(last, "resolved")),
        Figure(
            _("Resolved on time"),
            figures.rate(total(this, "on_time"), total(this, "resolved")),
            figures.rate(total(last, "on_time"), total(last, "resolved")),
            unit="%",
        ),
        Figure(
            _("Median days to resolve"),
            figures.median_days(this),
            figures.median_days(last),
            unit="days",
        ),
        Figure(_("Reopened"), total(this, "reopened"), total(last, "reopened")),
        Figure(
            _("Satisfaction (mean of 1–5)"), satisfaction(this), satisfaction(last), unit="mean"
        ),
    ]
    satisfaction_values = [(str(n), "★" * n) for n in range(5, 0, -1)]
    by_type = [
        Figure(
            t.name,
            this.get(f"requests.type.{t.pk}", Decimal(0)),
            last.get(f"requests.type.{t.pk}", Decimal(0)),
            requests_link(service_type=t.pk, **in_period),
        )
        for t in types
    ]
    client_kinds = [(PERSON, _("Person")), *GroupKind.choices]
    return Panel(
        _("Service requests"),
        main,
        [
            (
                _("By status"),
                _breakdown(
                    this,
                    last,
                    "requests.status.",
                    Status.choices,
                    lambda s: requests_link(status=s, **in_period),
                ),
            ),
            (_("By service"), by_type),
            (
                _("By channel"),
                _breakdown(
                    this,
                    last,
                    "requests.channel.",
                    Channel.choices,
                    lambda c: requests_link(channel=c, **in_period),
                ),
            ),
            (
                _("By urgency"),
                _breakdown(
                    this,
                    last,
                    "requests.urgency.",
                    Urgency.choices,
                    lambda u: requests_link(urgency=u, **in_period),
                ),
            ),
            (
                _("By client"),
                _breakdown(
                    this,
                    last,
                    "requests.client.",
                    client_kinds,
                    lambda k: requests_link(client_kind=k, **in_period),
                ),
            ),
            (
                _("Satisfaction given"),
                _breakdown(this, last, "requests.satisfaction.", satisfaction_values),
            ),
        ],
    )


def _visit_panel(this, last, period, visits_link) -> Panel:
    def total(values, name):
        return values.get(f"visits.{name}", Decimal(0))

    in_period = _visits_in(period)
    main = [
        Figure(_("Visits planned (not cancelled)"), total(this, "planned"), total(last, "planned")),
        Figure(
            _("Visits carried out"),
            _sum(this, "visits.done."),
            _sum(last, "visits.done."),
            visits_link(status=VisitStatus.DONE, **in_period),
        ),
        Figure(_("At the centre"), total(this, "kind.onsite"), total(last, "kind.onsite")),
        Figure(_("Outreach"), total(this, "kind.outreach"), total(last, "kind.outreach")),
        Figure(_("Urgent situations"), total(this, "urgent"), total(last, "urgent")),
        Figure(_("Villages reached"), total(this, "villages"), total(last, "villages")),
        Figure(_("Attendees"), total(this, "attendees"), total(last, "attendees")),
    ]
    return Panel(
        _("Visits"),
        main,
        [
            (
                _("By status"),
                _breakdown(
                    this,
                    last,
                    "visits.status.",
                    VisitStatus.choices,
                    lambda s: visits_link(status=s, **in_period),
                ),
            ),
            (
                _("Carried out, by kind"),
                _breakdown(
                    this,
                    last,
                    "visits.done.",
                    VisitKind.choices,
                    lambda k: visits_link(status=VisitStatus.DONE, kind=k, **in_period),
                ),
            ),
        ],
    )


def _choices(choices: type[TextChoices]) -> list[tuple[str, str | Promise]]:
    return list(choices.choices)


def _optional_panels(this, last, registry) -> list[Panel]:
    """The registry, committee and resource panels: shown only when their figures are stored
    (they come from other parts of the roll-ups and may not exist yet)."""
    panels = []

    def simple(values_this, values_last, rows):
        return [
            Figure(label, values_this.get(m, Decimal(0)), values_last.get(m, Decimal(0)))
            for label, m in rows
        ]

    if any(k.startswith(("groups.", "persons.", "products.")) for k in registry) or any(
        k.startswith(("groups.", "persons.", "snapshots.")) for k in [*this, *last]
    ):
        now: dict[str, Decimal] = {}
        main = simple(registry, now, [(_("Persons registered"), "persons.total")])
        main += simple(
            this,
            last,
            [
                (_("New groups"), "groups.new"),
                (_("New persons"), "persons.new"),
                (_("Groups that reported their yearly figures"), "snapshots.reported"),
                (_("Members (reported)"), "snapshots.members"),
                (_("Savings (baht, reported)"), "snapshots.savings"),
                (_("Fund capital (baht, reported)"), "snapshots.fund_capital"),
                (_("Revenue (baht, reported)"), "snapshots.revenue"),
            ],
        )
        stars = [(str(n), "★" * n) for n in range(5, 0, -1)]
        panels.append(
            Panel(
                _("Registry"),
                main,
                [
                    (
                        _("Groups by kind (now)"),
                        _breakdown(registry, now, "groups.kind.", _choices(GroupKind)),
                    ),
                    (
                        _("Groups by status (now)"),
                        _breakdown(registry, now, "groups.status.", _choices(GroupStatus)),
                    ),
                    (
                        _("Products by category (now)"),
                        _breakdown(registry, now, "products.category.", _choices(ProductCategory)),
                    ),
                    (
                        _("Products by OTOP stars (now)"),
                        _breakdown(registry, now, "products.stars.", stars),
                    ),
                ],
            )
        )
    if any(k.startswith("committee.") for k in [*this, *last]):
        panels.append(
            Panel(
                _("Committee"),
                simple(
                    this,
                    last,
                    [
                        (_("Cases put before the committee"), "committee.cases"),
                        (_("Cases decided"), "committee.decided"),
                        (_("Days cases waited (total)"), "committee.days_waited_total"),
                    ],
                ),
                [
                    (
                        _("Resolutions by outcome"),
                        _breakdown(this, last, "committee.resolutions.", _choices(Outcome)),
                    )
                ],
            )
        )
    if any(k.startswith(("referrals.", "events.")) for k in [*this, *last]):
        main = simple(
            this,
            last,
            [
                (_("Referrals sent"), "referrals.sent"),
                (_("Referrals answered"), "referrals.answered"),
                (_("Referrals accepted"), "referrals.accepted"),
                (_("Money obtained (baht)"), "referrals.money"),
                (_("Sales (baht)"), "referrals.sales"),
                (_("People trained"), "referrals.trained"),
                (_("Events held"), "events.held"),
                (_("Event participants"), "events.participants"),
            ],
        )
        main.insert(
            3,
            Figure(
                _("Acceptance rate"),
                figures.rate(this.get("referrals.accepted"), this.get("referrals.answered")),
                figures.rate(last.get("referrals.accepted"), last.get("referrals.answered")),
                unit="%",
            ),
        )
        panels.append(
            Panel(
                _("Resource linking"),
                main,
                [
                    (
                        _("Referrals by kind of resource"),
                        _breakdown(this, last, "referrals.kind.", _choices(Kind)),
                    ),
                    (
                        _("Referrals by status"),
                        _breakdown(this, last, "referrals.status.", _choices(ReferralStatus)),
                    ),
                ],
            )
        )
    return panels


def _action(centre: Centre, today: date, requests_link) -> list[Figure]:
    backlog = figures.backlog([centre.pk], today)
    return [
        Figure(_("Overdue now"), backlog.overdue, link=requests_link(overdue="yes")),
        Figure(
            _("Not assigned"),
            backlog.unassigned,
            link=requests_link(status="open", assigned_to="null"),
        ),
        Figure(
            _("Urgent and open"),
            backlog.urgent,
            link=requests_link(status="open", urgency=Urgency.URGENT),
        ),
        Figure(_("Open now"), backlog.open, link=requests_link(status="open")),
    ]


CHARTED = ["requests.received", "requests.resolved", "visits.done.*"]


def _charts(centre: Centre, period: Period) -> list[Chart]:
    this = figures.monthly([centre.pk], period.year, CHARTED)
    last = figures.monthly([centre.pk], period.year - 1, CHARTED)
    months = [month_short_label(d.year, d.month) for d in fiscal_month_starts(period.year)]
    zero = [Decimal(0)] * 12

    def done(series):
        return [
            sum(values)
            for values in zip(
                series.get("visits.done.onsite", zero),
                series.get("visits.done.outreach", zero),
                strict=True,
            )
        ]

    this_label = str(_("Fiscal year %(year)s") % {"year": period.year})
    last_label = str(_("Fiscal year %(year)s") % {"year": period.year - 1})
    return [
        Chart(
            "received",
            _("Requests received, month by month"),
            months,
            this.get("requests.received", zero),
            last.get("requests.received", zero),
            this_label,
            last_label,
        ),
        Chart(
            "resolved",
            _("Requests resolved (by the month received)"),
            months,
            this.get("requests.resolved", zero),
            last.get("requests.resolved", zero),
            this_label,
            last_label,
        ),
        Chart(
            "visits",
            _("Visits carried out, month by month"),
            months,
            done(this),
            done(last),
            this_label,
            last_label,
        ),
    ]


def centre_overview(
    centre: Centre, period: Period, today: date, *, many_centres: bool = False
) -> Overview:
    """Everything the overview and the printed reports show, in a fixed number of queries."""
    requests_link, visits_link = _links(centre, many_centres)
    this = figures.totals([centre.pk], period.year, month=period.month)
    last = figures.totals([centre.pk], period.year - 1, month=period.month)
    registry = figures.totals(
        [centre.pk], REGISTRY_YEAR, measures=["groups.*", "persons.*", "products.*"]
    )
    used = {k.split(".")[2] for k in [*this, *last] if k.startswith("requests.type.")}
    types = [  # the catalogue (a small table), with retired types only where they counted
        t
        for t in ServiceType.objects.order_by("sort_order", "pk")
        if t.is_active or str(t.pk) in used
    ]
    return Overview(
        centre=centre,
        period=period,
        today=today,
        action=_action(centre, today, requests_link),
        panels=[
            _request_panel(this, last, period, types, requests_link),
            _visit_panel(this, last, period, visits_link),
            *_optional_panels(this, last, registry),
        ],
        charts=_charts(centre, period),
    )
