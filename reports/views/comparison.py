"""The province comparison (its centres side by side), its printable summary, the national page
(the provinces side by side, and as a tile map), and their exports to XLSX and CSV."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centres.models import Province
from portal.lib.dates import format_be_date
from portal.lib.spreadsheets import export_filename
from reports import tables
from reports.access import get_province_for_user, require_national
from reports.charts import sparkline, tile_map
from reports.comparison import (
    NAME,
    Comparison,
    cell_text,
    cells_of,
    month_choices,
    national_comparison,
    period_of,
    province_comparison,
    year_choices,
)

FORMATS = ("xlsx", "csv")
EXPORT_LANGUAGE = "th"  # the exports' headers are Thai, as their summary sheet is


def _headers(request: HttpRequest, comparison: Comparison, first_label: str) -> list[dict]:
    """The table's headers: each a link that sorts by it (a figure: the most first; the name:
    in code order), and its aria-sort."""
    keys = [(NAME, first_label)] + [(c.key, str(c.label)) for c in comparison.columns]
    headers = []
    for key, label in keys:
        current = comparison.sort == key
        descending = not comparison.descending if current else key != NAME
        query = {**comparison.period.query(), "sort": f"{'-' if descending else ''}{key}"}
        if map_key := request.GET.get("map"):
            query["map"] = map_key
        sort_state = "descending" if comparison.descending else "ascending"
        headers.append(
            {
                "key": key,
                "label": label,
                "url": f"?{urlencode(query)}",
                "aria_sort": sort_state if current else "",
            }
        )
    return headers


def _rows(comparison: Comparison) -> list[dict]:
    return [
        {"row": row, "cells": cells_of(row, comparison.columns), "spark": sparkline(row.trend)}
        for row in comparison.rows
    ]


def _context(request: HttpRequest, comparison: Comparison, first_label: str, **extra) -> dict:
    query = {**comparison.period.query()}
    if comparison.sort != NAME or comparison.descending:
        query["sort"] = f"{'-' if comparison.descending else ''}{comparison.sort}"
    today = timezone.localdate()
    return {
        "comparison": comparison,
        "period": comparison.period,
        "headers": _headers(request, comparison, first_label),
        "rows": _rows(comparison),
        "total_cells": cells_of(comparison.total, comparison.columns),
        "total_spark": sparkline(comparison.total.trend),
        "months": month_choices(comparison.period.year),
        "years": year_choices(today),
        "trend_months": [label for number, label in month_choices(comparison.period.year)[1:]],
        "query": urlencode(query),
        "period_query": urlencode(comparison.period.query()),
        "today": today,
        **extra,
    }


def comparison_tables(comparison: Comparison, first_column: str) -> list[tables.Table]:
    """The page's tables as a workbook's sheets: the comparison (total row last) and each
    row's received requests month by month."""
    columns = [first_column, *(str(c.label) for c in comparison.columns)]
    rows = [
        [row.name, *(cell.value for cell in cells_of(row, comparison.columns))]
        for row in [*comparison.rows, comparison.total]
    ]
    months = [label for _number, label in month_choices(comparison.period.year)[1:]]
    trend_rows = [[row.name, *row.trend] for row in [*comparison.rows, comparison.total]]
    return [
        tables.Table(_("Comparison"), columns, rows),
        tables.Table(_("Requests received by month"), [first_column, *months], trend_rows),
    ]


def _export(
    comparison: Comparison, fmt: str, stem: str, first_column: str, place: str
) -> HttpResponse:
    sheets = comparison_tables(comparison, first_column)
    filename = export_filename(stem, fmt)
    if fmt == "csv":
        return tables.csv_response(filename, sheets[0])
    sort_label = {c.key: str(c.label) for c in comparison.columns}.get(comparison.sort)
    filters = [(_("Area"), place), (_("Period"), comparison.period.label)]
    if sort_label:
        filters.append((_("Sorted by"), sort_label))
    return tables.xlsx_response(filename, sheets, filters=filters)


# The province comparison


def _province(request: HttpRequest, code: str) -> tuple[Province, Comparison]:
    province = get_province_for_user(request.user, code)
    today = timezone.localdate()
    period = period_of(request.GET, today)
    return province, province_comparison(province, period, request.GET, today)


@login_required
def province(request: HttpRequest, code: str) -> HttpResponse:
    province, comparison = _province(request, code)
    context = _context(request, comparison, _("District"), province=province)
    return render(request, "reports/province.html", context)


@login_required
def province_print(request: HttpRequest, code: str) -> HttpResponse:
    province, comparison = _province(request, code)
    context = _context(request, comparison, _("District"), province=province)
    context["printed_on"] = format_be_date(context["today"], long=True)
    return render(request, "reports/province_print.html", context)


@login_required
def province_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    with translation.override(EXPORT_LANGUAGE):
        province, comparison = _province(request, code)
        stem = f"centres-{province.code}"
        return _export(comparison, fmt, stem, _("District"), province.name)


# The national page


def _national(request: HttpRequest) -> Comparison:
    require_national(request.user)
    today = timezone.localdate()
    return national_comparison(period_of(request.GET, today), request.GET, today)


@login_required
def national(request: HttpRequest) -> HttpResponse:
    comparison = _national(request)
    columns = {column.key: column for column in comparison.columns}
    shown = columns.get(str(request.GET.get("map", "")), columns["received"])
    tiles = tile_map(comparison.rows, shown.key, lambda value: cell_text(shown.kind, value))
    context = _context(request, comparison, _("Province"), map_column=shown, tiles=tiles)
    return render(request, "reports/national.html", context)


@login_required
def national_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    with translation.override(EXPORT_LANGUAGE):
        comparison = _national(request)
        return _export(comparison, fmt, "provinces", _("Province"), _("Whole country"))
