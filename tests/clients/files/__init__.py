"""Spreadsheets for the import tests, built in the tests rather than kept as binaries."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from clients.imports.columns import TABLES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers(table: str) -> list[str]:
    return [column.header for column in TABLES[table].columns]


def rows_of(table: str, records: list[dict]) -> list[list]:
    """Rows under the template's headers, from dicts keyed by column key."""
    keys = [column.key for column in TABLES[table].columns]
    return [headers(table)] + [[record.get(key, "") for key in keys] for record in records]


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    workbook = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_file(sheets: dict[str, list[list]], name: str = "registry.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(sheets), content_type=XLSX)


def csv_text(rows: list[list]) -> str:
    return "".join(",".join(_csv_cell(cell) for cell in row) + "\r\n" for row in rows)


def csv_file(rows: list[list], name: str = "registry.csv", *, bom: bool = True, encoding="utf-8"):
    content = ("\ufeff" if bom else "") + csv_text(rows)
    return SimpleUploadedFile(name, content.encode(encoding), content_type="text/csv")


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    if any(ch in text for ch in ',"\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text
