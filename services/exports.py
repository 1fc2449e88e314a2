"""The request and visit lists as spreadsheets (XLSX or CSV): Thai headers and words, BE dates.

Like the registry's exports (clients.exports; both write through portal.lib.spreadsheets), the
headers and choice words are Thai whatever the user's language: the files go to Thai offices.
Rows are read in chunks, each its own short query (portal.lib.keyset), never all at once; a
CSV streams.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, tzinfo

from django.contrib.auth import get_user_model
from django.db.models import Case, QuerySet, Value, When
from django.http import HttpResponse
from django.utils import timezone, translation

from centres.models import Centre, Village
from clients.imports.columns import thai_word
from clients.models import GroupKind, Title
from portal.filtering import described_filters
from portal.lib.db import AnyOf
from portal.lib.keyset import keyset_chunks
from portal.lib.spreadsheets import SheetData, be_date, csv_response, export_filename, xlsx_response
from portal.lib.users import display_name_from
from services.models import (
    ServiceType,
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

# Rows a query. Each chunk's query costs about 30 ms beyond its rows (planning a dozen joins,
# the reopenings' index): at 2,000 rows the country's requests were read at 25k rows/s, at
# 10,000 at 37k, for about 15 MB more of memory.
CHUNK_SIZE = 10_000
VISIT_CHUNK_SIZE = 2000  # a visit's row is longer (what was done), and each chunk reads its links
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
    "received_by_id",
    *_CLIENT,
    "service_type_id",
    "channel",
    "urgency",
    "subject",
    "status",
    "assigned_to_id",
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
    "centre_id",
)
# Staff, service types and centres are few (thousands of rows at the country's scale): their
# names are read by id a chunk at a time, not joined into every row. Four joins fewer took a
# chunk's planning from 12 to 4 ms and its rows about 4 µs each faster.
STAFF_NAME = ("first_name", "last_name", "username")  # display_name_from's columns
RECEIVED_BY, ASSIGNED_TO, CENTRE = (
    FIELDS.index(f"{name}_id") for name in ("received_by", "assigned_to", "centre")
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


def _read_names(names: dict, queryset: QuerySet, ids: set, columns: tuple, name) -> None:
    """Add to ``names`` (id → name) those of ``ids`` it lacks, in one query."""
    if missing := ids - names.keys():
        for pk, *values in queryset.filter(AnyOf("pk", list(missing))).values_list("pk", *columns):
            names[pk] = name(*values)


def request_rows(requests: QuerySet) -> Iterator[list]:
    statuses = status_words()
    kinds = {code: thai_word(GroupKind, code) for code in GroupKind.values}
    titles = {code: thai_word(Title, code) for code in Title.values} | {"": ""}
    staff: dict[int | None, str] = {None: ""}  # None: not assigned
    centres: dict[int, str] = {}
    service_types = dict(ServiceType.objects.using(requests.db).values_list("pk", "name_th"))
    users = get_user_model().objects.using(requests.db)
    # Bangkok's days, the zone read once: timezone.localdate() looks it up on every call
    # (thread-local, 6 µs: a fifth of a row's time at the country's 1.2 million rows).
    zone = timezone.get_current_timezone()
    for chunk in keyset_chunks(requests, CHUNK_SIZE):
        people = {row[RECEIVED_BY] for row in chunk} | {row[ASSIGNED_TO] for row in chunk}
        _read_names(staff, users, people, STAFF_NAME, display_name_from)
        _read_names(
            centres,
            Centre.objects.using(requests.db),
            {row[CENTRE] for row in chunk},
            ("name",),
            str,
        )
        for row in chunk:
            reference, fiscal_year, received_at, received_by = row[:4]
            client = row[4:14]
            service_type, channel, urgency, subject, status, assigned_to = row[14:20]
            due_date, overdue, first_resolved, reopened, *outcome, centre = row[20:]
            received_on = received_at.astimezone(zone).date()
            yield [
                reference,
                fiscal_year,
                be_date(received_on),
                staff[received_by],
                *_client(client, kinds, titles),
                service_types[service_type],
                CHANNEL_WORDS.get(channel, channel),
                URGENCY_WORDS.get(urgency, urgency),
                subject,
                statuses.get(status, status),
                staff[assigned_to],
                be_date(due_date),
                "ใช่" if overdue else "",
                *_how_it_went(received_on, due_date, first_resolved, zone),
                "ใช่" if reopened else "",
                *outcome,
                centres[centre],
            ]


def _how_it_went(received_on: date, due_date: date, first_resolved, zone: tzinfo) -> list:
    """The first resolution's day, the days it took and whether on time; blank if never."""
    if first_resolved is None:
        return ["", "", ""]
    resolved_on = first_resolved.astimezone(zone).date()
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
    """visit id → the names of what it links to, in ``through``'s order: values read in one
    query, not a model instance and a manager per visit (Django's prefetch_related spent
    0.8 ms a visit on them)."""
    named: dict[int, list[str]] = defaultdict(list)
    for visit_id, *values in through.values_list("visit_id", *fields):
        named[visit_id].append(name(*values))
    return named


