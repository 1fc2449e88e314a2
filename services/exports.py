"""The request and visit lists as spreadsheets (XLSX or CSV): Thai headers and words, BE dates.

Like the registry's exports (clients.exports; both write through portal.lib.spreadsheets), the
headers and choice words are Thai whatever the user's language: the files go to Thai offices.
Rows are read in chunks, never all at once; a CSV streams.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from itertools import islice

from django.db.models import Case, QuerySet, Value, When
from django.http import HttpResponse
from django.utils import timezone, translation

from clients.imports.columns import thai_word
from clients.models import GroupKind, Title
from portal.filtering import described_filters
from portal.lib.spreadsheets import SheetData, be_date, csv_response, export_filename, xlsx_response
from portal.lib.users import display_name_from
from services.models import (
    Status,
    Visit,
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
        received_on = timezone.localdate(received_at)
        yield [
            reference,
            fiscal_year,
            be_date(received_on),
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
            *_how_it_went(received_on, due_date, first_resolved),
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


VISIT_FIELDS = (
    "pk",
    "planned_date",
    "kind",
    "status",
    "is_urgent",
    "title",
    "attendees",
    "what_was_done",
    "follow_up_on",
    "centre__name",
)


def _village(number: int, name: str, subdistrict: str) -> str:
    return " ".join(part for part in (f"หมู่ที่ {number}", name, "ต." + subdistrict) if part)


def _named_by_visit(through: QuerySet, fields: tuple[str, ...], name) -> dict[int, list[str]]:
    """visit id → the names of what it links to (villages, groups, staff), in ``through``'s
    order: values read in one query, not a model instance and a manager per visit (Django's
    prefetch_related spent 0.8 ms a visit on them)."""
    named: dict[int, list[str]] = defaultdict(list)
    for visit_id, *values in through.values_list("visit_id", *fields):
        named[visit_id].append(name(*values))
    return named


def _chunk_links(db: str, ids: list[int]) -> tuple[dict, dict, dict]:
    """The names of the chunk's villages (by subdistrict and number), groups and staff."""
    villages = Visit.villages.through.objects.using(db).filter(visit_id__in=ids)
    groups = Visit.groups.through.objects.using(db).filter(visit_id__in=ids)
    staff = Visit.staff.through.objects.using(db).filter(visit_id__in=ids)
    return (
        _named_by_visit(
            villages.order_by("village__subdistrict", "village__number"),
            ("village__number", "village__name", "village__subdistrict__name_th"),
            _village,
        ),
        _named_by_visit(groups.order_by("clientgroup__name"), ("clientgroup__name",), str),
        _named_by_visit(
            staff, ("user__first_name", "user__last_name", "user__username"), display_name_from
        ),
    )


def visit_rows(visits: QuerySet) -> Iterator[list]:
    """The visits a chunk at a time: their own columns, then the names of their villages,
    groups and staff, three queries a chunk of CHUNK_SIZE, never one per visit."""
    with translation.override("th"):
        kinds = {kind.value: str(kind.label) for kind in VisitKind}
        statuses = {status.value: str(status.label) for status in VisitStatus}
    rows = visits.values_list(*VISIT_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        villages, groups, staff = _chunk_links(visits.db, [row[0] for row in chunk])
        for pk, planned, kind, status, urgent, title, attendees, done, follow_up, centre in chunk:
            yield [
                be_date(planned),
                kinds.get(kind, kind),
                statuses.get(status, status),
                "ใช่" if urgent else "",
                title,
                ", ".join(villages[pk]),
                ", ".join(groups[pk]),
                ", ".join(sorted(staff[pk])),
                attendees,
                done,
                be_date(follow_up),
                centre,
            ]


def visit_sheet(visits: QuerySet) -> SheetData:
    return SheetData("กิจกรรมให้บริการ", VISIT_HEADERS, visit_rows(visits), VISIT_WIDTHS)


def visit_export_response(visits: QuerySet, fmt: str, filters=None) -> HttpResponse:
    """``filters``: the list's filter form, named in the workbook's summary."""
    sheet = visit_sheet(visits)
    filename = export_filename("visits", fmt)
    if fmt == "csv":
        return csv_response(filename, sheet)
    with translation.override("th"):
        described = described_filters(filters) if filters is not None else []
    return xlsx_response(filename, [sheet], filters=described)
