"""Spreadsheet writing: CSV and XLSX exports that stream, in bounded memory, and that a
truncated file can never pass for a complete one; the BE dates and dated file names exports use.

- CSV streams (StreamingHttpResponse) in chunks of about 64 kB, opening with the byte-order
  mark Excel needs to read Thai, and ends with a trailer line ``"# 12345 rows, complete"``
  (``CSV_TRAILER``, one quoted cell): a file without it was cut short.
- XLSX streams too: the zip is written row by row into an unseekable buffer (zipfile then puts
  each part's sizes after its data) and the response sends what it holds every 64 kB, so the
  first byte leaves with the first rows; a background job writes the same workbook into a
  file (``write_xlsx``). A workbook cut short has no central directory: no spreadsheet opens
  it. The writer is our own (a sheet is plain SpreadsheetML with inline strings, deflated by
  zipfile): openpyxl's write-only workbook measured 5–7k rows/s here, far below the 20k
  rows/s the exports need (benchmarks/spreadsheets.py). A summary sheet (``SUMMARY_SHEET``)
  with each sheet's row count and the filters is written after the last data row.

Text that a spreadsheet would run as a formula is written as text (CSV injection; see OWASP).
"""

import csv
import io
import math
import re
import zipfile
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, cast
from xml.sax.saxutils import quoteattr

from django.http import StreamingHttpResponse
from django.utils import timezone

from portal.lib.fiscal import to_be_year

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TRAILER = "# {count} rows, complete"
SUMMARY_SHEET = "สรุปการส่งออก"
XLSX_MAX_ROWS = 1_048_575  # Excel's last row, less the header
CHUNK_CHARS = 64 * 1024  # a CSV response's chunks; XLSX rows are written in batches as big
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TRAILER = re.compile(r"# \d+ rows, complete")


@dataclass
class SheetData:
    title: str
    headers: list[str]
    rows: Iterable[list]
    widths: dict[int, int] | None = None


def be_date(day: date | None) -> str:
    """26/11/2569: the BE year whatever the user's language, as the headers are Thai."""
    return f"{day.day:02d}/{day.month:02d}/{to_be_year(day.year)}" if day else ""


def is_csv_trailer(cells: list[str]) -> bool:
    """Whether a row read back from a file is an export's trailer line (the import skips it)."""
    return bool(cells) and bool(_TRAILER.fullmatch(cells[0])) and not any(cells[1:])


# CSV


def _csv_safe(value) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_lines(headers: list[str], rows: Iterable[list], *, trailer: bool = False) -> Iterator[str]:
    """CSV text in chunks, opening with the byte-order mark Excel needs to read Thai, and with
    ``trailer`` ending with the line that says how many rows the file holds."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow([_csv_safe(value) for value in row])
        count += 1
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if trailer:
        writer.writerow([CSV_TRAILER.format(count=count)])  # one cell: quoted for its comma
    yield buffer.getvalue()


def csv_response(filename: str, sheet: SheetData) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(sheet.headers, sheet.rows, trailer=True), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# XLSX


def xlsx_response(
    filename: str, sheets: list[SheetData], *, filters: Iterable[tuple[str, str]] = ()
) -> StreamingHttpResponse:
    """The sheets as a workbook, sent as it is written (memory holds one chunk)."""
    response = StreamingHttpResponse(
        xlsx_chunks(sheets, filters=filters), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Outbox(io.RawIOBase):
    """An unseekable file that keeps what is written until the response takes it."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def xlsx_chunks(
    sheets: list[SheetData], *, filters: Iterable[tuple[str, str]] = ()
) -> Iterator[bytes]:
    """The workbook's bytes as they are written."""
    outbox = _Outbox()
    # A binary file to zipfile; typeshed's IO[bytes] names no raw stream.
    for _ in _workbook(cast(IO[bytes], outbox), sheets, filters):
        if chunk := outbox.take():
            yield chunk
    yield outbox.take()


def write_xlsx(
    file: IO[bytes], sheets: list[SheetData], *, filters: Iterable[tuple[str, str]] = ()
) -> None:
    for _ in _workbook(file, sheets, filters):
        pass


def _workbook(
    file: IO[bytes], sheets: list[SheetData], filters: Iterable[tuple[str, str]]
) -> Generator[None, None, None]:
    """Write the workbook into ``file``, pausing (yielding) after each chunk of rows."""
    counts = []
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for number, sheet in enumerate(sheets, start=1):
            # Zip64: a million rows of inline text pass 2 GiB before deflating (the country's
            # requests of a year), which zipfile refuses to write without it.
            name = f"xl/worksheets/sheet{number}.xml"
            with archive.open(name, "w", force_zip64=True) as part:
                counts.append((yield from _write_sheet(part, sheet)))
        rows = _summary_rows(sheets, counts, filters)
        summary = SheetData(SUMMARY_SHEET, ["รายการ", "ค่า"], rows, {0: 40, 1: 50})
        with archive.open(f"xl/worksheets/sheet{len(sheets) + 1}.xml", "w") as part:
            yield from _write_sheet(part, summary)
        titles = [sheet.title for sheet in sheets] + [SUMMARY_SHEET]
        for name, content in _package_parts(titles).items():
            archive.writestr(name, content)


