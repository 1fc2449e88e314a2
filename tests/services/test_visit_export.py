"""The export of the visit list: the user's scope and the list's filters, Thai headers and
words, BE dates; XLSX and CSV, streamed, in a bounded number of queries."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from centres.models import AuditEvent, AuditKind
from portal.lib.spreadsheets import be_date
from services.models import VisitKind, VisitStatus
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import VisitFactory

pytestmark = pytest.mark.date_sensitive

URL = reverse("services:visit-export")
EXPORT_QUERIES = 10  # measured: 8 for staff (session, user, roles, audit, visits, 3 prefetches)


@pytest.fixture
def village(centre_a):
    subdistrict = SubdistrictFactory(code="500101", district=centre_a.district, name_th="ศรีภูมิ")
    return VillageFactory(subdistrict=subdistrict, number=3, name="บ้านป่าแดง")


@pytest.fixture
def a_visits(centre_a, staff, colleague, village):
    today = timezone.localdate()
    done = VisitFactory(
        centre=centre_a,
        created_by=staff,
        kind=VisitKind.OUTREACH,
        status=VisitStatus.DONE,
        planned_date=today - timedelta(days=3),
        title="หน่วยเคลื่อนที่บ้านป่าแดง",
        is_urgent=True,
        attendees=24,
        what_was_done="แนะนำช่องทางตลาดออนไลน์",
        follow_up_on=today + timedelta(days=30),
    )
    done.villages.add(village)
    done.groups.add(ClientGroupFactory(centre=centre_a, name="กลุ่มทอผ้าป่าแดง"))
    done.staff.add(staff, colleague)
    planned = VisitFactory(
        centre=centre_a,
        created_by=staff,
        kind=VisitKind.ONSITE,
        planned_date=today + timedelta(days=5),
        title="คลินิกบริการที่ศูนย์",
    )
    return [done, planned]


@pytest.fixture
def b_visit(centre_b, outsider):
    return VisitFactory(centre=centre_b, created_by=outsider, title="ออกพื้นที่ศูนย์ข")


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    *rows, trailer = list(csv.reader(io.StringIO(text[1:])))
    assert trailer == [f"# {len(rows) - 1} rows, complete"]  # a truncated file has none
    return rows


def read_xlsx(response) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_it_sends_anonymous_users_to_the_login_page(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_refuses_an_unknown_format(client, staff):
    client.force_login(staff)
    assert client.get(URL, {"format": "pdf"}).status_code == 404


def test_it_exports_none_of_another_centres_visits(client, outsider, a_visits, b_visit):
    client.force_login(outsider)
    # A centre filter naming centre A is not offered to a user of one centre: dropped.
    rows = read_csv(client.get(URL, {"format": "csv", "when": "all", "centre": "5001"}))
    assert [row[4] for row in rows[1:]] == ["ออกพื้นที่ศูนย์ข"]
    assert rows[0][0] == "วันที่"


def test_it_exports_csv_with_thai_headers_words_and_be_dates(client, staff, a_visits, colleague):
    client.force_login(staff)
    response = client.get(URL, {"format": "csv", "when": "all"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    header, first, second = read_csv(response)  # latest first, as the list shows them
    row = dict(zip(header, second, strict=True))
    done = a_visits[0]
    assert row["วันที่"] == be_date(done.planned_date)
    assert row["ประเภท"] == "ออกให้บริการเคลื่อนที่ในหมู่บ้าน"
    assert row["สถานะ"] == "จัดให้บริการแล้ว"
    assert row["สถานการณ์เร่งด่วน"] == "ใช่"
    assert row["วัตถุประสงค์"] == "หน่วยเคลื่อนที่บ้านป่าแดง"
    assert row["หมู่บ้านที่ไป"] == "หมู่ที่ 3 บ้านป่าแดง ต.ศรีภูมิ"
    assert row["กลุ่มที่พบ"] == "กลุ่มทอผ้าป่าแดง"
    assert row["เจ้าหน้าที่ที่ไป"] == ", ".join(
        sorted(user.get_full_name() for user in (staff, colleague))
    )
    assert (row["จำนวนผู้เข้าร่วม"], row["สิ่งที่ดำเนินการ"]) == ("24", "แนะนำช่องทางตลาดออนไลน์")
    assert row["วันที่ติดตามผล"] == be_date(done.follow_up_on)
    assert row["ศูนย์"] == done.centre.name
    other = dict(zip(header, first, strict=True))
    assert other["วัตถุประสงค์"] == "คลินิกบริการที่ศูนย์"
    assert (other["หมู่บ้านที่ไป"], other["วันที่ติดตามผล"], other["สถานการณ์เร่งด่วน"]) == ("", "", "")


def test_it_records_the_export_with_its_filters(client, staff, a_visits):
    client.force_login(staff)
    read_csv(client.get(URL, {"format": "csv", "status": "done"}))
    (event,) = AuditEvent.objects.all()
    assert (event.kind, event.user, event.what) == (
        AuditKind.EXPORT,
        staff,
        "visits?format=csv&status=done",
    )


def test_it_exports_the_filtered_list_as_xlsx_with_its_summary(client, committee_member, a_visits):
    client.force_login(committee_member)  # reading is enough to export
    response = client.get(URL, {"format": "xlsx", "when": "all", "status": "done"})
    assert response.status_code == 200
    sheets = read_xlsx(response)
    rows = sheets.pop("กิจกรรมให้บริการ")
    assert rows[0][0] == "วันที่"
    assert [row[4] for row in rows[1:]] == ["หน่วยเคลื่อนที่บ้านป่าแดง"]
    ((summary),) = sheets.values()
    assert ("จำนวนแถวในแผ่นงาน “กิจกรรมให้บริการ”", 1) in summary
    assert ("ตัวกรอง: สถานะ", "จัดให้บริการแล้ว") in summary


def test_it_exports_upcoming_visits_by_default_like_the_list(client, staff, a_visits):
    client.force_login(staff)
    rows = read_csv(client.get(URL, {"format": "csv"}))
    assert [row[4] for row in rows[1:]] == ["คลินิกบริการที่ศูนย์"]


def _visits(centre, staff, village, count: int) -> None:
    today = timezone.localdate()
    for n in range(count):
        visit = VisitFactory(centre=centre, created_by=staff, planned_date=today + timedelta(n))
        visit.villages.add(village)
        visit.groups.add(ClientGroupFactory(centre=centre))
        visit.staff.add(staff)


def _count(client, params: dict) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        rows = read_csv(client.get(URL, params))
    return len(queries), len(rows) - 1


def test_the_export_runs_as_many_queries_for_50_visits_as_for_5(client, staff, centre_a, village):
    client.force_login(staff)
    _visits(centre_a, staff, village, 5)
    with_5, rows_5 = _count(client, {"format": "csv", "when": "all"})
    _visits(centre_a, staff, village, 45)
    with_50, rows_50 = _count(client, {"format": "csv", "when": "all"})
    assert (rows_5, rows_50) == (5, 50)
    assert with_50 == with_5 <= EXPORT_QUERIES
