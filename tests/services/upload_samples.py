"""Tiny real files of every allowed kind, and forgeries, built in memory for the upload tests."""

import io
import zipfile

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 13 + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 20
JPEG += b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48
TEXT = "สวัสดี ไม่ใช่รูปภาพ\n".encode()

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "ยอดขาย"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (members or {"notes.txt": "not an office file"}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    """An uploaded file as the browser sends it; the declared type is never trusted."""
    return SimpleUploadedFile(name, content, content_type=content_type)


ALLOWED = {
    "photo.png": (PNG, "image/png"),
    "photo.jpg": (JPEG, "image/jpeg"),
    "photo.JPEG": (JPEG, "image/jpeg"),
    "report.pdf": (PDF, "application/pdf"),
    "figures.xlsx": (xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "letter.docx": (
        docx(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}
