"""Reading an uploaded XLSX or CSV file into rows of text keyed by column.

Nothing here touches the database: the result is plain data (JSON-able), kept between the
preview and the confirmation, and checked against the registry each time by ``planning``.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from clients.imports import limits
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
from clients.imports.limits import FileError
from clients.imports.xlsx import DAMAGED, read_workbook
from portal.lib.dates import FIRST_BE_YEAR
from portal.lib.fiscal import BE_OFFSET
from portal.lib.spreadsheets import SUMMARY_SHEET, is_csv_trailer

__all__ = ["FileError", "Sheet", "Upload", "detect_table", "read_upload"]

HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the headers
SKIPPED_SHEETS = {NOTES_SHEET, SUMMARY_SHEET}  # the template's notes, an export's summary

TOO_LARGE = _("The file is larger than %(mb)d MB; split it into several files.")
TOO_MANY_ROWS = _("A sheet may hold at most %(count)d rows; split the file.")
TOO_MUCH_TEXT = _(
    "The file holds more text than one import can take (%(count)d characters); split it into "
    "several files."
)
CSV_LINE_TOO_LONG = _(
    "Row %(row)d of this CSV file is longer than %(count)d characters; check that it is a CSV file."
)
CSV_ROW_TOO_WIDE = _(
    "Row %(row)d of this CSV file has more than %(count)d cells; delete the columns you do "
    "not need."
)
CSV_CELL_TOO_LONG = _(
    "A cell on row %(row)d of this CSV file holds more than %(count)d characters."
)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
_EXPORT_ONLY = {fold(header) for header in EXPORT_ONLY_HEADERS}
_LINE_END = re.compile(r"\r\n|\r|\n")


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
        """What ``asdict`` gives, without its deep copy of every cell (a third of an upload)."""
        return {
            "filename": self.filename,
            "sheets": [
                {
                    "table": s.table,
                    "name": s.name,
                    "rows": s.rows,
                    "ignored_headers": s.ignored_headers,
                }
                for s in self.sheets
            ],
            "skipped_sheets": self.skipped_sheets,
        }

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
    if uploaded.size is None or uploaded.size > limits.MAX_UPLOAD_BYTES:
        raise FileError(TOO_LARGE % {"mb": limits.MAX_UPLOAD_BYTES // limits.MB})
    name = PurePath(uploaded.name or "").name
    suffix = PurePath(name).suffix.lower()
    content = uploaded.read(limits.MAX_UPLOAD_BYTES + 1)
    if suffix == ".xls" or content.startswith(_OLE_MAGIC):
        raise FileError(
            _("Old Excel files (.xls) cannot be read. In Excel, save the file as .xlsx or CSV.")
        )
    budget = _Budget()
    if suffix == ".xlsx":
        tables, skipped = _read_workbook(content, budget)
    elif suffix == ".csv":
        tables, skipped = [_read_csv(name, content, budget)], []
    else:
        raise FileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    sheets = [sheet for sheet in tables if sheet is not None]
    return _checked(Upload(name, sheets, skipped))


class _Budget:
    """The characters kept from a file, all sheets together: the pending file's bound."""

    def __init__(self) -> None:
        self.left = limits.MAX_KEPT_CHARS

    def spend(self, values: Iterable[str]) -> None:
        self.left -= sum(map(len, values))
        if self.left < 0:
            raise FileError(TOO_MUCH_TEXT % {"count": limits.MAX_KEPT_CHARS})


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


def _read_workbook(content: bytes, budget: _Budget) -> tuple[list[Sheet | None], list[str]]:
    if not content.startswith(_ZIP_MAGIC):
        raise FileError(_("This file is not an Excel workbook (.xlsx), whatever its name says."))
    sheets, skipped = [], []
    try:
        for title, rows in read_workbook(io.BytesIO(content)):
            if title.strip() in SKIPPED_SHEETS:
                continue
            texts = ((number, [_text(value) for value in values]) for number, values in rows)
            sheet = _read_table(title, texts, budget)
            if sheet is None:
                skipped.append(title)
            sheets.append(sheet)
    except FileError:
        raise
    except Exception as error:  # whatever else an untrusted file makes the reader raise
        raise FileError(DAMAGED) from error
    return sheets, skipped


def _read_csv(name: str, content: bytes, budget: _Budget) -> Sheet | None:
    try:
        return _read_table(name, _csv_rows(content), budget)
    except csv.Error as error:
        raise FileError(_("This CSV file cannot be read: %(error)s") % {"error": error}) from error


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(content)
    first_line = text[: limits.MAX_LINE_CHARS].split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    lines = _Lines(text)
    for number, row in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
        lines.record = 0
        if len(row) > limits.MAX_ROW_CELLS:
            raise FileError(CSV_ROW_TOO_WIDE % {"row": number, "count": limits.MAX_ROW_CELLS})
        cells = [cell.strip() for cell in row[: limits.MAX_COLUMNS]]
        if any(len(cell) > limits.MAX_CELL_CHARS for cell in cells):
            raise FileError(CSV_CELL_TOO_LONG % {"row": number, "count": limits.MAX_CELL_CHARS})
        yield number, cells


class _Lines:
    """The lines of a CSV text for csv.reader, one at a time, refusing a row (which quoted
    line breaks may spread over several lines) longer than MAX_LINE_CHARS before it is read:
    a line of millions of commas would otherwise become a row of millions of cells."""

    def __init__(self, text: str) -> None:
        self.text, self.start, self.record, self.rows = text, 0, 0, 0

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        text, start = self.text, self.start
        if start >= len(text):
            raise StopIteration
        if self.record == 0:
            self.rows += 1
        limit = limits.MAX_LINE_CHARS - self.record
        match = _LINE_END.search(text, start, start + limit + 2)
        end = match.end() if match else len(text)
        self.record += end - start
        if self.record > limits.MAX_LINE_CHARS + 2:  # the line break does not count
            params = {"row": self.rows, "count": limits.MAX_LINE_CHARS}
            raise FileError(CSV_LINE_TOO_LONG % params)
        self.start = end
        return text[start:end]


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


def _read_table(name: str, rows: Iterator[tuple[int, list[str]]], budget: _Budget):
    """Find the header row among the first rows, then read the data rows under it."""
    for number, cells in rows:
        if number > HEADER_SEARCH_ROWS:
            return None
        table = detect_table(cells)
        if table is not None:
            return _read_rows(name, table, cells, rows, budget)
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


def _read_rows(name: str, table: str, headers: list[str], rows, budget: _Budget) -> Sheet:
    lookup = header_lookup(table)
    keys: list[str | None] = []
    sheet = Sheet(table=table, name=name, rows=[])
    for header in headers:
        key = lookup.get(fold(header)) if header else None
        if key in keys:
            key = None  # a column given twice: the first one counts
        if key is None and header and fold(header) not in _EXPORT_ONLY:
            sheet.ignored_headers.append(header[:100])
        keys.append(key)
    _check_columns(sheet, keys)
    for number, cells in rows:
        values = {key: cell for key, cell in zip(keys, cells, strict=False) if key and cell}
        if not values or is_csv_trailer(cells):
            if number > limits.MAX_SHEET_ROWS:
                raise FileError(TOO_MANY_ROWS % {"count": limits.MAX_DATA_ROWS})
            continue
        budget.spend(values.values())
        sheet.rows.append((number, values))
        if len(sheet.rows) > limits.MAX_DATA_ROWS or number > limits.MAX_SHEET_ROWS:
            raise FileError(TOO_MANY_ROWS % {"count": limits.MAX_DATA_ROWS})
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
