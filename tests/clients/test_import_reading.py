"""Reading an uploaded spreadsheet: XLSX and CSV (with or without BOM), and the files that
cannot be imported, refused with a reason rather than a server error."""

import io
import zipfile
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from clients.imports import limits, reading
from clients.imports.columns import GROUPS, MEMBERSHIPS, NOTES_SHEET, PERSONS
from clients.imports.reading import FileError, read_upload
from tests.clients.files import csv_file, fixtures, headers, rows_of, xlsx_bytes, xlsx_file

media = fixtures.media


@pytest.fixture(autouse=True)
def english():
    """The reasons are matched in English (the msgids), whatever the catalogue says."""
    with translation.override("en"):
        yield


PERSON = {
    "first_name": "สมศรี",
    "last_name": "ใจดี",
    "subdistrict_code": "500101",
    "village_number": "3",
}


def _only_sheet(upload):
    assert len(upload.sheets) == 1
    return upload.sheets[0]


def test_it_reads_an_xlsx_sheet_by_its_headers():
    upload = read_upload(xlsx_file({"ข้อมูล": rows_of(PERSONS, [PERSON])}))

    sheet = _only_sheet(upload)
    assert sheet.table == PERSONS
    assert sheet.rows == [(2, PERSON)]


@pytest.mark.parametrize("bom", [True, False], ids=["with BOM", "without BOM"])
def test_it_reads_a_utf8_csv(bom):
    sheet = _only_sheet(read_upload(csv_file(rows_of(PERSONS, [PERSON]), bom=bom)))

    assert sheet.table == PERSONS
    assert sheet.rows == [(2, PERSON)]


def test_it_reads_a_csv_saved_in_the_thai_windows_code_page():
    upload = read_upload(csv_file(rows_of(PERSONS, [PERSON]), bom=False, encoding="cp874"))

    assert _only_sheet(upload).rows == [(2, PERSON)]


def test_it_reads_a_semicolon_separated_csv():
    text = "\n".join(";".join(row) for row in rows_of(PERSONS, [PERSON]))
    upload = read_upload(SimpleUploadedFile("persons.csv", text.encode()))

    assert _only_sheet(upload).rows == [(2, PERSON)]


def test_it_reads_all_three_sheets_of_a_workbook_and_skips_the_notes():
    upload = read_upload(
        xlsx_file(
            {
                "กลุ่ม": rows_of(GROUPS, [{"name": "กลุ่มทอผ้า"}]),
                "บุคคล": rows_of(PERSONS, [PERSON]),
                "สมาชิกกลุ่ม": rows_of(MEMBERSHIPS, [{"first_name": "สมศรี"}]),
                NOTES_SHEET: [["คอลัมน์", "คำอธิบาย"], *rows_of(PERSONS, [PERSON])],
            }
        )
    )

    assert [sheet.table for sheet in upload.sheets] == [GROUPS, PERSONS, MEMBERSHIPS]
    assert upload.skipped_sheets == []


def test_it_finds_the_headers_under_a_title_and_skips_blank_rows():
    rows = [["ทะเบียนบุคคล ต.ศรีภูมิ"], [], *rows_of(PERSONS, [PERSON]), [], ["", ""]]

    sheet = _only_sheet(read_upload(xlsx_file({"Sheet1": rows})))

    assert sheet.rows == [(4, PERSON)]


def test_it_notes_unknown_columns_and_ignores_the_export_only_ones():
    rows = [headers(PERSONS) + ["อำเภอ", "จังหวัด", "ศูนย์", "สีที่ชอบ"], ["สมศรี"]]

    sheet = _only_sheet(read_upload(xlsx_file({"Sheet1": rows})))

    assert sheet.ignored_headers == ["สีที่ชอบ"]


def test_it_reads_cells_as_typed_text():
    row = {
        **PERSON,
        "village_number": 3.0,
        "national_id": 1101700203450,
        "consent_on": datetime(2025, 11, 1),
    }

    sheet = _only_sheet(read_upload(xlsx_file({"Sheet1": rows_of(PERSONS, [row])})))

    cells = sheet.rows[0][1]
    assert cells["village_number"] == "3"
    assert cells["national_id"] == "1101700203450"
    assert cells["consent_on"] == "01/11/2568"  # BE, as a Thai user types it


def test_it_keeps_a_be_year_that_excel_stored_as_ce():
    row = {**PERSON, "consent_on": datetime(2568, 11, 1)}  # 01/11/2568 typed into a CE Excel

    sheet = _only_sheet(read_upload(xlsx_file({"Sheet1": rows_of(PERSONS, [row])})))

    assert sheet.rows[0][1]["consent_on"] == "01/11/2568"


def test_it_survives_the_round_trip_through_json():
    upload = read_upload(xlsx_file({"Sheet1": rows_of(PERSONS, [PERSON])}))

    assert reading.Upload.from_json(upload.as_json()) == upload


# Files that cannot be imported


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _zip_that_is_not_a_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        pytest.param("notes.txt", b"hello", "Upload an Excel workbook", id="txt"),
        pytest.param("photo.xlsx", _png(), "not an Excel workbook", id="png renamed xlsx"),
        pytest.param("letter.xlsx", _zip_that_is_not_a_workbook(), "cannot be read", id="docx"),
        pytest.param("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 64, "Old Excel", id="xls"),
        pytest.param("photo.csv", _png(), "not a CSV text file", id="png renamed csv"),
        pytest.param("empty.xlsx", xlsx_bytes({"Sheet1": []}), "headers", id="empty workbook"),
        pytest.param("other.csv", "ชื่อสินค้า,ราคา\nผ้าไหม,100\n".encode(), "headers", id="foreign"),
        pytest.param(
            "blank.csv", ",".join(headers(PERSONS)).encode(), "no rows", id="headers only"
        ),
    ],
)
def test_it_refuses_a_file_it_cannot_import(name, content, reason):
    with pytest.raises(FileError, match=reason):
        read_upload(SimpleUploadedFile(name, content))


def test_it_refuses_a_sheet_without_a_needed_column():
    rows = [[h for h in headers(PERSONS) if h not in ("รหัสตำบล", "ตำบล")], ["สมศรี", "ใจดี"]]

    with pytest.raises(FileError, match="รหัสตำบล"):
        read_upload(xlsx_file({"Sheet1": rows}))


def test_it_refuses_too_many_rows(monkeypatch):
    monkeypatch.setattr(limits, "MAX_DATA_ROWS", 2)
    rows = rows_of(PERSONS, [PERSON, PERSON, PERSON])

    with pytest.raises(FileError, match="at most 2 rows"):
        read_upload(csv_file(rows))


def test_it_refuses_a_file_that_is_too_large(monkeypatch):
    monkeypatch.setattr(limits, "MAX_UPLOAD_BYTES", 10)

    with pytest.raises(FileError, match="larger than"):
        read_upload(csv_file(rows_of(PERSONS, [PERSON])))


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: SimpleUploadedFile("notes.txt", b"hello"), id="txt"),
        pytest.param(lambda: SimpleUploadedFile("photo.xlsx", _png()), id="png renamed xlsx"),
    ],
)
def test_it_shows_the_reason_on_the_upload_page(client, staff, media, upload):
    client.force_login(staff)

    response = client.post(reverse("clients:import"), {"file": upload()})

    assert response.status_code == 422
    assert response.context["form"].errors["file"]
    assert not (media / "imports").exists()
