"""Reading an uploaded XLSX or CSV file into rows of text keyed by column.

Nothing here touches the database: the result is plain data (JSON-able), kept between the
preview and the confirmation, and checked against the registry each time by ``planning``.
"""

import csv
import io
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from clients.imports.columns import (
    EXPORT_ONLY_HEADERS,
    GROUPS,
    MEMBERSHIPS,
    NOTES_SHEET,
    PERSONS,
    TABLES,
    fold,
    header_lookup,
)
from portal.lib.dates import FIRST_BE_YEAR
from portal.lib.fiscal import BE_OFFSET

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_DATA_ROWS = 10_000
MAX_SHEET_ROWS = 3 * MAX_DATA_ROWS  # blank rows included: a sheet is not read without end
MAX_COLUMNS = 40
HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the headers

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
_EXPORT_ONLY = {fold(header) for header in EXPORT_ONLY_HEADERS}


class FileError(Exception):
    """A file that cannot be imported at all; the message says why, for the user."""

    def __init__(self, message: Promise | str) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class Sheet:
    table: str  # groups, persons or memberships
    name: str  # the sheet's name, or the CSV file's
    rows: list[tuple[int, dict[str, str]]]  # (row number as Excel shows it, column key → text)
    ignored_headers: list[str] = field(default_factory=list)


@dataclass
class Upload:
    filename: str
    sheets: list[Sheet]
    skipped_sheets: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Upload":
        sheets = [
            Sheet(
                table=s["table"],
                name=s["name"],
                rows=[(number, cells) for number, cells in s["rows"]],
                ignored_headers=s["ignored_headers"],
            )
            for s in data["sheets"]
        ]
        return cls(data["filename"], sheets, data["skipped_sheets"])


