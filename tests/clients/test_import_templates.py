"""The blank templates: Thai headers, notes on each column with an example, and a round trip
(a template filled in imports)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from clients.imports.columns import NOTES_SHEET, TABLES
from clients.models import Person
from tests.clients.files import fixtures, headers
from tests.clients.files.flow import import_file

media = fixtures.media
places = fixtures.places


def _template(client, table: str, fmt: str):
    return client.get(reverse("clients:import-template", args=[table, fmt]))


def test_it_needs_a_login(client):
    response = _template(client, "all", "xlsx")

    assert response.status_code == 302


def test_the_workbook_has_a_sheet_per_table_and_a_notes_sheet(client, staff):
    client.force_login(staff)

    response = _template(client, "all", "xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="import-all.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["กลุ่ม", "บุคคล", "สมาชิกกลุ่ม", NOTES_SHEET]
    for table in TABLES.values():
        sheet = workbook[table.sheet]
        assert [cell.value for cell in sheet[1]] == headers(table.key)
        assert sheet.max_row == 1  # no example row to import by mistake
        assert all(cell.comment for cell in sheet[1])
    notes = [
        [cell if cell is not None else "" for cell in row] for row in workbook[NOTES_SHEET].values
    ]
    explained: dict = {}
    for row in notes:  # the first row that names a column explains it
        explained.setdefault(row[0], row[1:4])
    kind, notes_column = TABLES["groups"].column("kind"), TABLES["groups"].column("notes")
    required, help_text, example = explained[kind.header]
    assert required and (help_text, example) == (str(kind.help), kind.example)
    assert explained[notes_column.header][0] == ""  # not required
    for table in TABLES.values():  # each table's example row, under its headers
        width = len(table.columns)
        rows = [row[:width] for row in notes]
        assert rows[rows.index(headers(table.key)) + 1] == [c.example for c in table.columns]


@pytest.mark.parametrize("table", list(TABLES))
def test_a_csv_template_is_the_header_row_with_a_bom(client, staff, table):
    client.force_login(staff)

    response = _template(client, table, "csv")

    assert response.status_code == 200
    assert response.content.decode("utf-8") == "\ufeff" + ",".join(headers(table)) + "\r\n"


@pytest.mark.parametrize(
    ("table", "fmt"), [("all", "csv"), ("products", "xlsx"), ("groups", "pdf")]
)
def test_it_answers_404_for_other_templates(client, staff, table, fmt):
    client.force_login(staff)

    assert _template(client, table, fmt).status_code == 404


def test_a_filled_in_template_imports(client, staff, media, places):
    client.force_login(staff)
    workbook = load_workbook(io.BytesIO(_template(client, "all", "xlsx").content))
    persons = workbook["บุคคล"]
    persons.append(["นาง", "สมศรี", "ใจดี", "", "", 2510, "หญิง", "500101", "", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)

    import_file(client, SimpleUploadedFile("filled.xlsx", buffer.getvalue()))

    assert Person.objects.get().village.code == "50010103"
