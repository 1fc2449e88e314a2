"""Reading the rows of an XLSX workbook in bounded memory, refusing a spreadsheet bomb first.

openpyxl's read-only mode streams a sheet's rows, but it loads the shared strings table whole
and builds every cell of a row (and all of a cell's text) before handing the row over: a row
of millions of cells or a cell of a billion characters exhausts the server before any check
can run. So the import reads workbooks here instead:

1. The archive's directory is checked before anything is unpacked (``limits``): the number of
   parts, their total unpacked size, each part's compression ratio, the size of the shared
   strings table; only stored or deflated parts, none encrypted. zipfile never returns more
   than a part's declared size (its CRC check fails if the part holds more), so the declared
   sizes bound what is read.
2. The small parts (workbook, relationships, styles) are parsed with defusedxml once their
   size is bounded; the shared strings and the sheets stream through expat in 64 kB chunks,
   with a handler per element: no tree is built, a cell's text is counted as it arrives, no
   stretch of a part between two tags may exceed ``MAX_TOKEN_BYTES`` (expat buffers a whole
   tag), a DOCTYPE (and so any entity) is refused, and a sheet is read up to its
   ``</sheetData>``, not beyond.

Values come out as openpyxl's with ``data_only=True``: text, int, float, bool, or a datetime
for a number in a date format.
"""

import zipfile
from collections.abc import Iterator
from datetime import datetime
from posixpath import dirname, join, normpath
from typing import BinaryIO
from xml.etree.ElementTree import Element
from xml.parsers import expat

from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext_lazy as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from clients.imports import limits
from clients.imports.limits import MB, FileError

CHUNK_BYTES = 64 * 1024
# The longest stretch of a part without a "<": a cell of MAX_CELL_CHARS Thai characters,
# escaped, fits; a tag with millions of attributes does not.
MAX_TOKEN_BYTES = 256 * 1024

DAMAGED = _("This Excel workbook cannot be read; it may be damaged.")
ENCRYPTED = _(
    "This workbook is protected with a password; save it without one and upload it again."
)
TOO_MANY_PARTS = _(
    "This workbook holds more than %(count)d parts, more than a spreadsheet does; save it again "
    "from Excel."
)
TOO_LARGE_UNPACKED = _("This workbook unpacks to more than %(mb)d MB; split it into several files.")
TOO_COMPRESSED = _(
    "A part of this workbook unpacks to more than %(ratio)d times its packed size, which no "
    "spreadsheet does; save it again from Excel, or as CSV."
)
PART_TOO_LARGE = _(
    "A part of this workbook (%(part)s) is larger than %(mb)d MB; save it again from Excel, or "
    "as CSV."
)
TOO_MANY_STRINGS = _(
    "The texts of this workbook take more than %(mb)d MB; split it into several files."
)
STRING_TOO_LONG = _(
    "A text in this workbook is longer than %(count)d characters, more than a cell can hold."
)
ROW_TOO_WIDE = _(
    "Row %(row)d of sheet “%(sheet)s” has more than %(count)d cells; delete the columns you do "
    "not need."
)
CELL_TOO_LONG = _("A cell of sheet “%(sheet)s” (row %(row)d) holds more than %(count)d characters.")
TAG_TOO_LONG = _(
    "Sheet “%(sheet)s” holds an element longer than a cell can be; the file may be damaged."
)

_MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# Element names as expat reports them with namespace processing ("uri name").
_TAGS = {
    f"{ns} {local}": local
    for ns in _MAIN
    for local in ("sheetData", "row", "c", "v", "is", "t", "rPh", "si")
}


def read_workbook(file: BinaryIO) -> Iterator[tuple[str, Iterator[tuple[int, list]]]]:
    """Each worksheet's name and its rows, as (row number, values of the first MAX_COLUMNS
    columns, None where a cell is empty). Read one sheet's rows before asking for the next."""
    with open_archive(file) as archive:
        parts = _Parts(archive)
        book = parts.workbook()
        relations = parts.relations(book)
        root = parts.small_xml(book)
        epoch = MAC_EPOCH if _date1904(root) else WINDOWS_EPOCH
        strings = parts.shared_strings(relations.get("sharedStrings", []))
        dates = parts.date_styles(relations.get("styles", []))
        for name, target in _sheets(root, relations.get("worksheet-ids", {})):
            rows = _sheet_rows(parts.open(target), name, strings, dates, epoch)
            try:
                yield name, rows
            finally:
                rows.close()


