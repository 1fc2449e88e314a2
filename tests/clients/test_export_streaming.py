"""The exports stream: the same number of queries for 100 rows as for 1,000, memory that does
not grow with the rows, and a file that says it is complete (a CSV trailer, an XLSX summary
sheet written after the last row)."""

import csv
import gc
import io
import tracemalloc
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from clients import exports
from clients.models import ClientGroup, GroupKind, Person
from portal.lib.spreadsheets import SUMMARY_SHEET, SheetData, xlsx_chunks
from services.models import ServiceRequest
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.services.factories import ServiceRequestFactory


def _add(model, template, count: int, **changes) -> None:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    values = {f.attname: getattr(template, f.attname) for f in fields}
    model.objects.bulk_create(
        [model(**{**values, **{k: v(n) for k, v in changes.items()}}) for n in range(count)],
        batch_size=500,
    )


def _rows(centre, kind: str, count: int, start: int = 0) -> None:
    if kind == "group":
        _add(ClientGroup, ClientGroupFactory(centre=centre), count - 1, name=lambda n: f"ก{n}")
    elif kind == "person":
        _add(Person, PersonFactory(centre=centre), count - 1, first_name=lambda n: f"ส{n}")
    else:
        # The template's number stays clear of the copies' (1000 on), whatever number the
        # factory has reached in the run.
        template = ServiceRequestFactory(centre=centre, sequence=start + 1)
        _add(
            ServiceRequest,
            template,
            count - 1,
            sequence=lambda n: 1000 + start + n,
            reference=lambda n: f"5001-2570-{1000 + start + n:05d}",
        )


def _url(kind: str, fmt: str) -> str:
    if kind == "request":
        return reverse("services:request-export") + f"?format={fmt}"
    return reverse(f"clients:{kind}-export", args=[fmt])


