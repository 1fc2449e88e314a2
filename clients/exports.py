"""Exports of the group and person lists to XLSX and CSV: Thai headers, BE dates, masked IDs.

The columns are the import template's (clients.imports.columns), so an exported file can be
corrected and imported again, followed by a few read-only columns (district, province,
centre) that an import skips. Rows are read in chunks, never all at once; a CSV streams.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from centres.models import WRITE_ROLES
from centres.scoping import roles_of
from clients.imports.columns import (
    EXPORT_ONLY_HEADERS,
    GROUP_TABLE,
    PERSON_TABLE,
    thai_word,
)
from clients.models import Gender, GroupKind, GroupStatus, OtopProducerType, Title
from clients.privacy import shows_national_id
from portal.lib.fiscal import to_be_year
from portal.lib.phone import format_thai_phone

CHUNK_SIZE = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Text that a spreadsheet would run as a formula (CSV injection); see OWASP.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class SheetData:
    title: str
    headers: list[str]
    rows: Iterable[list]
    widths: dict[int, int] | None = None


def be_date(day: date | None) -> str:
    """26/11/2569: the BE year whatever the user's language, as the headers are Thai."""
    return f"{day.day:02d}/{day.month:02d}/{to_be_year(day.year)}" if day else ""


def _phone(digits: str) -> str:
    # Grouped, so that a spreadsheet keeps it as text with its leading zero.
    return format_thai_phone(digits) if digits else ""


def _place(village) -> list:
    subdistrict = village.subdistrict
    return [subdistrict.code, subdistrict.name_th, village.number]


def _extra(obj) -> list:
    district = obj.village.subdistrict.district
    return [district.name_th, district.province.name_th, obj.centre.name]


# Groups


GROUP_HEADERS = [column.header for column in GROUP_TABLE.columns] + list(EXPORT_ONLY_HEADERS)


def group_export_queryset(groups: QuerySet) -> QuerySet:
    return groups.with_place()


def group_rows(groups: QuerySet) -> Iterator[list]:
    for group in groups.iterator(chunk_size=CHUNK_SIZE):
        yield [
            thai_word(GroupKind, group.kind),
            thai_word(OtopProducerType, group.otop_producer_type),
            group.name,
            group.registration_number,
            *_place(group.village),
            group.village.name,
            be_date(group.founded_on),
            thai_word(GroupStatus, group.status),
            group.contact_name,
            _phone(group.contact_phone),
            group.member_count,
            group.main_activity,
            group.notes,
            *_extra(group),
        ]


def group_sheet(groups: QuerySet) -> SheetData:
    widths = {2: 40, 13: 40, 14: 30}
    return SheetData(GROUP_TABLE.sheet, GROUP_HEADERS, group_rows(groups), widths)


# Persons


def person_export_queryset(persons: QuerySet) -> QuerySet:
    return persons.with_place().select_related("centre__district")  # for shows_national_id


def shows_id_column(user) -> bool:
    """Staff and heads get the ID column (masked); committee members and provincial officers
    get none at all (PDPA). A row of a centre where the user is not staff leaves it empty."""
    roles = roles_of(user).by_centre.values()
    return user.is_superuser or any(role in WRITE_ROLES for role in roles)


def person_headers(*, with_id: bool) -> list[str]:
    columns = [c for c in PERSON_TABLE.columns if with_id or c.key != "national_id"]
    return [column.header for column in columns] + list(EXPORT_ONLY_HEADERS)


def person_rows(persons: QuerySet, *, user, with_id: bool) -> Iterator[list]:
    for person in persons.iterator(chunk_size=CHUNK_SIZE):
        row = [
            thai_word(Title, person.title),
            person.first_name,
            person.last_name,
        ]
        if with_id:
            row.append(person.masked_national_id if shows_national_id(user, person) else "")
        row += [
            _phone(person.phone),
            person.birth_year,
            thai_word(Gender, person.gender),
            *_place(person.village),
            person.occupation,
            be_date(person.consent_on),
            *_extra(person),
        ]
        yield row


def person_sheet(persons: QuerySet, *, user) -> SheetData:
    with_id = shows_id_column(user)
    rows = person_rows(persons, user=user, with_id=with_id)
    return SheetData(PERSON_TABLE.sheet, person_headers(with_id=with_id), rows)


# Files


class _Echo:
    """A file that hands back what is written to it, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


def _csv_safe(value) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_lines(headers: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV text line by line, opening with the byte-order mark Excel needs to read Thai."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(headers)
    for row in rows:
        yield writer.writerow([_csv_safe(value) for value in row])


def csv_response(filename: str, sheet: SheetData) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(sheet.headers, sheet.rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_bytes(sheets: list[SheetData]) -> bytes:
    workbook = Workbook(write_only=True)
    for data in sheets:
        sheet = workbook.create_sheet(data.title)
        for index in range(1, len(data.headers) + 1):
            width = (data.widths or {}).get(index - 1, 18)
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.append([_header_cell(sheet, header) for header in data.headers])
        for row in data.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: list[SheetData]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _header_cell(sheet, header: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=header)
    cell.font = Font(bold=True)
    return cell


def _xlsx_cell(sheet, value):
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        return cell
    return value


def export_filename(stem: str, extension: str) -> str:
    today = timezone.localdate()
    return f"{stem}-{to_be_year(today.year)}{today:%m%d}.{extension}"
