"""The bounds of an upload, in one place (docs/import.md lists them), and the error that
refuses a file.

A spreadsheet is untrusted input that a small file can make huge: a 5 MB workbook may unpack
to gigabytes, hold one cell of a billion characters or a row of millions of cells. Every
bound below is checked before the part it bounds is read, or while it streams, so a file is
refused in bounded memory (tests/clients/test_import_bombs.py measures it).
"""

from django.utils.functional import Promise

MB = 1024 * 1024

# The file as uploaded.
MAX_UPLOAD_BYTES = 10 * MB

# What is read from it.
MAX_DATA_ROWS = 10_000  # rows with data, per sheet
MAX_SHEET_ROWS = 3 * MAX_DATA_ROWS  # blank rows included: a sheet is not read without end
MAX_COLUMNS = 40  # columns read; cells further right are ignored
MAX_ROW_CELLS = 1_000  # cells in one row (a workbook's <c> elements, a CSV row's fields)
MAX_CELL_CHARS = 32_767  # characters in one cell: Excel's own limit
MAX_LINE_CHARS = 100_000  # characters in one row of a CSV file, quoted line breaks included
MAX_KEPT_CHARS = 4_000_000  # characters kept from the whole file (the pending file's rows)

# The workbook's ZIP archive, checked from its directory before anything is unpacked.
MAX_MEMBERS = 1_000  # parts in the archive
MAX_UNCOMPRESSED_BYTES = 64 * MB  # all parts together, unpacked
MAX_COMPRESSION_RATIO = 100  # unpacked / packed size of one part (Apache POI's default)
RATIO_FREE_BYTES = 1 * MB  # parts smaller than this unpacked are not held to the ratio
MAX_SHARED_STRINGS_BYTES = 8 * MB  # the shared strings table, which is loaded whole
MAX_PART_BYTES = 4 * MB  # each small part read whole (workbook, relationships, styles)


class FileError(Exception):
    """A file that cannot be imported at all; the message says why, for the user."""

    def __init__(self, message: Promise | str) -> None:
        super().__init__(str(message))
        self.message = message