def read_upload(uploaded: UploadedFile) -> Upload:
    """Read an uploaded .xlsx or .csv file; raise FileError with the reason when it cannot."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise FileError(_("The file is larger than 10 MB; split it into several files."))
    name = PurePath(uploaded.name or "").name
    suffix = PurePath(name).suffix.lower()
    content = uploaded.read()
    if suffix == ".xls" or content.startswith(_OLE_MAGIC):
        raise FileError(
            _("Old Excel files (.xls) cannot be read. In Excel, save the file as .xlsx or CSV.")
        )
    if suffix == ".xlsx":
        tables, skipped = _read_workbook(content)
    elif suffix == ".csv":
        tables, skipped = [_read_csv(name, content)], []
    else:
        raise FileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    sheets = [sheet for sheet in tables if sheet is not None]
    return _checked(Upload(name, sheets, skipped))


def _checked(upload: Upload) -> Upload:
    if not upload.sheets:
        raise FileError(
            _(
                "No sheet in this file has the template's column headers. Download a template "
                "and copy your data under its headers."
            )
        )
    tables = [sheet.table for sheet in upload.sheets]
    for table in set(tables):
        if tables.count(table) > 1:
            raise FileError(
                _("Several sheets hold %(table)s; put them in one sheet.")
                % {"table": TABLES[table].title}
            )
    if not any(sheet.rows for sheet in upload.sheets):
        raise FileError(_("The file has the column headers but no rows to import."))
    return upload


def _read_workbook(content: bytes) -> tuple[list[Sheet | None], list[str]]:
    if not content.startswith(_ZIP_MAGIC):
        raise FileError(_("This file is not an Excel workbook (.xlsx), whatever its name says."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            return _read_sheets(workbook)
        finally:
            workbook.close()
    except FileError:
        raise
    except Exception as error:  # whatever an untrusted file makes openpyxl raise
        raise FileError(_("This Excel workbook cannot be read; it may be damaged.")) from error


def _read_sheets(workbook) -> tuple[list[Sheet | None], list[str]]:
    sheets, skipped = [], []
    for worksheet in workbook.worksheets:
        if worksheet.title.strip() == NOTES_SHEET:
            continue
        rows = worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        sheet = _read_table(worksheet.title, ([_text(v) for v in row] for row in rows))
        if sheet is None:
            skipped.append(worksheet.title)
        sheets.append(sheet)
    return sheets, skipped


def _read_csv(name: str, content: bytes) -> Sheet | None:
    try:
        return _read_table(name, _csv_rows(content))
    except csv.Error as error:
        raise FileError(_("This CSV file cannot be read: %(error)s") % {"error": error}) from error


def _csv_rows(content: bytes):
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return ([cell.strip() for cell in row[:MAX_COLUMNS]] for row in reader)


def _decode(content: bytes) -> str:
    """UTF-8 (with the byte-order mark Excel writes, or without), UTF-16 (Excel's "Unicode
    text"), or the Thai Windows code page (Excel's plain "CSV" on a Thai Windows)."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif b"\x00" in content:  # no text file holds NUL bytes; pictures and archives do
        raise FileError(_("This file is not a CSV text file, whatever its name says."))
    else:
        encodings = ["utf-8-sig", "cp874"]
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError(_("This file's text encoding is not known. In Excel, save it as “CSV UTF-8”."))


def _read_table(name: str, rows) -> Sheet | None:
    """Find the header row among the first rows, then read the data rows under it."""
    for number, cells in enumerate(rows, start=1):
        if number > HEADER_SEARCH_ROWS:
            return None
        table = detect_table(cells)
        if table is not None:
            return _read_rows(name, table, cells, rows, first=number + 1)
    return None


def detect_table(headers: list[str]) -> str | None:
    """Which table a header row belongs to, from the headers only that table has."""
    folded = {fold(header) for header in headers if header}
    if "ประเภทกลุ่ม" in folded:
        return GROUPS
    if folded & {"บทบาท", "ตำแหน่ง", "วันที่เข้าร่วม", "วันที่ออก", "เลขทะเบียนกลุ่ม"} or (
        "ชื่อกลุ่ม" in folded and "นามสกุล" in folded
    ):
        return MEMBERSHIPS
    if "นามสกุล" in folded:
        return PERSONS
    return None


def _read_rows(name: str, table: str, headers: list[str], rows, *, first: int) -> Sheet:
    lookup = header_lookup(table)
    keys: list[str | None] = []
    sheet = Sheet(table=table, name=name, rows=[])
    for header in headers:
        key = lookup.get(fold(header)) if header else None
        if key in keys:
            key = None  # a column given twice: the first one counts
        if key is None and header and fold(header) not in _EXPORT_ONLY:
            sheet.ignored_headers.append(header)
        keys.append(key)
    _check_columns(sheet, keys)
    for number, cells in enumerate(rows, start=first):
        values = {key: cell for key, cell in zip(keys, cells, strict=False) if key and cell}
        if values:
            sheet.rows.append((number, values))
        if len(sheet.rows) > MAX_DATA_ROWS or number > MAX_SHEET_ROWS:
            raise FileError(
                _("A sheet may hold at most %(count)d rows; split the file.")
                % {"count": MAX_DATA_ROWS}
            )
    return sheet


# Columns a sheet cannot do without: each entry is satisfied by any one of its keys.
_NEEDED = {
    GROUPS: [("kind",), ("name",), ("subdistrict_code", "subdistrict_name"), ("village_number",)],
    PERSONS: [
        ("first_name",),
        ("last_name",),
        ("subdistrict_code", "subdistrict_name"),
        ("village_number",),
    ],
    MEMBERSHIPS: [("national_id", "first_name"), ("group_registration_number", "group_name")],
}


def _check_columns(sheet: Sheet, keys: list[str | None]) -> None:
    table = TABLES[sheet.table]
    for options in _NEEDED[sheet.table]:
        if not any(key in keys for key in options):
            raise FileError(
                _("The sheet “%(sheet)s” has no column “%(column)s”.")
                % {"sheet": sheet.name, "column": table.column(options[0]).header}
            )


def _text(value) -> str:
    """A cell's value as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        # Written as Thai users type it, for parse_thai_date. A BE date typed into an Excel
        # without the Thai calendar is stored as that year CE (2550 for 2550 BE): kept as is.
        year = value.year if value.year >= FIRST_BE_YEAR else value.year + BE_OFFSET
        return f"{value.day:02d}/{value.month:02d}/{year}"
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
