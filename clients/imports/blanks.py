"""The blank templates staff download: an XLSX workbook (one sheet per table, each header
with a note, drop-down lists for the choices, and a sheet of explanations with an example
row) and a CSV file per table (the header row only, for those who prefer CSV)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from clients.imports.columns import CHOICE_WORDS, NOTES_SHEET, Column, Table
from clients.models import Gender, GroupKind, GroupStatus, MemberRole, OtopProducerType, Title
from portal.lib.spreadsheets import csv_lines

TEMPLATE_ROWS = 5000  # how far down the drop-down lists and text formats reach
_CHOICES = {
    "kind": GroupKind,
    "otop_producer_type": OtopProducerType,
    "status": GroupStatus,
    "title": Title,
    "gender": Gender,
    "role": MemberRole,
}
# Typed as text, so that Excel keeps leading zeros and does not turn 15/06/2550 into a date.
_TEXT_COLUMNS = {
    "national_id",
    "phone",
    "contact_phone",
    "registration_number",
    "group_registration_number",
    "subdistrict_code",
    "founded_on",
    "consent_on",
    "joined_on",
    "left_on",
}
_HEADER_FILL = PatternFill("solid", fgColor="D1E7DD")
_REQUIRED_FILL = PatternFill("solid", fgColor="FFE69C")
_BOLD = Font(bold=True)


def template_csv(table: Table) -> bytes:
    return "".join(csv_lines([column.header for column in table.columns], [])).encode()


def template_xlsx(tables: list[Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        _data_sheet(workbook, table)
    _notes_sheet(workbook, tables)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _data_sheet(workbook: Workbook, table: Table) -> None:
    sheet = workbook.create_sheet(table.sheet)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = _BOLD
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.comment = Comment(_note(column), "template", width=300, height=140)
        sheet.column_dimensions[letter].width = max(14, min(40, len(column.example) + 4))
        if column.key in _TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
        if column.key in _CHOICES:
            _drop_down(sheet, letter, column)


def _note(column: Column) -> str:
    note = str(column.help)
    if column.required:
        note = f"{_('Required.')} {note}"
    if column.example:
        note = f"{note}\n{_('Example:')} {column.example}"
    return note


def _drop_down(sheet, letter: str, column: Column) -> None:
    words = [words[0] for words in CHOICE_WORDS[_CHOICES[column.key]].values()]
    # Offered, not enforced: codes and other spellings are accepted on import too.
    validation = DataValidation(
        type="list", formula1=f'"{",".join(words)}"', allow_blank=True, showErrorMessage=False
    )
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(validation)


def _notes_sheet(workbook: Workbook, tables: list[Table]) -> None:
    sheet = workbook.create_sheet(NOTES_SHEET)
    for letter, width in zip("ABCD", (28, 12, 80, 36), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append([_("How to fill in this workbook")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            _(
                "One row per group, person or membership, under the headers; keep the headers "
                "as they are. Yellow headers must be filled in. Dates are dd/mm/yyyy with a "
                "Buddhist-era year. Delete the sheets you do not use, or leave them empty. "
                "Nothing is saved until you have checked the preview and confirmed."
            )
        ]
    )
    sheet["A2"].alignment = Alignment(wrap_text=True)
    sheet.merge_cells("A2:D2")
    sheet.row_dimensions[2].height = 60
    for table in tables:
        _notes_for(sheet, table)


def _notes_for(sheet, table: Table) -> None:
    sheet.append([])
    sheet.append([f"{table.sheet} · {table.title}"])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
    sheet.append([_("Column"), _("Required"), _("What to enter"), _("Example")])
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    for column in table.columns:
        required = _("Yes") if column.required else ""
        sheet.append([column.header, required, str(column.help), column.example])
        sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(wrap_text=True)
    sheet.append([])
    sheet.append([_("An example row:")])
    sheet.append([column.header for column in table.columns])
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    sheet.append([column.example for column in table.columns])