# The archive


def open_archive(file: BinaryIO) -> zipfile.ZipFile:
    _check_directory(file)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise FileError(DAMAGED) from error
    try:
        _check_parts(archive.infolist())
    except FileError:
        archive.close()
        raise
    return archive


def _check_directory(file: BinaryIO) -> None:
    """zipfile reads the whole central directory into memory: bound it before it does, from
    the end-of-directory record that zipfile itself will read."""
    try:
        end = zipfile._EndRecData(file)  # type: ignore[attr-defined]  # noqa: SLF001
    except (OSError, ValueError):
        end = None
    if not end:
        raise FileError(DAMAGED)
    entries = end[zipfile._ECD_ENTRIES_TOTAL]  # type: ignore[attr-defined]  # noqa: SLF001
    size = end[zipfile._ECD_SIZE]  # type: ignore[attr-defined]  # noqa: SLF001
    if entries > limits.MAX_MEMBERS or size > limits.MAX_MEMBERS * 1024:
        raise FileError(TOO_MANY_PARTS % {"count": limits.MAX_MEMBERS})
    file.seek(0)


def _check_parts(infos: list[zipfile.ZipInfo]) -> None:
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileError(ENCRYPTED)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileError(DAMAGED)  # bzip2 and lzma unpack without a bound per read
        total += info.file_size
        if (
            info.file_size > limits.RATIO_FREE_BYTES
            and info.file_size > limits.MAX_COMPRESSION_RATIO * info.compress_size
        ):
            raise FileError(TOO_COMPRESSED % {"ratio": limits.MAX_COMPRESSION_RATIO})
    if total > limits.MAX_UNCOMPRESSED_BYTES:
        raise FileError(TOO_LARGE_UNPACKED % {"mb": limits.MAX_UNCOMPRESSED_BYTES // MB})


class _Parts:
    """The parts of the archive by name (OPC names ignore case)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = {info.filename.lower(): info for info in archive.infolist()}

    def info(self, name: str) -> zipfile.ZipInfo:
        info = self.names.get(name.lower())
        if info is None:
            raise FileError(DAMAGED)
        return info

    def open(self, name: str):
        return self.archive.open(self.info(name))

    def small_xml(self, name: str, limit: int | None = None) -> Element:
        info = self.info(name)
        limit = limit or limits.MAX_PART_BYTES
        if info.file_size > limit:
            raise FileError(PART_TOO_LARGE % {"part": name, "mb": limit // MB})
        try:
            return fromstring(self.archive.read(info))
        except FileError:
            raise
        except Exception as error:  # a parse error, a DTD or an entity defusedxml refuses
            raise FileError(DAMAGED) from error

    def workbook(self) -> str:
        if "_rels/.rels" in self.names:
            for relation in self.small_xml("_rels/.rels").iter(_PACKAGE_REL):
                if relation.get("Type", "").endswith("/officeDocument"):
                    return relation.get("Target", "").lstrip("/")
        return "xl/workbook.xml"

    def relations(self, part: str) -> dict:
        """The part's relationships: the targets of each type, and worksheets by id."""
        folder = dirname(part)
        rels = join(folder, "_rels", part.rsplit("/", 1)[-1] + ".rels")
        found: dict = {"worksheet-ids": {}}
        if rels.lower() not in self.names:
            return found
        for relation in self.small_xml(rels).iter(_PACKAGE_REL):
            target = relation.get("Target", "")
            target = (
                target.lstrip("/") if target.startswith("/") else normpath(join(folder, target))
            )
            kind = relation.get("Type", "").rsplit("/", 1)[-1]
            found.setdefault(kind, []).append(target)
            if kind == "worksheet":
                found["worksheet-ids"][relation.get("Id")] = target
        return found

    def shared_strings(self, targets: list[str]) -> list[str]:
        if not targets:
            return []
        info = self.info(targets[0])
        if info.file_size > limits.MAX_SHARED_STRINGS_BYTES:
            raise FileError(TOO_MANY_STRINGS % {"mb": limits.MAX_SHARED_STRINGS_BYTES // MB})
        parser = _StringsParser()
        with self.archive.open(info) as stream:
            _feed(parser, stream, TAG_TOO_LONG % {"sheet": targets[0]})
        return parser.strings

    def date_styles(self, targets: list[str]) -> set[str]:
        """The cell style indices (as written in a cell's ``s``) whose format is a date."""
        if not targets:
            return set()
        root = self.small_xml(targets[0])
        formats = dict(BUILTIN_FORMATS)
        for ns in _MAIN:
            for fmt in root.iter(f"{{{ns}}}numFmt"):
                formats[_int(fmt.get("numFmtId"))] = fmt.get("formatCode", "")
        dates = set()
        for ns in _MAIN:
            for xfs in root.iter(f"{{{ns}}}cellXfs"):
                for index, xf in enumerate(xfs.iter(f"{{{ns}}}xf")):
                    if is_date_format(formats.get(_int(xf.get("numFmtId")))):
                        dates.add(str(index))
        return dates


def _int(text: str | None) -> int:
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else -1


def _date1904(root: Element) -> bool:
    for ns in _MAIN:
        for properties in root.iter(f"{{{ns}}}workbookPr"):
            return properties.get("date1904", "").lower() in ("1", "true")
    return False


def _sheets(root: Element, targets: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(name, part) of each worksheet, in the workbook's order (chart sheets have no rows)."""
    for ns in _MAIN:
        for sheet in root.iter(f"{{{ns}}}sheet"):
            rid = sheet.get(f"{{{_REL}}}id") or sheet.get(f"{{{_STRICT_REL}}}id")
            if rid in targets:
                yield sheet.get("name", ""), targets[rid]


# Streaming parts through expat


def _refuse(*args) -> None:
    raise FileError(DAMAGED)


def _expat() -> expat.XMLParserType:
    # The encoding given here overrides the document's: the byte checks of _feed hold.
    parser = expat.ParserCreate("utf-8", " ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse  # no DTD, so no entity of any kind
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _feed(reader, stream, too_long) -> Iterator[None]:
    """Parse ``stream`` with ``reader.parser`` chunk by chunk, yielding after each chunk, until
    the stream ends or the reader is done."""
    for _chunk in _chunks(reader, stream, too_long):
        pass


def _chunks(reader, stream, too_long) -> Iterator[None]:
    parser = reader.parser
    gap = 0  # bytes since the last "<"
    try:
        while not reader.done:
            chunk = stream.read(CHUNK_BYTES)
            if not chunk:
                parser.Parse(b"", True)
                return
            pieces = chunk.split(b"<")
            gap += len(pieces[0])
            if len(pieces) > 1:
                gap = max([gap, *map(len, pieces[1:-1])])
                if gap > MAX_TOKEN_BYTES:
                    raise FileError(too_long)
                gap = len(pieces[-1])
            if gap > MAX_TOKEN_BYTES:
                raise FileError(too_long)
            parser.Parse(chunk, False)
            yield
    except expat.ExpatError as error:
        raise FileError(DAMAGED) from error
    except (zipfile.BadZipFile, EOFError, OSError) as error:  # a CRC that fails: sizes lied
        raise FileError(DAMAGED) from error


class _StringsParser:
    """The shared strings table: the text of each <si>, phonetic runs left out."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.parts: list[str] = []
        self.chars = 0
        self.collect = False
        self.phonetic = False
        self.done = False
        self.parser = _expat()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text

    def _start(self, name: str, attrs: dict) -> None:
        tag = _TAGS.get(name)
        if tag == "t":
            self.collect = not self.phonetic
        elif tag == "si":
            self.parts, self.chars = [], 0
        elif tag == "rPh":
            self.phonetic = True

    def _end(self, name: str) -> None:
        tag = _TAGS.get(name)
        if tag == "t":
            self.collect = False
        elif tag == "si":
            self.strings.append("".join(self.parts))
        elif tag == "rPh":
            self.phonetic = False

    def _text(self, data: str) -> None:
        if self.collect:
            self.chars += len(data)
            if self.chars > limits.MAX_CELL_CHARS:
                raise FileError(STRING_TOO_LONG % {"count": limits.MAX_CELL_CHARS})
            self.parts.append(data)


def _sheet_rows(stream, name: str, strings: list[str], dates: set[str], epoch: datetime):
    parser = _SheetParser(name, strings, dates, epoch)
    with stream:
        for _chunk in _chunks(parser, stream, TAG_TOO_LONG % {"sheet": name}):
            yield from parser.take_rows()
        yield from parser.take_rows()


class _SheetParser:
    """A worksheet's <sheetData>: rows of cell values, the first MAX_COLUMNS columns."""

    def __init__(self, sheet: str, strings: list[str], dates: set[str], epoch: datetime) -> None:
        self.sheet, self.strings, self.dates, self.epoch = sheet, strings, dates, epoch
        self.rows: list[tuple[int, list]] = []
        self.in_data = False
        self.done = False
        self.row = 0
        self.values: list | None = None
        self.cells = 0  # in the current row
        self.column = 0
        self.cell: tuple[int, str, str | None] | None = None
        self.parts: list[str] = []
        self.chars = 0
        self.collect = False
        self.phonetic = False
        self.parser = _expat()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text

    def take_rows(self) -> list[tuple[int, list]]:
        rows, self.rows = self.rows, []
        return rows

    def _start(self, name: str, attrs: dict) -> None:
        tag = _TAGS.get(name)
        if tag is None or not self.in_data:
            if tag == "sheetData" and not self.done:
                self.in_data = True
            return
        if tag == "c" and self.values is not None:
            self.cells += 1
            if self.cells > limits.MAX_ROW_CELLS:
                params = {"row": self.row, "sheet": self.sheet, "count": limits.MAX_ROW_CELLS}
                raise FileError(ROW_TOO_WIDE % params)
            ref = attrs.get("r")
            self.column = _column(ref) if ref else self.column + 1
            self.cell = (self.column, attrs.get("t", "n"), attrs.get("s"))
            self.parts, self.chars = [], 0
        elif tag == "v":
            self.collect = self.cell is not None and self.cell[1] != "inlineStr"
        elif tag == "t":
            self.collect = self.cell is not None and self.cell[1] == "inlineStr"
            self.collect = self.collect and not self.phonetic
        elif tag == "row":
            number = attrs.get("r", "")
            self.row = int(number) if _is_number(number) else self.row + 1
            self.values, self.cells, self.column = [], 0, 0
        elif tag == "rPh":
            self.phonetic = True

    def _end(self, name: str) -> None:
        tag = _TAGS.get(name)
        if tag is None or not self.in_data:
            return
        if tag == "v" or tag == "t":
            self.collect = False
        elif tag == "c" and self.cell is not None:
            column = self.cell[0]
            if 1 <= column <= limits.MAX_COLUMNS and self.values is not None:
                value = self._value()
                if value is not None:
                    values = self.values
                    if len(values) < column:
                        values.extend([None] * (column - len(values)))
                    values[column - 1] = value
            self.cell = None
        elif tag == "row" and self.values is not None:
            self.rows.append((self.row, self.values))
            self.values = None
        elif tag == "rPh":
            self.phonetic = False
        elif tag == "sheetData":
            self.in_data, self.done = False, True

    def _text(self, data: str) -> None:
        if self.collect:
            self.chars += len(data)
            if self.chars > limits.MAX_CELL_CHARS:
                params = {"sheet": self.sheet, "row": self.row, "count": limits.MAX_CELL_CHARS}
                raise FileError(CELL_TOO_LONG % params)
            self.parts.append(data)

    def _value(self):
        assert self.cell is not None
        _column, kind, style = self.cell
        text = "".join(self.parts)
        if not text:
            return None
        if kind == "s":
            index = _int(text)
            if not 0 <= index < len(self.strings):
                raise FileError(DAMAGED)
            return self.strings[index]
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                return text
        return self._number(text, style)

    def _number(self, text: str, style: str | None):
        try:
            number = float(text) if any(c in text for c in ".eE") or len(text) > 18 else int(text)
        except ValueError:
            return text
        if style in self.dates:
            try:
                return from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                return number
        return number


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 9


def _column(ref: str) -> int:
    """The column number of a cell reference: A1 → 1, AB12 → 28."""
    number = 0
    for char in ref[:4]:  # XFD, the last column, has three letters
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number
