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

from services.models import Channel, Status, Urgency
from tests.clients.factories import PersonFactory
from tests.services.factories import ServiceRequestFactory, ServiceTypeFactory

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
