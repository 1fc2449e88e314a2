"""The request and visit lists as spreadsheets (XLSX or CSV): Thai headers and words, BE dates.

Like the registry's exports (clients.exports; both write through portal.lib.spreadsheets), the
headers and choice words are Thai whatever the user's language: the files go to Thai offices.
Rows are read in chunks, never all at once; a CSV streams.
"""

from collections.abc import Iterator
from datetime import date

from django.db.models import Case, Prefetch, QuerySet, Value, When
from django.http import HttpResponse
from django.utils import timezone, translation

from centres.models import Village
from clients.imports.columns import thai_word
from clients.models import ClientGroup, GroupKind, Title
from portal.filtering import described_filters
from portal.lib.spreadsheets import SheetData, be_date, csv_response, export_filename, xlsx_response
from portal.lib.users import display_name, display_name_from
from services.models import (
    Status,
    VisitKind,
    VisitStatus,
    days_to_resolve,
    first_resolved_at,
    overdue_condition,
    resolved_on_time,
    was_reopened,
)

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
    # How it went, by the counting rules the dashboards use (docs/counting-rules.md).
    "วันที่ให้บริการเสร็จครั้งแรก",
    "จำนวนวันที่ใช้",
    "ให้บริการเสร็จทันเวลา",
    "เคยเปิดเรื่องใหม่",
    "ผลการดำเนินงาน",
    "ผลต่อผู้รับบริการ",
    "เงินที่ได้รับ (บาท)",
    "จำนวนผู้ได้รับการอบรม",
    "ตลาดที่ได้",
    "ความพึงพอใจ (1-5)",
    "ศูนย์",
]
WIDTHS = {0: 18, 4: 30, 11: 40, 20: 40, 21: 30, 26: 40}


_CLIENT = (
    "client_group_id",
    "client_group__name",
    "client_group__kind",
    "client_group__village__number",
    "client_group__village__subdistrict__name_th",
    "person__title",
    "person__first_name",
    "person__last_name",
    "person__village__number",
    "person__village__subdistrict__name_th",
)
FIELDS = (
    "reference",
    "fiscal_year",
    "received_at",
    "received_by__first_name",
    "received_by__last_name",
    "received_by__username",
    *_CLIENT,
    "service_type__name_th",
    "channel",
    "urgency",
    "subject",
    "status",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
    "due_date",
    "overdue",
    "first_resolved",
    "reopened",
    "outcome",
    "result_note",
    "money_obtained",
    "people_trained",
    "market_found",
    "satisfaction",
    "centre__name",
)


def export_queryset(requests: QuerySet, today: date | None = None) -> QuerySet:
    """The one place where the export's rows are read: tuples, not model instances (a
    database router sending reports to a replica would route them here)."""
    overdue = Case(When(overdue_condition(today), then=Value(True)), default=Value(False))
    return requests.annotate(
        overdue=overdue, first_resolved=first_resolved_at(), reopened=was_reopened()
    ).values_list(*FIELDS)


def _client(row: tuple, kinds: dict[str, str], titles: dict[str, str]) -> list:
    group_id, group, kind, group_village, group_subdistrict = row[:5]
    title, first, last, village, subdistrict = row[5:]
    if group_id:
        return [group, kinds.get(kind, kind), group_village, group_subdistrict]
    return [f"{titles.get(title, title)}{first} {last}", "บุคคล", village, subdistrict]


def status_words() -> dict[str, str]:
    """The statuses as the pages say them in Thai: one wording everywhere."""
    with translation.override("th"):
        return {status.value: str(status.label) for status in Status}


