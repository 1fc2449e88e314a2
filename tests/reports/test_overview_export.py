"""The centre overview's export: every table the page shows as a sheet of an XLSX workbook
(Thai headers, BE months, numbers as numbers) with the figures the page shows, the main
figures as CSV with its trailer, the same access as the page and a fixed number of queries."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from portal.lib.fiscal import fiscal_year
from portal.lib.spreadsheets import CSV_TRAILER, SUMMARY_SHEET
from tests.reports.test_centre_overview import (
    add_centres,
    add_work,
    count_queries,
    overview_url,
    recount,
)

pytestmark = pytest.mark.date_sensitive


def export_url(fmt: str, code: str = "5001", query: str = "") -> str:
    return reverse("reports:centre-overview-export", args=[code, fmt]) + query


@pytest.fixture
def worked(centre_a, staff):
    add_work(centre_a, staff, seed=7)
    return centre_a


def _book(client, query: str = ""):
    response = client.get(export_url("xlsx", query=query))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="overview-5001-')
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _rows(book, name: str) -> list[tuple]:
    return list(book[name].iter_rows(values_only=True))


def test_it_writes_a_sheet_per_table_of_the_page_with_its_figures(client, head, worked):
    client.force_login(head)
    year = fiscal_year(timezone.localdate())
    query = f"?fiscal_year={year}&month=2"
    page = client.get(overview_url(fiscal_year=year, month=2)).context["overview"]

    book = _book(client, query)

    requests = page.panels[0]
    rows = _rows(book, "คำขอรับบริการ")
    assert rows[0] == ("รายการ", f"พฤศจิกายน {year - 1}", f"พฤศจิกายน {year - 2}")
    assert [row[0] for row in rows[1:4]] == [
        "คำขอที่รับเรื่อง",
        "ยังไม่แล้วเสร็จ (จากเรื่องที่รับ)",
        "ให้บริการเสร็จแล้ว",
    ]
    assert [row[0].endswith(" (%)") for row in rows[1:]] == [
        f.unit == "%" for f in requests.figures
    ]
    assert len(rows) - 1 == len(requests.figures)
    assert [row[1] for row in rows[1:]] == [
        None if f.value is None else float(f.value) for f in requests.figures
    ]
    assert rows[1][1] == recount(worked, year, 2)["received"]
    assert isinstance(rows[1][1], int)
    assert {"คำขอรับบริการ – ตามสถานะ", "กิจกรรมให้บริการ – ตามสถานะ"} <= set(book.sheetnames)
    assert book.sheetnames[0] == "เรื่องที่ต้องดำเนินการ"
    assert book.sheetnames[-1] == SUMMARY_SHEET
    assert len(book.sheetnames) == 1 + 3 + sum(1 + len(p.breakdowns) for p in page.panels) + 1
    summary = _rows(book, SUMMARY_SHEET)
    assert ("ตัวกรอง: ช่วงเวลา", f"พฤศจิกายน {year - 1}") in summary
    assert ("ตัวกรอง: ศูนย์ฯ", worked.name) in summary


def test_it_writes_each_chart_month_by_month_with_be_labels(client, head, worked):
    client.force_login(head)
    year = fiscal_year(timezone.localdate())

    book = _book(client)

    rows = _rows(book, "คำขอที่รับเรื่อง รายเดือน")
    assert rows[0] == ("เดือน", f"ปีงบประมาณ {year}", f"ปีงบประมาณ {year - 1}")
    assert rows[1][0] == f"ต.ค. {year - 1}" and rows[12][0] == f"ก.ย. {year}"
    assert [row[1] for row in rows[1:]] == [
        recount(worked, year, m)["received"] for m in range(1, 13)
    ]
    assert [row[2] for row in rows[1:]] == [
        recount(worked, year - 1, m)["received"] for m in range(1, 13)
    ]


def test_it_writes_the_main_figures_as_csv_with_its_trailer(client, head, worked):
    client.force_login(head)
    year = fiscal_year(timezone.localdate())
    page = client.get(overview_url()).context["overview"]

    response = client.get(export_url("csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["รายการ", f"ปีงบประมาณ {year}", f"ปีงบประมาณ {year - 1}"]
    figures = page.panels[0].figures
    assert len(lines) == 1 + len(figures) + 1
    assert lines[1][:2] == ["คำขอที่รับเรื่อง", str(recount(worked, year)["received"])]
    assert lines[-1] == [CSV_TRAILER.format(count=len(figures))]


def test_it_refuses_an_unknown_format(client, head, centre_a):
    client.force_login(head)

    assert client.get(export_url("pdf")).status_code == 404


def test_an_outsider_and_nobody_get_404(client, centre_a, outsider, nobody):
    for user in (outsider, nobody):
        client.force_login(user)
        assert client.get(export_url("xlsx")).status_code == 404
        assert client.get(export_url("csv")).status_code == 404


def test_a_bad_choice_falls_back_to_this_fiscal_year(client, head, centre_a):
    client.force_login(head)
    year = fiscal_year(timezone.localdate())

    book = _book(client, "?fiscal_year=abc&month=99")

    assert _rows(book, "คำขอรับบริการ")[0][1] == f"ปีงบประมาณ {year}"


@pytest.mark.parametrize("persona", ["head", "province_officer"])
def test_it_reads_the_same_number_of_queries_for_10_and_100_centres(
    client, request, centre_a, staff, persona
):
    client.force_login(request.getfixturevalue(persona))
    add_centres(9, staff)
    add_work(centre_a, staff, seed=1, count=10)
    url = export_url("xlsx")
    client.get(url)  # sessions and the like settle
    ten = count_queries(client, url)
    add_centres(90, staff)
    add_work(centre_a, staff, seed=2, count=30)
    assert count_queries(client, url) == ten
    assert count_queries(client, export_url("csv")) == ten
    assert ten <= 16
