"""Checks of uploaded attachments by what they hold, not only by what they are called.

A file is accepted when its content is one of the allowed kinds (JPEG, PNG, PDF, XLSX, DOCX)
and its extension names that same kind: a PNG renamed ``.pdf`` or a program renamed ``.jpg``
is refused. Office files are ZIP archives; they are told apart by the archive's member names
and its ``[Content_Types].xml``, read with bounds so that a crafted archive cannot exhaust
memory.
"""

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

JPEG = "image/jpeg"
PNG = "image/png"
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Extension → the content type its content must show.
EXTENSIONS = {".jpg": JPEG, ".jpeg": JPEG, ".png": PNG, ".pdf": PDF, ".xlsx": XLSX, ".docx": DOCX}
KIND_NAMES = {JPEG: "JPEG", PNG: "PNG", PDF: "PDF", XLSX: "Excel (XLSX)", DOCX: "Word (DOCX)"}
# Shown by the browser (inline) rather than downloaded.
INLINE_TYPES = frozenset({JPEG, PNG, PDF})
ACCEPT = ",".join(
    dict.fromkeys([*EXTENSIONS, *EXTENSIONS.values()])
)  # for <input type="file" accept=…>

_SIGNATURES = ((b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG), (b"%PDF-", PDF))
_ZIP_SIGNATURE = b"PK\x03\x04"
# Office files: the member that must exist and the main content type that must be declared.
_OPENXML = "application/vnd.openxmlformats-officedocument"
_OFFICE = (
    (XLSX, "xl/workbook.xml", f"{_OPENXML}.spreadsheetml.sheet.main+xml"),
    (DOCX, "word/document.xml", f"{_OPENXML}.wordprocessingml.document.main+xml"),
)
_MAX_ZIP_MEMBERS = 10_000
_MAX_CONTENT_TYPES_BYTES = 256 * 1024

TYPE_NOT_ALLOWED = _(
    "“%(name)s” cannot be attached: only photos (JPEG, PNG), PDF, Excel (XLSX) and Word (DOCX) "
    "files are allowed."
)
CONTENT_MISMATCH = _(
    "“%(name)s” is refused: its content is not %(kind)s, as its name says. Check that the file "
    "is not damaged and has not been renamed."
)
TOO_LARGE = _("“%(name)s” is too large (%(size)s); a file may be at most %(limit)s.")
EMPTY = _("“%(name)s” is empty.")
SHORTENED = _("The file name “%(name)s” was too long; the file is kept as “%(short)s”.")
# Longer names are shortened, keeping the extension: a phone or a chat app can make names of
# hundreds of Thai characters, which no list shows and the database's 255 would cut anyway.
MAX_NAME_LENGTH = 100


@dataclass(frozen=True)
class CheckedFile:
    file: object  # the UploadedFile
    name: str  # the original name, as the user's device called it (shortened if too long)
    content_type: str  # as found in the content
    size: int
    long_name: str = ""  # the name as sent, when it had to be shortened


def short_name(name: str, *, limit: int = MAX_NAME_LENGTH) -> str:
    """``name`` if at most ``limit`` characters; else its beginning, "…" and its extension."""
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix
    suffix = suffix if len(suffix) <= 10 else ""
    return name[: limit - len(suffix) - 1].rstrip() + "…" + suffix


def shortened_notices(files: list[CheckedFile]) -> list[str]:
    """What to tell the user about the names that were shortened."""
    return [
        str(SHORTENED % {"name": short_name(f.long_name, limit=40), "short": f.name})
        for f in files
        if f.long_name
    ]


def sniff(file) -> str | None:
    """The allowed content type ``file`` holds, or None; the file's position is restored."""
    position = file.tell()
    try:
        file.seek(0)
        head = file.read(8)
        for signature, content_type in _SIGNATURES:
            if head.startswith(signature):
                return content_type
        if head.startswith(_ZIP_SIGNATURE):
            file.seek(0)
            return _office_type(file)
        return None
    finally:
        file.seek(position)


def _office_type(file) -> str | None:
    """XLSX or DOCX if the archive shows the member and the declared type of one; else None."""
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > _MAX_ZIP_MEMBERS:
                return None
            names = {member.filename: member for member in members}
            declared = names.get("[Content_Types].xml")
            if declared is None or declared.file_size > _MAX_CONTENT_TYPES_BYTES:
                return None
            with archive.open(declared) as stream:
                content_types = stream.read(_MAX_CONTENT_TYPES_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, OSError):
        return None  # damaged, encrypted or oddly compressed: not a file we accept
    if len(content_types) > _MAX_CONTENT_TYPES_BYTES:
        return None
    text = content_types.decode("utf-8", errors="replace")
    for content_type, member, main_type in _OFFICE:
        if member in names and main_type in text:
            return content_type
    return None


def check_upload(file, *, max_bytes: int | None = None) -> CheckedFile:
    """The file with its content type if it may be attached; else ValidationError saying why."""
    sent = PurePath(file.name or "").name
    name = short_name(sent)
    limit = settings.ATTACHMENT_MAX_BYTES if max_bytes is None else max_bytes
    params = {"name": name}
    if file.size > limit:
        params |= {"size": filesizeformat(file.size), "limit": filesizeformat(limit)}
        raise ValidationError(TOO_LARGE, code="too_large", params=params)
    if not file.size:
        raise ValidationError(EMPTY, code="empty", params=params)
    expected = EXTENSIONS.get(PurePath(name).suffix.lower())
    if expected is None:
        raise ValidationError(TYPE_NOT_ALLOWED, code="type", params=params)
    found = sniff(file)
    if found != expected:
        params |= {"kind": KIND_NAMES[expected]}
        raise ValidationError(CONTENT_MISMATCH, code="mismatch", params=params)
    long_name = sent if name != sent else ""
    return CheckedFile(file, name, found, file.size, long_name=long_name)
