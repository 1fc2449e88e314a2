"""Spreadsheet bombs: small files that unpack to gigabytes, hold one huge cell or a row of
millions of cells, are refused with a reason, in bounded memory (tracemalloc's peak), before
anything is kept. The files are generated here, never committed."""

import functools
import io
import secrets
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from clients.imports import limits
from clients.imports.columns import PERSONS
from clients.imports.limits import FileError
from clients.imports.reading import read_upload
from tests.clients.files import fixtures, headers

media = fixtures.media

PEAK_MB = 40  # over what the file itself takes in memory
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _cell(column: int, text: str) -> str:
    return f'<c r="{_letter(column)}1" t="inlineStr"><is><t>{text}</t></is></c>'


def _letter(column: int) -> str:
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


HEADER_ROW = (
    "<row>"
    + "".join(f'<c t="inlineStr"><is><t>{header}</t></is></c>' for header in headers(PERSONS))
    + "</row>"
)


def _workbook(sheet_xml, *, strings: bytes | None = None, extra: int = 0) -> bytes:
    """A minimal workbook around ``sheet_xml`` (bytes, or chunks of bytes streamed into the
    archive so that a gigabyte part never sits in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets>'
            '<sheet name="บุคคล" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        rels = (
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        )
        if strings is not None:
            rels += (
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            )
            archive.writestr("xl/sharedStrings.xml", strings)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships">{rels}</Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for chunk in [sheet_xml] if isinstance(sheet_xml, bytes) else sheet_xml:
                part.write(chunk)
        for n in range(extra):
            archive.writestr(f"xl/extra/{n}.xml", "")
    return buffer.getvalue()


def _sheet(rows: str) -> bytes:
    return (
        f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}{rows}</sheetData></worksheet>'.encode()
    )


def _refused_in_bounded_memory(content: bytes, name: str, reason: str) -> None:
    upload = SimpleUploadedFile(name, content)
    tracemalloc.start()
    try:
        with pytest.raises(FileError, match=reason):
            read_upload(upload)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak - 2 * len(content) < PEAK_MB * limits.MB, f"peak {peak / limits.MB:.0f} MB"


@functools.cache
def _quarter_gigabyte_workbook() -> bytes:
    return _workbook(_quarter_gigabyte_of_rows())


def _quarter_gigabyte_of_rows():
    yield f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}'.encode()
    row = ("<row>" + _cell(1, "สมศรี") * 20 + "</row>").encode()
    chunk = row * (1024 * 1024 // len(row) + 1)
    for _ in range(256):
        yield chunk
    yield b"</sheetData></worksheet>"


def test_it_refuses_a_workbook_that_unpacks_to_a_quarter_gigabyte():
    content = _quarter_gigabyte_workbook()
    assert len(content) < limits.MAX_UPLOAD_BYTES

    _refused_in_bounded_memory(content, "bomb.xlsx", "unpacks to more than|times its packed")


def test_it_refuses_a_workbook_whose_parts_together_unpack_too_far(monkeypatch):
    monkeypatch.setattr(limits, "MAX_COMPRESSION_RATIO", 10_000)  # only the total counts here
    rows = ("<row>" + _cell(1, "สมศรี") * 20 + "</row>") * 20_000
    content = _workbook(_sheet(rows))
    monkeypatch.setattr(limits, "MAX_UNCOMPRESSED_BYTES", len(_sheet(rows)) // 2)

    _refused_in_bounded_memory(content, "big.xlsx", "unpacks to more than")


def test_it_refuses_a_part_packed_tighter_than_any_spreadsheet():
    padding = " " * (4 * limits.MB)  # whitespace between rows: well-formed, and packs 1000:1
    content = _workbook(_sheet(f"<row>{_cell(1, 'สมศรี')}</row>{padding}"))

    _refused_in_bounded_memory(content, "tight.xlsx", "times its packed size")


def test_it_refuses_one_huge_cell_that_a_small_file_holds():
    def one_cell():
        yield f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}<row r="2">'.encode()
        yield b'<c r="A2" t="inlineStr"><is><t>'
        for _ in range(128):
            yield b"a" * limits.MB
        yield b"</t></is></c></row></sheetData></worksheet>"

    content = _workbook(one_cell())
    assert len(content) < limits.MB

    _refused_in_bounded_memory(content, "cell.xlsx", "unpacks to more than|times its packed")


def test_it_refuses_a_cell_longer_than_excel_allows():
    text = secrets.token_hex(limits.MAX_CELL_CHARS // 2 + 10)
    content = _workbook(
        _sheet(f'<row r="2"><c r="B2" t="inlineStr"><is><t>{text}</t></is></c></row>')
    )

    _refused_in_bounded_memory(content, "cell.xlsx", "more than 32767 characters")


def test_it_refuses_a_shared_string_longer_than_a_cell():
    text = secrets.token_hex(limits.MAX_CELL_CHARS // 2 + 10)
    strings = f'<sst xmlns="{MAIN}"><si><t>{text}</t></si></sst>'.encode()
    content = _workbook(_sheet('<row r="2"><c r="B2" t="s"><v>0</v></c></row>'), strings=strings)

    _refused_in_bounded_memory(content, "strings.xlsx", "longer than 32767 characters")


def test_it_refuses_a_shared_strings_table_over_its_bound():
    texts = "".join(f"<si><t>{secrets.token_hex(40)}</t></si>" for _ in range(110_000))
    strings = f'<sst xmlns="{MAIN}">{texts}</sst>'.encode()
    assert len(strings) > limits.MAX_SHARED_STRINGS_BYTES
    content = _workbook(_sheet(""), strings=strings)

    _refused_in_bounded_memory(content, "strings.xlsx", "texts of this workbook take more than")


def test_it_refuses_millions_of_cells_in_one_row():
    def wide_row():
        yield f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}<row r="2">'.encode()
        chunk = b'<c t="inlineStr"><is><t>x</t></is></c>' * 25_000
        for _ in range(200):  # 5,000,000 cells
            yield chunk
        yield b"</row></sheetData></worksheet>"

    _refused_in_bounded_memory(_workbook(wide_row()), "wide.xlsx", "times its packed|unpacks")


def test_it_refuses_a_row_wider_than_its_bound():
    cells = "".join(f'<c t="inlineStr"><is><t>{n}</t></is></c>' for n in range(1_001))
    content = _workbook(_sheet(f'<row r="2">{cells}</row>'))

    _refused_in_bounded_memory(content, "wide.xlsx", "more than 1000 cells")


def test_it_refuses_a_tag_longer_than_any_cell():
    attributes = " ".join(f'a{n}="1"' for n in range(60_000))
    content = _workbook(_sheet(f'<row r="2"><c r="A2" {attributes}/></row>'))

    _refused_in_bounded_memory(content, "tag.xlsx", "longer than a cell can be")


def test_it_refuses_an_archive_of_too_many_parts():
    content = _workbook(_sheet(""), extra=limits.MAX_MEMBERS)

    _refused_in_bounded_memory(content, "parts.xlsx", "more than 1000 parts")


def test_it_refuses_entities_of_a_billion_laughs():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    content = _workbook(
        laughs.encode()
        + _sheet('<row r="2"><c r="A2" t="inlineStr"><is><t>&lol2;</t></is></c></row>')
    )

    _refused_in_bounded_memory(content, "laughs.xlsx", "may be damaged")


def test_it_refuses_a_part_that_holds_more_than_its_declared_size():
    content = bytearray(_workbook(_sheet(f'<row r="2">{_cell(1, "สมศรี")}</row>')))
    info = zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo("xl/worksheets/sheet1.xml")
    lie = (info.file_size // 2).to_bytes(4, "little")
    true_size = info.file_size.to_bytes(4, "little")
    content = content.replace(true_size, lie)  # the local header and the directory say less

    _refused_in_bounded_memory(bytes(content), "lie.xlsx", "may be damaged")


# CSV


def test_it_refuses_a_csv_line_of_millions_of_commas():
    content = ",".join(headers(PERSONS)).encode() + b"\n" + b"," * (9 * limits.MB)

    _refused_in_bounded_memory(content, "commas.csv", "longer than 100000 characters")


def test_it_refuses_a_csv_row_spread_over_many_quoted_lines():
    content = ",".join(headers(PERSONS)).encode() + b"\n" + b'"a\n",' * 100_000

    _refused_in_bounded_memory(content, "quoted.csv", "longer than 100000 characters")


def test_it_refuses_a_csv_row_of_too_many_cells():
    content = ",".join(headers(PERSONS)).encode() + b"\n" + b"a," * 2_000

    _refused_in_bounded_memory(content, "cells.csv", "more than 1000 cells")


def test_it_refuses_a_csv_cell_longer_than_excel_allows():
    content = ",".join(headers(PERSONS)).encode() + b"\nx," + b"y" * (limits.MAX_CELL_CHARS + 1)

    _refused_in_bounded_memory(content, "cell.csv", "more than 32767 characters")


def test_it_refuses_more_text_than_a_pending_file_may_keep(monkeypatch):
    monkeypatch.setattr(limits, "MAX_KEPT_CHARS", 1_000)
    row = ["สมศรี" * 20, "ใจดี", "", "", "", "", "", "500101", "", "3"]
    content = (",".join(headers(PERSONS)) + "\n" + (",".join(row) + "\n") * 20).encode()

    _refused_in_bounded_memory(content, "text.csv", "more text than one import can take")


def test_a_bomb_is_refused_on_the_upload_form_in_thai(client, staff, media):
    client.force_login(staff)
    bomb = SimpleUploadedFile("bomb.xlsx", _quarter_gigabyte_workbook())

    with translation.override("th"):
        response = client.post(reverse("clients:import"), {"file": bomb}, HTTP_ACCEPT_LANGUAGE="th")

    assert response.status_code == 422
    [message] = response.context["form"].errors["file"]
    assert "ขยายออก" in message  # Thai: the workbook unpacks too far
    assert not (media / "imports").exists()
