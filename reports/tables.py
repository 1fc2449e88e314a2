"""A dashboard's table as a spreadsheet: the same rows the page shows, written as XLSX (a sheet
per table, numbers as numbers) or CSV, with portal/lib/spreadsheets.py's writers (formula-safe
text, BE dates, the summary sheet and the CSV trailer that tell a complete file from a cut one).

Any page can use it: build ``Table(title, columns, rows)`` from the figures it shows, then
``xlsx_response(filename, [table, ...])`` or ``csv_response(filename, table)``.
"""

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse

from portal.lib.spreadsheets import (
    SUMMARY_SHEET,
    XLSX_CONTENT_TYPE,
    SheetData,
    csv_lines,
    write_xlsx,
)

Filters = Iterable[tuple[str, str]]


@dataclass
class Table:
    """One table of a page: its title (the sheet's name), the column headers and the rows of
    cells (numbers stay numbers: int, Decimal; None is an empty cell)."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[object]] = field(default_factory=list)

    def sheet(self) -> SheetData:
        widths = {0: 36} if self.columns else None
        return SheetData(str(self.title), [str(c) for c in self.columns], self.rows, widths)


SHEET_NAME_CHARS = 31  # Excel's longest sheet name
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def sheet_names(titles: Sequence[str]) -> list[str]:
    """The titles as names Excel accepts: without the characters it refuses, at most 31
    characters, and each one different, from each other and from the summary sheet (a repeat
    gets " (2)", " (3)", …)."""
    names: list[str] = []
    taken = {SUMMARY_SHEET.casefold()}
    for title in titles:
        base = _NOT_IN_SHEET_NAMES.sub(" ", str(title)).strip(" '") or "-"
        name, number = base[:SHEET_NAME_CHARS], 1
        while name.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[: SHEET_NAME_CHARS - len(suffix)] + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def to_xlsx(tables: Sequence[Table], *, filters: Filters = ()) -> bytes:
    """The tables as one workbook, a sheet each (named after its title, as Excel allows), then
    the summary sheet (with ``filters``: what the page showed, e.g. the fiscal year)."""
    sheets = [table.sheet() for table in tables]
    for sheet, name in zip(sheets, sheet_names([s.title for s in sheets]), strict=True):
        sheet.title = name
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets, filters=filters)
    return buffer.getvalue()


def to_csv(table: Table) -> str:
    """One table as CSV text: the byte-order mark Excel needs for Thai, then the rows, then the
    trailer line with the row count."""
    return "".join(csv_lines(table.sheet().headers, table.rows, trailer=True))


def xlsx_response(filename: str, tables: Sequence[Table], *, filters: Filters = ()) -> HttpResponse:
    """A dashboard's tables are small (a province's centres, 77 provinces): built in memory."""
    response = HttpResponse(to_xlsx(tables, filters=filters), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, table: Table) -> HttpResponse:
    response = HttpResponse(to_csv(table).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