def _linked(through: QuerySet, column: str, names: dict, read_names) -> dict[int, list]:
    """visit id → the names of the rows it links to by ``column``, in the order of their
    ``names``' values; names not yet known are read by ``read_names(ids)`` first."""
    links = list(through.values_list("visit_id", column))
    read_names({linked for _visit, linked in links})
    named: dict[int, list] = defaultdict(list)
    for visit_id, linked in sorted(links, key=lambda link: names[link[1]]):
        named[visit_id].append(names[linked][-1])
    return named


class _Links:
    """The names of a chunk's villages (by subdistrict and number), groups and staff. Villages
    and staff are read by id and kept across chunks (at most the country's 77,000 villages,
    about 15 MB), not joined per link: the villages' join hashed them all for every chunk."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.places: dict[int, tuple] = {}
        self.staff: dict[int, tuple] = {}

    def _read_places(self, ids: set) -> None:
        columns = ("subdistrict_id", "number", "name", "subdistrict__name_th")
        _read_names(self.places, Village.objects.using(self.db), ids, columns, _place)

    def _read_staff(self, ids: set) -> None:
        users = get_user_model().objects.using(self.db)
        _read_names(self.staff, users, ids, STAFF_NAME, lambda *name: (display_name_from(*name),))

    def of(self, ids: list[int]) -> tuple[dict, dict, dict]:
        through = {
            name: getattr(Visit, name).through.objects.using(self.db).filter(AnyOf("visit_id", ids))
            for name in ("villages", "groups", "staff")
        }
        return (
            _linked(through["villages"], "village_id", self.places, self._read_places),
            _named_by_visit(
                through["groups"].order_by("clientgroup__name"), ("clientgroup__name",), str
            ),
            _linked(through["staff"], "user_id", self.staff, self._read_staff),
        )


def _place(subdistrict: str, number: int, name: str, subdistrict_name: str) -> tuple:
    """A village's order (subdistrict, number) and its name."""
    return (subdistrict, number, _village(number, name, subdistrict_name))


def visit_rows(visits: QuerySet) -> Iterator[list]:
    """The visits a chunk at a time: their own columns, then the names of their villages,
    groups and staff, three queries a chunk of VISIT_CHUNK_SIZE, never one per visit."""
    with translation.override("th"):
        kinds = {kind.value: str(kind.label) for kind in VisitKind}
        statuses = {status.value: str(status.label) for status in VisitStatus}
    links = _Links(visits.db)
    for chunk in keyset_chunks(visits.values_list(*VISIT_FIELDS), VISIT_CHUNK_SIZE):
        villages, groups, staff = links.of([row[0] for row in chunk])
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