def _summary_rows(sheets, counts, filters) -> list[list]:
    rows: list[list] = []
    for sheet, (count, complete) in zip(sheets, counts, strict=True):
        rows.append([f"จำนวนแถวในแผ่นงาน “{sheet.title}”", count])
        if not complete:
            rows.append(
                ["ไม่ครบ", f"เกินจำนวนแถวที่ Excel รับได้ ({XLSX_MAX_ROWS:,} แถว): ใช้ CSV หรือกรองรายการ"]
            )
    now = timezone.localtime()
    rows.append(["ส่งออกเมื่อ", f"{be_date(now.date())} {now:%H:%M}"])
    for label, value in filters:
        rows.append([f"ตัวกรอง: {label}", value])
    if all(complete for _count, complete in counts):
        rows.append(["สถานะไฟล์", "ครบถ้วน (complete)"])
    return rows


def _write_sheet(part: IO[bytes], sheet: SheetData) -> Generator[None, None, tuple[int, bool]]:
    """Write one worksheet, pausing after each chunk; return how many data rows it holds and
    whether that is all."""
    columns = [_column_letter(index) for index in range(1, max(len(sheet.headers), 1) + 1)]
    widths = sheet.widths or {}
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{widths.get(i - 1, 18)}" customWidth="1"/>'
        for i in range(1, len(sheet.headers) + 1)
    )
    header_row = _row_xml(1, sheet.headers, columns, style=' s="1"')
    part.write(
        (
            f'{_HEADER}<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            f"</sheetView></sheetViews>{f'<cols>{cols}</cols>' if cols else ''}"
            f"<sheetData>{header_row}"
        ).encode()
    )
    buffer: list[str] = []
    size = count = 0
    complete = True
    for count, row in enumerate(sheet.rows, start=1):  # noqa: B007 - the count is kept
        if count > XLSX_MAX_ROWS:
            complete, count = False, XLSX_MAX_ROWS
            break
        xml = _row_xml(count + 1, row, columns)
        buffer.append(xml)
        size += len(xml)
        if size >= CHUNK_CHARS:
            part.write("".join(buffer).encode("utf-8", "replace"))
            buffer, size = [], 0
            yield
    buffer.append("</sheetData></worksheet>")
    part.write("".join(buffer).encode("utf-8", "replace"))
    return count, complete


def _row_xml(number: int, values: Iterable, columns: list[str], style: str = "") -> str:
    # Plain text and whole numbers, most of an export's cells, go first by their exact type;
    # everything else by the general rules below (a million rows: 27 million cells). A cell
    # right after the one before it needs no reference (r="…" is optional), and text without
    # space at its ends no xml:space: a third less XML to build and deflate.
    row = str(number)
    cells = [f'<row r="{row}">']
    follows = True  # the next cell comes right after the last one written
    for letter, value in zip(columns, values, strict=False):
        if value is None or value == "":
            follows = False
            continue
        ref = "" if follows else f' r="{letter}{row}"'
        follows = True
        kind = type(value)
        if kind is str:
            if _NEEDS_ESCAPE.search(value):
                value = value.translate(_ESCAPES)
            space = _PRESERVE if value != value.strip() else ""
            cells.append(f'<c{ref}{style} t="inlineStr"><is><t{space}>{value}</t></is></c>')
        elif kind is int:
            cells.append(f"<c{ref}{style}><v>{value}</v></c>")
        else:
            cells.append(_cell_xml(ref, value, style))
    cells.append("</row>")
    return "".join(cells)


_PRESERVE = ' xml:space="preserve"'


def _cell_xml(ref: str, value, style: str) -> str:
    """``ref``: the cell's r attribute, or empty when it follows the one before."""
    if isinstance(value, bool):
        return f'<c{ref}{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal) and math.isfinite(value):
        return f"<c{ref}{style}><v>{value}</v></c>"
    if isinstance(value, date | datetime):
        value = be_date(value)
    text = _xml_text(str(value))
    space = _PRESERVE if text != text.strip() else ""
    return f'<c{ref}{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


# Text in a cell: &, < and > escaped; the control characters XML 1.0 forbids left out.
_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", 0xFFFE: None, 0xFFFF: None}
_ESCAPES |= {code: None for code in range(32) if code not in (9, 10, 13)}


def _xml_text(text: str) -> str:
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = (
    f'{_HEADER}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _package_parts(titles: list[str]) -> dict[str, str]:
    """The workbook's other parts: content types, relationships, the sheet list, styles."""
    count = len(titles)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_TYPE}"/>'
        for n in range(1, count + 1)
    )
    sheets = "".join(
        f'<sheet name={quoteattr(title[:31])} sheetId="{n}" r:id="rId{n}"/>'
        for n, title in enumerate(titles, start=1)
    )
    relations = "".join(
        f'<Relationship Id="rId{n}" Type="{_OFFICE_REL}/worksheet" '
        f'Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    return {
        "[Content_Types].xml": (
            f'{_HEADER}<Types xmlns="{_TYPES}">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'{_HEADER}<Relationships xmlns="{_PACKAGE_REL}">'
            f'<Relationship Id="rId1" Type="{_OFFICE_REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{_HEADER}<workbook xmlns="{_MAIN}" xmlns:r="{_OFFICE_REL}">'
            f"<sheets>{sheets}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEADER}<Relationships xmlns="{_PACKAGE_REL}">{relations}'
            f'<Relationship Id="rId{count + 1}" Type="{_OFFICE_REL}/styles" '
            'Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": _STYLES,
    }


def export_filename(stem: str, extension: str) -> str:
    today = timezone.localdate()
    return f"{stem}-{to_be_year(today.year)}{today:%m%d}.{extension}"
