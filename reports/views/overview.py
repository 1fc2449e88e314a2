"""The centre's overview (its home page of figures), its export to XLSX and CSV, and its
printable reports."""

from collections import Counter
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centres.scoping import get_centre_for_user, remember_centre, role_at, sees_many_centres
from portal.filtering import bind_query_filters
from portal.lib.dates import format_be_date
from portal.lib.spreadsheets import export_filename
from reports import tables
from reports.models import WHOLE_YEAR
from reports.overview import Figure, Overview, Period, PeriodForm, centre_overview, latest_month

CHOOSERS = ("fiscal_year", "month")
FORMATS = ("xlsx", "csv")
EXPORT_LANGUAGE = "th"  # the exports' headers are Thai, as their summary sheet is


def _period(request: HttpRequest, *, notify: bool = True) -> tuple[PeriodForm, Period]:
    """The period the choosers ask for; a value not offered falls back to the default (the
    current fiscal year, the whole year) with a notice, never an error."""
    today = timezone.localdate()
    form = bind_query_filters(request, lambda data: PeriodForm(data, today=today), notify=False)
    if notify and any(request.GET.get(name) and name not in form.data for name in CHOOSERS):
        messages.warning(
            request,
            _("That fiscal year or month cannot be chosen, so %(period)s is shown.")
            % {"period": form.period().label()},
        )
    return form, form.period()


@login_required
def centre_overview_page(request: HttpRequest, code: str) -> HttpResponse:
    centre = get_centre_for_user(request.user, code)
    remember_centre(request, centre)
    form, period = _period(request)
    today = timezone.localdate()
    overview = centre_overview(centre, period, today, many_centres=sees_many_centres(request.user))
    context = {
        "overview": overview,
        "centre": centre,
        "role": role_at(request.user, centre),
        "form": form,
        "monthly": period if period.month != WHOLE_YEAR else latest_month(period.year, today),
        "charts": [(c, c.data(), f"chart-{c.key}-data") for c in overview.charts],
        "period_query": urlencode(_query(period)),
    }
    return render(request, "reports/centre_overview.html", context)


def _query(period: Period) -> dict:
    query = {"fiscal_year": period.year}
    if period.month != WHOLE_YEAR:
        query["month"] = period.month
    return query


def _figure_rows(figures: list[Figure]) -> list[list[object]]:
    """A figure table's rows: the label (a rate's with "(%)"), this period's value, last
    year's; numbers stay numbers, a missing one an empty cell."""
    return [[f"{f.label} (%)" if f.unit == "%" else str(f.label), f.value, f.last] for f in figures]


def overview_tables(overview: Overview) -> list[tables.Table]:
    """Every table the overview shows, as a workbook's sheets: what needs action now, each
    chart's months, then each panel's figures and its breakdowns (a breakdown's caption that
    two panels share, such as "By status", is named with its panel's title)."""
    period = overview.period
    figure_columns = [_("Figure"), period.label(), period.previous.label()]
    now = _("As of %(day)s") % {"day": format_be_date(overview.today)}
    found = [
        tables.Table(
            _("What needs action"),
            [_("Figure"), now],
            [[str(f.label), f.value] for f in overview.action],
        )
    ]
    for chart in overview.charts:
        columns = [_("Month"), chart.this_label, chart.last_label]
        found.append(tables.Table(str(chart.title), columns, [list(r) for r in chart.rows()]))
    shared = Counter(str(caption) for p in overview.panels for caption, _rows in p.breakdowns)
    for panel in overview.panels:
        found.append(tables.Table(str(panel.title), figure_columns, _figure_rows(panel.figures)))
        for caption, rows in panel.breakdowns:
            title = f"{panel.title} – {caption}" if shared[str(caption)] > 1 else str(caption)
            found.append(tables.Table(title, figure_columns, _figure_rows(rows)))
    return found


@login_required
def centre_overview_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The overview's tables as XLSX (a sheet each) or, as CSV, its main table: the service
    requests' figures."""
    if fmt not in FORMATS:
        raise Http404
    centre = get_centre_for_user(request.user, code)
    with translation.override(EXPORT_LANGUAGE):
        _form, period = _period(request, notify=False)
        overview = centre_overview(centre, period, timezone.localdate())
        sheets = overview_tables(overview)
        filename = export_filename(f"overview-{centre.code}", fmt)
        if fmt == "csv":
            main = next(s for s in sheets if s.title == str(overview.panels[0].title))
            return tables.csv_response(filename, main)
        filters = [(_("Centre"), centre.name), (_("Period"), period.label())]
        return tables.xlsx_response(filename, sheets, filters=filters)


@login_required
def centre_report(request: HttpRequest, code: str) -> HttpResponse:
    """The monthly report (a month chosen) or the fiscal-year report, on A4 for the head to
    sign."""
    centre = get_centre_for_user(request.user, code)
    _, period = _period(request)
    overview = centre_overview(centre, period, timezone.localdate())
    received, resolved, visits = (chart.this for chart in overview.charts)
    months = overview.charts[0].months
    context = {
        "overview": overview,
        "centre": centre,
        "period": period,
        "monthly_rows": list(zip(months, received, resolved, visits, strict=True)),
    }
    return render(request, "reports/centre_report.html", context)
