"""The figures' look on the overview, the printed reports and the centre page's panel."""

from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from centres.models import Centre
from portal.lib.numbers import format_figure
from reports import figures
from reports.comparison import Cell
from reports.overview import Figure, current_period

register = template.Library()


@register.filter
def figure_value(value: Decimal | int | None, unit: str = "") -> str:
    """12.5 % for a rate, 4 วัน for days, 4.25 for a mean, 1,234 for a count; – for none."""
    if value is None:
        return "–"
    if unit == "%":
        return f"{format_figure(value, 1)} %"
    if unit == "days":
        return _("%(days)s days") % {"days": value}
    if unit == "mean":
        return format_figure(value, 2)
    return format_figure(value, 2, trim=True, grouped=True)


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


# The comparison tables' cells: a province's 25 centres (or the country's 77 provinces) by a
# dozen figures and twelve months. Written here rather than by a template per cell, which cost
# the province page a third of its time (issue 8), as Django's admin writes its result rows.


@register.simple_tag
def comparison_cells(cells: list[Cell], printable: bool = False) -> SafeString:
    """A row's figures as ``<td>``s, each a link to the requests it counts (on screen)."""
    # f-strings of escaped parts, not format_html per cell: a province's 225 cells took 1.16 ms
    # that way, 0.60 ms this way. conditional_escape escapes as format_html does.
    html = []
    for cell in cells:
        text = conditional_escape(cell.text)
        if cell.link and not printable:
            text = f'<a href="{conditional_escape(cell.link)}">{text}</a>'
        html.append(
            f'<td class="text-end" data-key="{conditional_escape(cell.column.key)}">{text}</td>'
        )
    return mark_safe("".join(html))  # every part escaped above


@register.simple_tag
def number_cells(values) -> SafeString:
    """Numbers as right-aligned ``<td>``s (the months of the trend table)."""
    return mark_safe(  # every value escaped
        "".join(f'<td class="text-end">{conditional_escape(value)}</td>' for value in values)
    )


@register.simple_tag
def sparkline_svg(points: str, name: str) -> SafeString:
    """The months' trend as a small line, named for screen readers."""
    label = _("Requests received each month, %(name)s") % {"name": name}
    return format_html(
        '<svg class="sparkline" viewBox="0 0 72 20" width="72" height="20" role="img"'
        ' aria-label="{}"><polyline points="{}" fill="none" stroke-width="1.5" /></svg>',
        label,
        points,
    )
