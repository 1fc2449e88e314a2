"""The centre's overview (its home page of figures) and its printable reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from centres.scoping import get_centre_for_user, remember_centre, role_at, sees_many_centres
from portal.filtering import bind_query_filters
from reports.models import WHOLE_YEAR
from reports.overview import Period, PeriodForm, centre_overview, latest_month

CHOOSERS = ("fiscal_year", "month")


def _period(request: HttpRequest) -> tuple[PeriodForm, Period]:
    """The period the choosers ask for; a value not offered falls back to the default (the
    current fiscal year, the whole year) with a notice, never an error."""
    today = timezone.localdate()
    form = bind_query_filters(request, lambda data: PeriodForm(data, today=today), notify=False)
    if any(request.GET.get(name) and name not in form.data for name in CHOOSERS):
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
    }
    return render(request, "reports/centre_overview.html", context)


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
