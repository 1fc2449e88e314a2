"""Spreadsheet writing: CSV (streamed, with the byte-order mark Excel needs for Thai) and XLSX
(write-only), a sheet's data as one value, and the BE dates and dated file names exports use.

Text that a spreadsheet would run as a formula is written as text (CSV injection; see OWASP).
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.lib.fiscal import to_be_year

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