def request_rows(requests: QuerySet) -> Iterator[list]:
    statuses = status_words()
    kinds = {code: thai_word(GroupKind, code) for code in GroupKind.values}
    titles = {code: thai_word(Title, code) for code in Title.values} | {"": ""}
    for row in requests.iterator(chunk_size=CHUNK_SIZE):
        reference, fiscal_year, received_at, *received_by = row[:6]
        client = row[6:16]
        service_type, channel, urgency, subject, status, *assigned_to = row[16:24]
        due_date, overdue, first_resolved, reopened, *outcome, centre = row[24:]
        yield [
            reference,
            fiscal_year,
            be_date(timezone.localdate(received_at)),
            display_name_from(*received_by),
            *_client(client, kinds, titles),
            service_type,
            CHANNEL_WORDS.get(channel, channel),
            URGENCY_WORDS.get(urgency, urgency),
            subject,
            statuses.get(status, status),
            display_name_from(*assigned_to),
            be_date(due_date),
            "ใช่" if overdue else "",
            *_how_it_went(timezone.localdate(received_at), due_date, first_resolved),
            "ใช่" if reopened else "",
            *outcome,
            centre,
        ]


def _how_it_went(received_on: date, due_date: date, first_resolved) -> list:
    """The first resolution's day, the days it took and whether on time; blank if never."""
    if first_resolved is None:
        return ["", "", ""]
    resolved_on = timezone.localdate(first_resolved)
    on_time = "ใช่" if resolved_on_time(resolved_on, due_date) else "ไม่"
    return [be_date(resolved_on), days_to_resolve(received_on, resolved_on), on_time]


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


# The visit list

VISIT_HEADERS = [
    "วันที่",
    "ประเภท",
    "สถานะ",
    "สถานการณ์เร่งด่วน",
    "วัตถุประสงค์",
    "หมู่บ้านที่ไป",
    "กลุ่มที่พบ",
    "เจ้าหน้าที่ที่ไป",
    "จำนวนผู้เข้าร่วม",
    "สิ่งที่ดำเนินการ",
    "วันที่ติดตามผล",
    "ศูนย์",
]
VISIT_WIDTHS = {1: 30, 4: 40, 5: 40, 6: 40, 7: 30, 9: 50, 11: 40}


def visit_export_queryset(visits: QuerySet) -> QuerySet:
    """The visits with what their rows name, prefetched a chunk at a time by the iterator:
    a few queries per chunk of CHUNK_SIZE, never one per visit."""
    villages = Village.objects.select_related("subdistrict").order_by("subdistrict", "number")
    return visits.select_related("centre").prefetch_related(
        Prefetch("villages", queryset=villages),
        Prefetch("groups", queryset=ClientGroup.objects.only("pk", "name").order_by("name")),
        "staff",
    )


def _village(village: Village) -> str:
    return " ".join(
        part
        for part in (f"หมู่ที่ {village.number}", village.name, "ต." + village.subdistrict.name_th)
        if part
    )


def visit_rows(visits: QuerySet) -> Iterator[list]:
    with translation.override("th"):
        kinds = {kind.value: str(kind.label) for kind in VisitKind}
        statuses = {status.value: str(status.label) for status in VisitStatus}
    for visit in visits.iterator(chunk_size=CHUNK_SIZE):
        yield [
            be_date(visit.planned_date),
            kinds.get(visit.kind, visit.kind),
            statuses.get(visit.status, visit.status),
            "ใช่" if visit.is_urgent else "",
            visit.title,
            ", ".join(_village(village) for village in visit.villages.all()),
            ", ".join(group.name for group in visit.groups.all()),
            ", ".join(sorted(display_name(user) for user in visit.staff.all())),
            visit.attendees,
            visit.what_was_done,
            be_date(visit.follow_up_on),
            visit.centre.name,
        ]


def visit_sheet(visits: QuerySet) -> SheetData:
    rows = visit_rows(visit_export_queryset(visits))
    return SheetData("กิจกรรมให้บริการ", VISIT_HEADERS, rows, VISIT_WIDTHS)


def visit_export_response(visits: QuerySet, fmt: str, filters=None) -> HttpResponse:
    """``filters``: the list's filter form, named in the workbook's summary."""
    sheet = visit_sheet(visits)
    filename = export_filename("visits", fmt)
    if fmt == "csv":
        return csv_response(filename, sheet)
    with translation.override("th"):
        described = described_filters(filters) if filters is not None else []
    return xlsx_response(filename, [sheet], filters=described)
