"""The figures' look on the overview, the printed reports and the centre page's panel."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from centres.models import Centre
from reports import figures
from reports.overview import Figure, current_period

register = template.Library()


@register.filter
def figure_value(value: Decimal | int | None, unit: str = "") -> str:
    """12.5 % for a rate, 4 วัน for days, 4.25 for a mean, 1,234 for a count; – for none."""
    if value is None:
        return "–"
    if unit == "%":
        return f"{floatformat(value, 1)} %"
    if unit == "days":
        return _("%(days)s days") % {"days": value}
    if unit == "mean":
        return floatformat(value, 2)
    return floatformat(value, "-2g")


@register.simple_tag
def centre_figures(centre: Centre) -> dict:
    """The overview's main figures for the centre page: this fiscal year's requests received
    and resolved on time, and what needs action now (3 queries, from the roll-ups)."""
    today = timezone.localdate()
    period = current_period(today)
    year = figures.totals(
        [centre.pk],
        period.year,
        measures=["requests.received", "requests.resolved", "requests.on_time", "visits.done.*"],
    )
    backlog = figures.backlog([centre.pk], today)
    return {
        "period": period,
        "figures": [
            Figure(_("Requests received"), year.get("requests.received", Decimal(0))),
            Figure(
                _("Resolved on time"),
                figures.rate(year.get("requests.on_time"), year.get("requests.resolved")),
                unit="%",
            ),
            Figure(
                _("Visits carried out"),
                sum((v for k, v in year.items() if k.startswith("visits.done.")), Decimal(0)),
            ),
            Figure(_("Open now"), backlog.open),
            Figure(_("Overdue now"), backlog.overdue),
        ],
    }
