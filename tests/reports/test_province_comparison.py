"""The province comparison on the demo's data: each centre's figures equal a recount from the raw
rows, the total is the sum, the numbers lead to the requests they count, the exports hold the
same figures, and the printable summary is there."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from centres.models import Centre
from portal.lib.fiscal import fiscal_year, fiscal_year_range
from portal.lib.spreadsheets import CSV_TRAILER, SUMMARY_SHEET
from reports.rules import local_day
from services.models import OPEN_STATUSES, ServiceRequest, Status, StatusChange, Visit, VisitStatus

pytestmark = pytest.mark.date_sensitive

PROVINCE = "50"


def _as(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _recount(centre: Centre, year: int, today: date) -> dict:
    """The figures counted again from the requests, their status changes and the visits."""
    requests = ServiceRequest.objects.filter(centre=centre, fiscal_year=year)
    first_resolved: dict[int, date] = {}
    for request_id, moment in (
        StatusChange.objects.filter(request__in=requests, to_status=Status.RESOLVED)
        .order_by("changed_at")
        .values_list("request_id", "changed_at")
    ):
        first_resolved.setdefault(request_id, local_day(moment))
    due = dict(requests.values_list("pk", "due_date"))
    on_time = sum(1 for pk, day in first_resolved.items() if day <= due[pk])
    open_now = ServiceRequest.objects.filter(centre=centre, status__in=OPEN_STATUSES)
    first, last = fiscal_year_range(year)
    visits = Visit.objects.filter(centre=centre, planned_date__range=(first, last))
    resolved = len(first_resolved)
    return {
        "received": requests.count(),
        "open": open_now.count(),
        "overdue": open_now.filter(due_date__lt=today).count(),
        "resolved": resolved,
        "on_time": (Decimal(on_time * 100) / resolved).quantize(Decimal("0.1"))
        if resolved
        else None,
        "visits_done": visits.filter(status=VisitStatus.DONE).count(),
    }


def _page(client, query: str = ""):
    response = _as(client, "province").get(reverse("reports:province", args=[PROVINCE]) + query)
    assert response.status_code == 200
    return response


def test_it_shows_every_centre_of_the_province_with_figures_equal_to_a_recount(client, seeded):
    today = timezone.localdate()
    # A fiscal year that holds demo work whatever the clock: on 1 October the new year has none.
    year = fiscal_year(today - timedelta(days=45))

    page = _page(client, f"?fiscal_year={year}")
    rows = {row.code: row for row in page.context["comparison"].rows}

    centres = Centre.objects.filter(district__province_id=PROVINCE)
    assert set(rows) == {centre.code for centre in centres}
    for centre in centres:
        expected = _recount(centre, year, today)
        shown = {key: rows[centre.code].figures[key] for key in expected}
        assert shown == expected, centre.code
    assert sum(row.figures["received"] for row in rows.values()) > 0


def test_it_adds_the_centres_up_in_the_total_row(client, seeded):
    comparison = _page(client).context["comparison"]

    for key in ("received", "open", "overdue", "resolved", "visits_done", "villages"):
        assert comparison.total.figures[key] == sum(row.figures[key] for row in comparison.rows)
    monthly = [sum(month) for month in zip(*(row.trend for row in comparison.rows), strict=True)]
    assert comparison.total.trend == monthly
    assert sum(comparison.total.trend) == comparison.total.figures["received"]


def test_it_counts_one_month_when_a_month_is_chosen(client, seeded):
    today = timezone.localdate()
    year = fiscal_year(today)
    month = (today.month + 2) % 12 + 1  # October is month 1 of the fiscal year

    comparison = _page(client, f"?fiscal_year={year}&month={month}").context["comparison"]

    received = ServiceRequest.objects.filter(
        centre__district__province_id=PROVINCE,
        fiscal_year=year,
        received_at__month=today.month,
    ).count()
    assert comparison.period.month == month
    assert comparison.total.figures["received"] == received


def test_it_links_a_centres_numbers_to_the_requests_they_count(client, seeded):
    response = _page(client)
    busiest = max(response.context["comparison"].rows, key=lambda row: row.figures["received"])

    for key in ("received", "open", "overdue"):
        listed = client.get(busiest.links[key])
        assert listed.status_code == 200
        assert listed.context["page"].paginator.count == busiest.figures[key], key
        assert f'href="{busiest.links[key].replace("&", "&amp;")}"' in response.content.decode()


def test_it_sorts_the_centres_by_on_time_rate_with_the_missing_last(client, seeded):
    response = _page(client, "?sort=-on_time")

    comparison = response.context["comparison"]
    rates = [row.figures["on_time"] for row in comparison.rows]
    known = [rate for rate in rates if rate is not None]
    assert known == sorted(known, reverse=True)
    assert rates == known + [None] * (len(rates) - len(known))
    assert 'aria-sort="descending" class="text-end" data-key="on_time"' in response.content.decode()


def test_it_exports_the_table_as_xlsx_with_numbers_as_numbers(client, seeded):
    page = _page(client, "?sort=-received").context["comparison"]
    url = reverse("reports:province-export", args=[PROVINCE, "xlsx"]) + "?sort=-received"

    response = client.get(url)

    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("อำเภอ", "รับเรื่อง")
    assert [row[0] for row in rows[1:-1]] == [row.name for row in page.rows]
    assert rows[1][1] == page.rows[0].figures["received"]
    assert isinstance(rows[1][1], int)
    assert rows[-1][1] == page.total.figures["received"]
    summary = list(book[SUMMARY_SHEET].iter_rows(values_only=True))
    assert ("ตัวกรอง: ช่วงเวลา", f"ปีงบประมาณ {fiscal_year(timezone.localdate())}") in summary


def test_it_exports_the_table_as_csv_with_its_trailer(client, seeded):
    page = _page(client).context["comparison"]

    response = client.get(reverse("reports:province-export", args=[PROVINCE, "csv"]))

    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][0] == "อำเภอ"
    assert len(lines) == 1 + len(page.rows) + 1 + 1  # headers, centres, total, trailer
    assert lines[-1] == [CSV_TRAILER.format(count=len(page.rows) + 1)]
    assert lines[-2][1] == str(page.total.figures["received"])


def test_it_refuses_an_unknown_export_format(client, seeded):
    url = reverse("reports:province-export", args=[PROVINCE, "pdf"])

    assert _as(client, "province").get(url).status_code == 404


def test_it_prints_a_summary_in_thai_with_the_signature_line(client, seeded):
    url = reverse("reports:province-print", args=[PROVINCE])

    response = _as(client, "province").get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "css/print-province.css" in html
    assert "เชียงใหม่" in html and f"ปีงบประมาณ {fiscal_year(timezone.localdate())}" in html
    assert "ลงชื่อ" in html
    assert "portal-navbar" not in html
