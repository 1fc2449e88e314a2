"""Exports of the group and person lists to XLSX and CSV: Thai headers, BE dates, masked IDs.

The columns are the import template's (clients.imports.columns), so an exported file can be
corrected and imported again, followed by a few read-only columns (district, province,
centre) that an import skips. Rows are read in chunks, never all at once; a CSV streams.
"""

from collections.abc import Iterator

from django.db.models import QuerySet

from centres.scoping import writable_centre_ids
from clients.imports.columns import (
    EXPORT_ONLY_HEADERS,
    GROUP_TABLE,
    PERSON_TABLE,
    thai_word,
)
from clients.models import Gender, GroupKind, GroupStatus, OtopProducerType, Title
from clients.privacy import shows_national_id
from portal.lib.phone import format_thai_phone
from portal.lib.spreadsheets import SheetData, be_date

CHUNK_SIZE = 2000


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
    return user.is_superuser or bool(writable_centre_ids(user))


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
