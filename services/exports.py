"""The request list as a spreadsheet (XLSX or CSV): Thai headers and words, BE dates.

Like the registry's exports (clients.exports; both write through portal.lib.spreadsheets), the
headers and choice words are Thai whatever the user's language: the files go to Thai offices.
Rows are read in chunks, never all at once; a CSV streams.
"""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone, translation

from clients.imports.columns import thai_word
from clients.models import GroupKind, Title
from portal.filtering import described_filters
from portal.lib.spreadsheets import SheetData, be_date, csv_response, export_filename, xlsx_response
from portal.lib.users import display_name
from services.models import ServiceRequest, Status

CHUNK_SIZE = 2000
FORMATS = ("xlsx", "csv")

CHANNEL_WORDS = {"onsite": "เชิงรับ", "outreach": "เชิงรุก"}
URGENCY_WORDS = {"normal": "ปกติ", "urgent": "เร่งด่วน"}

HEADERS = [
    "เลขที่คำขอ",
    "ปีงบประมาณ",
    "วันที่รับเรื่อง",
    "ผู้รับเรื่อง",
    "ผู้ขอรับบริการ",
    "ประเภทผู้ขอรับบริการ",
    "หมู่ที่",
    "ตำบล",
    "ประเภทบริการ",
    "ช่องทาง",
    "ความเร่งด่วน",
    "เรื่อง",
    "สถานะ",
    "ผู้รับผิดชอบ",
    "กำหนดแล้วเสร็จ",
    "เกินกำหนด",
    "ผลการดำเนินงาน",
    "ผลต่อผู้รับบริการ",
    "เงินที่ได้รับ (บาท)",
    "จำนวนผู้ได้รับการอบรม",
    "ตลาดที่ได้",
    "ความพึงพอใจ (1-5)",
    "ศูนย์",
]
WIDTHS = {0: 18, 4: 30, 11: 40, 16: 40, 17: 30, 22: 40}


def export_queryset(requests: QuerySet) -> QuerySet:
    return requests.with_related().select_related("received_by")


def _client(request: ServiceRequest) -> list:
    if request.client_group_id:
        group = request.client_group
        name, kind, village = group.name, thai_word(GroupKind, group.kind), group.village
    else:
        person = request.person
        name = f"{thai_word(Title, person.title)}{person.first_name} {person.last_name}"
        kind, village = "บุคคล", person.village
    return [name, kind, village.number, village.subdistrict.name_th]


def status_words() -> dict[str, str]:
    """The statuses as the pages say them in Thai: one wording everywhere."""
    with translation.override("th"):
        return {status.value: str(status.label) for status in Status}


def request_rows(requests: QuerySet) -> Iterator[list]:
    today = timezone.localdate()
    statuses = status_words()
    for request in requests.iterator(chunk_size=CHUNK_SIZE):
        yield [
            request.reference,
            request.fiscal_year,
            be_date(timezone.localdate(request.received_at)),
            display_name(request.received_by),
            *_client(request),
            request.service_type.name_th,
            CHANNEL_WORDS.get(request.channel, request.channel),
            URGENCY_WORDS.get(request.urgency, request.urgency),
            request.subject,
            statuses.get(request.status, request.status),
            display_name(request.assigned_to),
            be_date(request.due_date),
            "ใช่" if request.is_overdue(today) else "",
            request.outcome,
            request.result_note,
            request.money_obtained,
            request.people_trained,
            request.market_found,
            request.satisfaction,
            request.centre.name,
        ]


def request_sheet(requests: QuerySet) -> SheetData:
    return SheetData("คำขอรับบริการ", HEADERS, request_rows(export_queryset(requests)), WIDTHS)


def export_response(requests: QuerySet, fmt: str, filters=None) -> HttpResponse:
    """``filters``: the list's FilterSet, named in the workbook's summary."""
    sheet = request_sheet(requests)
    filename = export_filename("service-requests", fmt)
    if fmt == "csv":
        return csv_response(filename, sheet)
    with translation.override("th"):  # the file's words are Thai, like its headers
        described = described_filters(filters) if filters is not None else []
    return xlsx_response(filename, [sheet], filters=described)
