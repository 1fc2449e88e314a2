"""reports/tables.py: a page's table as XLSX (a sheet per table, numbers as numbers, the summary
sheet) and CSV (Thai readable by Excel, formula-safe, with its trailer)."""

import csv
import io
from decimal import Decimal

import openpyxl

from portal.lib.spreadsheets import CSV_TRAILER, SUMMARY_SHEET
from reports.tables import Table, csv_response, sheet_names, to_csv, to_xlsx, xlsx_response


def _tables() -> list[Table]:
    return [
        Table("เปรียบเทียบ", ["อำเภอ", "รับเรื่อง", "ร้อยละ"], [["เมือง", 12, Decimal("83.3")]]),
        Table("รายเดือน", ["อำเภอ", "ต.ค. 2569"], [["=HYPERLINK(1)", None]]),
    ]


def test_it_writes_a_sheet_per_table_with_numbers_as_numbers():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(_tables(), filters=[("ช่วงเวลา", "2570")])))

    assert book.sheetnames == ["เปรียบเทียบ", "รายเดือน", SUMMARY_SHEET]
    rows = list(book["เปรียบเทียบ"].iter_rows(values_only=True))
    assert rows == [("อำเภอ", "รับเรื่อง", "ร้อยละ"), ("เมือง", 12, 83.3)]
    assert ("ตัวกรอง: ช่วงเวลา", "2570") in list(book[SUMMARY_SHEET].iter_rows(values_only=True))


def test_it_writes_csv_that_excel_reads_as_thai_with_its_trailer():
    text = to_csv(_tables()[1])

    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert lines == [["อำเภอ", "ต.ค. 2569"], ["'=HYPERLINK(1)", ""], [CSV_TRAILER.format(count=1)]]


def test_it_answers_downloads_with_a_file_name():
    xlsx = xlsx_response("a.xlsx", _tables())
    text = csv_response("a.csv", _tables()[0])

    assert xlsx["Content-Disposition"] == 'attachment; filename="a.xlsx"'
    assert text["Content-Type"] == "text/csv; charset=utf-8"
    assert text.content.decode("utf-8-sig").startswith("อำเภอ,รับเรื่อง")


def test_it_names_sheets_as_excel_allows_each_one_different():
    long = "การส่งต่อ จำแนกตามประเภทแหล่งทรัพยากร"

    names = sheet_names(["ตาม/สถานะ?", long, long, "a", "A", SUMMARY_SHEET])

    assert names[0] == "ตาม สถานะ"
    assert names[1] == long[:31] and names[2] == long[:27] + " (2)"
    assert names[3:5] == ["a", "A (2)"]
    assert names[5] == f"{SUMMARY_SHEET} (2)"
    assert all(len(name) <= 31 for name in names)


def test_it_writes_the_sheets_under_those_names():
    tables = [Table("ตาม:สถานะ", ["รายการ"], [["ก"]]), Table("ตาม:สถานะ", ["รายการ"], [])]

    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(tables)))

    assert book.sheetnames == ["ตาม สถานะ", "ตาม สถานะ (2)", SUMMARY_SHEET]
