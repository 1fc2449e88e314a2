"""The export of the request list: the user's scope and the list's filters, Thai headers and
words, BE dates; XLSX and CSV (with the byte-order mark Excel needs for Thai)."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.rules import REQUESTS
from services.models import Channel, Status, Urgency
from tests.clients.factories import PersonFactory
from tests.services.factories import (
    ServiceRequestFactory,
    ServiceTypeFactory,
    StatusChangeFactory,
)

URL = reverse("services:request-export")
BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture
def a_requests(centre_a, staff, colleague):
    service_type = ServiceTypeFactory(name_th="เชื่อมโยงแหล่งตลาด")
    common = {"centre": centre_a, "received_by": staff, "service_type": service_type}
    return [
        ServiceRequestFactory(
            **common,
            subject="ขอช่องทางขายผ้า",
            received_at=datetime(2026, 11, 5, 9, 30, tzinfo=BANGKOK),
            due_date=date(2026, 12, 5),
            assigned_to=colleague,
            channel=Channel.OUTREACH,
            urgency=Urgency.URGENT,
        ),
        ServiceRequestFactory(
            **common,
            client_group=None,
            person=PersonFactory(centre=centre_a, title="mrs", first_name="มาลี", last_name="ดี"),
            subject='=HYPERLINK("http://x")',
            status=Status.RESOLVED,
            outcome="ได้ตลาดใหม่",
            money_obtained=Decimal("1500.00"),
            satisfaction=4,
        ),
    ]


@pytest.fixture
def b_request(centre_b, outsider):
    return ServiceRequestFactory(centre=centre_b, received_by=outsider, subject="คำขอศูนย์ข")


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    *rows, trailer = list(csv.reader(io.StringIO(text[1:])))
    assert trailer == [f"# {len(rows) - 1} rows, complete"]  # a truncated file has none
    return rows


def read_xlsx(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def test_it_sends_anonymous_users_to_the_login_page(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_exports_none_of_another_centres_rows(client, outsider, a_requests, b_request):
    client.force_login(outsider)
    rows = read_csv(client.get(URL, {"format": "csv"}))
    assert [row[0] for row in rows[1:]] == [b_request.reference]
    assert rows[0][0] == "เลขที่คำขอ"


def test_it_refuses_an_unknown_format(client, staff):
    client.force_login(staff)
    assert client.get(URL, {"format": "pdf"}).status_code == 404


def test_it_exports_csv_with_thai_headers_words_and_be_dates(client, staff, a_requests):
    client.force_login(staff)
    response = client.get(URL, {"format": "csv", "sort": "received"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    header, first, second = read_csv(response)
    row = dict(zip(header, first, strict=True))
    assert row["เลขที่คำขอ"] == a_requests[0].reference
    assert row["วันที่รับเรื่อง"] == "05/11/2569"
    assert row["กำหนดแล้วเสร็จ"] == "05/12/2569"
    assert row["ช่องทาง"] == "เชิงรุก"
    assert row["ความเร่งด่วน"] == "เร่งด่วน"
    assert row["สถานะ"] == "รับเรื่อง"
    assert row["ประเภทบริการ"] == "เชื่อมโยงแหล่งตลาด"
    assert row["ผู้รับผิดชอบ"]
    other = dict(zip(header, second, strict=True))
    assert other["ผู้ขอรับบริการ"] == "นางมาลี ดี"
    assert other["ประเภทผู้ขอรับบริการ"] == "บุคคล"
    assert other["เรื่อง"].startswith("'=")  # never a formula
    assert (other["เงินที่ได้รับ (บาท)"], other["ความพึงพอใจ (1-5)"]) == ("1500.00", "4")


def test_it_exports_the_filtered_list_as_xlsx(client, committee_member, a_requests):
    client.force_login(committee_member)  # reading is enough to export
    response = client.get(URL, {"format": "xlsx", "status": "resolved"})
    assert response.status_code == 200
    rows = read_xlsx(response)
    assert rows[0][0] == "เลขที่คำขอ"
    assert [row[0] for row in rows[1:]] == [a_requests[1].reference]
    assert rows[1][rows[0].index("สถานะ")] == "ให้บริการเสร็จแล้ว"


def at(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 14, 0, tzinfo=BANGKOK)


def moves(request, *steps) -> None:
    for from_status, to_status, when in steps:
        StatusChangeFactory(
            request=request, from_status=from_status, to_status=to_status, changed_at=when
        )


HOW_IT_WENT = ("วันที่ให้บริการเสร็จครั้งแรก", "จำนวนวันที่ใช้", "ให้บริการเสร็จทันเวลา", "เคยเปิดเรื่องใหม่")


def test_it_tells_how_each_request_went_by_the_dashboards_counting_rules(client, staff, centre_a):
    """First resolved, days, on time and reopened, as docs/counting-rules.md defines them: the
    export's column adds up to the dashboard's figure."""
    common = {"centre": centre_a, "received_by": staff}
    reopened = ServiceRequestFactory(
        **common, received_at=at(5), due_date=date(2026, 11, 10), status=Status.RESOLVED
    )
    moves(
        reopened,
        (Status.IN_PROGRESS, Status.RESOLVED, at(9)),  # on time: the first resolution counts
        (Status.RESOLVED, Status.CLOSED, at(10)),
        (Status.CLOSED, Status.IN_PROGRESS, at(12)),
        (Status.IN_PROGRESS, Status.RESOLVED, at(20)),
    )
    late = ServiceRequestFactory(
        **common, received_at=at(1), due_date=date(2026, 11, 3), status=Status.CLOSED
    )
    moves(
        late, (Status.IN_PROGRESS, Status.RESOLVED, at(6)), (Status.RESOLVED, Status.CLOSED, at(7))
    )
    still_open = ServiceRequestFactory(**common, received_at=at(2), status=Status.IN_PROGRESS)
    client.force_login(staff)
    header, *rows = read_csv(client.get(URL, {"format": "csv"}))
    went = {row[0]: tuple(row[header.index(column)] for column in HOW_IT_WENT) for row in rows}
    assert went == {
        reopened.reference: ("09/11/2569", "4", "ใช่", "ใช่"),
        late.reference: ("06/11/2569", "5", "ไม่", ""),
        still_open.reference: ("", "", "", ""),
    }
    figures = REQUESTS.count([centre_a.pk], [2570])
    whole_year = {measure: value for (_, _, month, measure), value in figures.items() if not month}
    on_time = [row for row in went.values() if row[2] == "ใช่"]
    assert whole_year["requests.on_time"] == len(on_time) == 1
    assert whole_year["requests.resolved"] == 2
    assert whole_year["requests.reopened"] == 1
    assert whole_year["requests.days_total"] == 4 + 5