def _download(client, url: str) -> tuple[int, int]:
    """The number of queries and of bytes; the content is read chunk by chunk, not kept."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        size = sum(len(chunk) for chunk in response.streaming_content)
    assert response.status_code == 200
    return len(queries), size


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["group", "person", "request"])
def test_an_export_runs_the_same_queries_for_1000_rows_as_for_100(
    client, staff, centre_a, kind, fmt
):
    client.force_login(staff)
    _rows(centre_a, kind, 100)
    few, _size = _download(client, _url(kind, fmt))
    _rows(centre_a, kind, 900, start=100)

    many, _size = _download(client, _url(kind, fmt))

    assert many == few


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exports_memory_does_not_grow_with_its_rows(client, staff, centre_a, fmt, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 100)  # rows held at once, whatever the total
    client.force_login(staff)
    _rows(centre_a, "group", 2000)  # past the first chunks: the buffers are at their size
    url = _url("group", fmt)
    _download(client, url)  # caches warm

    def peak() -> int:
        gc.collect()  # the last request's garbage (its forms' cycles) is not this one's
        tracemalloc.start()
        try:
            # Not through _download: capturing the queries keeps their SQL, one a chunk.
            response = client.get(url)
            assert sum(len(chunk) for chunk in response.streaming_content) > 0
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    few = peak()
    _rows(centre_a, "group", 6000)
    many = peak()

    assert many - few < 256 * 1024, f"{few} → {many} bytes for 4 times the rows"


def test_a_csv_export_ends_with_the_count_of_its_rows(client, staff, centre_a):
    client.force_login(staff)
    _rows(centre_a, "group", 120)

    response = client.get(_url("group", "csv"))
    text = b"".join(response.streaming_content).decode()

    assert text.endswith('"# 120 rows, complete"\r\n')
    assert len(list(csv.reader(io.StringIO(text)))) == 1 + 120 + 1


def test_an_xlsx_export_ends_with_a_summary_of_its_rows_and_filters(client, staff, centre_a):
    client.force_login(staff)
    ClientGroupFactory(centre=centre_a, kind=GroupKind.SAVINGS, name="กลุ่มออมทรัพย์ดอน")
    ClientGroupFactory(centre=centre_a, kind=GroupKind.OCCUPATIONAL, name="กลุ่มทอผ้า")

    response = client.get(_url("group", "xlsx") + "?kind=savings")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    assert response["Content-Disposition"].startswith("attachment;")
    assert workbook.sheetnames[-1] == SUMMARY_SHEET
    summary = {row[0]: row[1] for row in workbook[SUMMARY_SHEET].iter_rows(values_only=True)}
    assert summary["จำนวนแถวในแผ่นงาน “กลุ่ม”"] == 1
    assert "กลุ่มออมทรัพย์เพื่อการผลิต" in summary.values()
    assert summary["สถานะไฟล์"] == "ครบถ้วน (complete)"
    data = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert [row[2] for row in data[1:]] == ["กลุ่มออมทรัพย์ดอน"]


def test_an_outsider_exports_none_of_another_centres_rows(client, outsider, centre_a):
    _rows(centre_a, "person", 5)
    client.force_login(outsider)

    response = client.get(_url("person", "xlsx"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    assert list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True)) == []


def test_an_xlsx_export_escapes_markup_and_drops_what_xml_cannot_hold(client, staff, centre_a):
    ClientGroupFactory(centre=centre_a, name="กลุ่ม <ผ้า> & ไหม\x01", notes="  ย่อหน้า\nบรรทัดสอง")
    client.force_login(staff)

    response = client.get(_url("group", "xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    header, row = sheet.iter_rows(values_only=True)

    record = dict(zip(header, row, strict=True))
    assert record["ชื่อกลุ่ม"] == "กลุ่ม <ผ้า> & ไหม"
    assert record["หมายเหตุ"] == "  ย่อหน้า\nบรรทัดสอง"


def test_an_xlsx_export_sends_its_first_bytes_before_it_has_read_every_row():
    read = []

    def rows():
        for n in range(20_000):
            read.append(n)
            yield [f"กลุ่มที่ {n}", n]

    chunks = xlsx_chunks([SheetData("กลุ่ม", ["ชื่อ", "ลำดับ"], rows())])
    first = next(chunks)

    assert first.startswith(b"PK") and len(read) < 2_000  # a chunk of rows, not the sheet
    rest = b"".join(chunks)
    workbook = load_workbook(io.BytesIO(first + rest))
    assert workbook.worksheets[0].max_row == 1 + 20_000
    with pytest.raises(zipfile.BadZipFile):  # a download cut short opens as nothing at all
        load_workbook(io.BytesIO((first + rest)[:-200]))


def test_an_xlsx_data_sheet_is_written_as_zip64_so_it_may_pass_2_gib():
    """A year of the country's requests is over 2 GiB of sheet XML before deflating: zipfile
    refuses to write such a part unless it is opened for zip64. Spreadsheets read it still."""
    sheet = SheetData("คำขอ", ["เลขที่"], iter([["5001-2569-00001"]]))
    data = b"".join(xlsx_chunks([sheet]))

    archive = zipfile.ZipFile(io.BytesIO(data))
    zip64 = 45  # the version needed to extract a zip64 entry (zipfile.ZIP64_VERSION)
    assert archive.getinfo("xl/worksheets/sheet1.xml").extract_version >= zip64
    assert load_workbook(io.BytesIO(data)).worksheets[0]["A2"].value == "5001-2569-00001"


def test_an_xlsx_cell_keeps_its_kind_whatever_the_value():
    """Text and whole numbers take a fast path; the rest the general one: each reads back as
    what it is (numbers as numbers, yes/no as booleans, dates in BE, blanks as no cell)."""
    from datetime import date
    from decimal import Decimal
    from enum import IntEnum

    from django.utils.safestring import mark_safe

    class Stars(IntEnum):
        FOUR = 4

    values = [
        "ผ้า <ไหม> & ฝ้าย", 12, Stars.FOUR, True, Decimal("1500.50"), 2.5, float("nan"),
        date(2026, 11, 5), None, "", mark_safe("<b>"), "a\x01b", 0,
    ]  # fmt: skip
    sheet = SheetData("ค่า", [f"c{n}" for n in range(len(values))], iter([values]))
    row = [cell.value for cell in load_workbook(io.BytesIO(b"".join(xlsx_chunks([sheet]))))
           .worksheets[0][2]]  # fmt: skip

    assert row[:6] == ["ผ้า <ไหม> & ฝ้าย", 12, 4, True, 1500.5, 2.5]
    assert row[6] == "nan"  # not a number Excel could hold: written as text
    assert row[7] == "05/11/2569"
    assert row[8] is None and row[9] is None
    assert row[10:] == ["<b>", "ab", 0]


def test_cells_after_a_gap_keep_their_column_for_a_spreadsheet_and_for_the_import():
    """A cell that follows the one before is written without its reference; after an empty
    cell the reference is written. Both openpyxl and the import's own reader (an exported
    file is corrected and imported again) put every value in its column."""
    from clients.imports.xlsx import read_workbook

    rows = [[None, "ข", "", 3, "  ย่อหน้า "], ["ก", None, None, None, "จ"]]
    data = b"".join(xlsx_chunks([SheetData("แผ่น", ["1", "2", "3", "4", "5"], iter(rows))]))

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [
        [None, "ข", None, 3, "  ย่อหน้า "],
        ["ก", None, None, None, "จ"],
    ]
    sheets = read_workbook(io.BytesIO(data))  # kept: it holds the archive open
    _name, read = next(sheets)
    assert list(read)[1:] == [
        (2, [None, "ข", None, 3, "  ย่อหน้า "]),
        (3, ["ก", None, None, None, "จ"]),
    ]
