"""Exports of the group and person lists to XLSX and CSV: Thai headers, BE dates, masked IDs.

The columns are the import template's (clients.imports.columns), so an exported file can be
corrected and imported again, followed by a few read-only columns (district, province,
centre) that an import skips. Rows are read as tuples (``values_list``, no model instances:
the exports run at tens of thousands of rows a second) a chunk at a time, each chunk its own
short query (``portal.lib.keyset``), never all at once.

``group_export_queryset`` and ``person_export_queryset`` are the one place where an export's
rows are read: a database router sending reports to a replica would route them there.
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
from clients.privacy import national_id_shown_at
from portal.lib.keyset import keyset_rows
from portal.lib.phone import format_thai_phone
from portal.lib.spreadsheets import SheetData, be_date
from portal.lib.thai_id import mask_thai_id

CHUNK_SIZE = 2000

_PLACE = (
    "village__subdistrict__code",
    "village__subdistrict__name_th",
    "village__number",
)
_EXTRA = (
    "village__subdistrict__district__name_th",
    "village__subdistrict__district__province__name_th",
    "centre__name",
)


def _words(choices) -> dict[str, str]:
    return {code: thai_word(choices, code) for code in choices.values} | {"": ""}


def _phone(digits: str) -> str:
    # Grouped, so that a spreadsheet keeps it as text with its leading zero.
    return format_thai_phone(digits) if digits else ""


# Groups


GROUP_HEADERS = [column.header for column in GROUP_TABLE.columns] + list(EXPORT_ONLY_HEADERS)
GROUP_FIELDS = (
    "kind",
    "otop_producer_type",
    "name",
    "registration_number",
    *_PLACE,
    "village__name",
    "founded_on",
    "status",
    "contact_name",
    "contact_phone",
    "member_count",
    "main_activity",
    "notes",
    *_EXTRA,
)


def group_export_queryset(groups: QuerySet) -> QuerySet:
    """In the list's Thai order, which an index serves chunk after chunk (portal.lib.keyset)."""
    return groups.in_thai_order().values_list(*GROUP_FIELDS)


def group_rows(groups: QuerySet) -> Iterator[list]:
    kinds, types, statuses = _words(GroupKind), _words(OtopProducerType), _words(GroupStatus)
    for row in keyset_rows(groups, CHUNK_SIZE):
        (kind, producer_type, name, reg, code, subdistrict, number, village, founded) = row[:9]
        (status, contact, phone, members, activity, notes, *extra) = row[9:]
        yield [
            kinds.get(kind, kind),
            types.get(producer_type, producer_type),
            name,
            reg,
            code,
            subdistrict,
            number,
            village,
            be_date(founded),
            statuses.get(status, status),
            contact,
            _phone(phone),
            members,
            activity,
            notes,
            *extra,
        ]


def group_sheet(groups: QuerySet) -> SheetData:
    widths = {2: 40, 13: 40, 14: 30}
    return SheetData(GROUP_TABLE.sheet, GROUP_HEADERS, group_rows(groups), widths)


# Persons


PERSON_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "national_id",
    "centre_id",
    "phone",
    "birth_year",
    "gender",
    *_PLACE,
    "occupation",
    "consent_on",
    *_EXTRA,
)


def person_export_queryset(persons: QuerySet) -> QuerySet:
    """In the list's Thai order, which an index serves chunk after chunk (portal.lib.keyset)."""
    return persons.in_thai_order().values_list(*PERSON_FIELDS)


def shows_id_column(user) -> bool:
    """Staff and heads get the ID column (masked); committee members and provincial officers
    get none at all (PDPA). A row of a centre where the user is not staff leaves it empty."""
    return user.is_superuser or bool(writable_centre_ids(user))


def person_headers(*, with_id: bool) -> list[str]:
    columns = [c for c in PERSON_TABLE.columns if with_id or c.key != "national_id"]
    return [column.header for column in columns] + list(EXPORT_ONLY_HEADERS)


def person_rows(persons: QuerySet, *, user, with_id: bool) -> Iterator[list]:
    titles, genders = _words(Title), _words(Gender)
    shown_at = national_id_shown_at(user)
    for row in keyset_rows(persons, CHUNK_SIZE):
        (title, first, last, national_id, centre_id, phone, birth_year, gender) = row[:8]
        (code, subdistrict, number, occupation, consent_on, *extra) = row[8:]
        cells = [titles.get(title, title), first, last]
        if with_id:
            shown = national_id and shown_at(centre_id)
            cells.append(mask_thai_id(national_id) if shown else "")
        cells += [
            _phone(phone),
            birth_year,
            genders.get(gender, gender),
            code,
            subdistrict,
            number,
            occupation,
            be_date(consent_on),
            *extra,
        ]
        yield cells


def person_sheet(persons: QuerySet, *, user) -> SheetData:
    with_id = shows_id_column(user)
    rows = person_rows(persons, user=user, with_id=with_id)
    return SheetData(PERSON_TABLE.sheet, person_headers(with_id=with_id), rows)
