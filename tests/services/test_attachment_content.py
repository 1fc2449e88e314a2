"""Attachments are checked by what they hold: the allowed kinds pass, forgeries and oversized
files are refused with a message that names the file."""

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from services.uploads import check_upload, sniff
from tests.services.upload_samples import ALLOWED, EXE, JPEG, PDF, PNG, TEXT, docx, plain_zip
from tests.services.upload_samples import upload as make


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_it_accepts_each_allowed_kind_by_its_content(name):
    content, content_type = ALLOWED[name]
    checked = check_upload(make(name, content))
    assert checked.content_type == content_type
    assert checked.name == name
    assert checked.size == len(content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.pdf", PNG),  # a PNG renamed .pdf
        ("photo.jpg", TEXT),  # text named .jpg
        ("setup.jpg", EXE),  # a program named .jpg
        ("scan.png", JPEG),  # a JPEG named .png
        ("report.docx", PDF),  # a PDF named .docx
        ("figures.xlsx", plain_zip()),  # a zip that is no office file
        ("figures.xlsx", docx()),  # a Word file named .xlsx
        ("letter.docx", ALLOWED["figures.xlsx"][0]),  # an Excel file named .docx
    ],
)
def test_it_refuses_content_that_does_not_match_the_extension(name, content):
    with pytest.raises(ValidationError) as caught:
        check_upload(make(name, content, content_type="image/jpeg"))
    assert caught.value.code == "mismatch"
    assert name in caught.value.messages[0]


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "photo.gif", "notes", "data.zip"])
def test_it_refuses_kinds_that_are_not_allowed_whatever_they_hold(name):
    with pytest.raises(ValidationError) as caught:
        check_upload(make(name, PNG))
    assert caught.value.code == "type"


def test_it_refuses_a_file_over_the_limit_and_says_the_limit():
    with pytest.raises(ValidationError) as caught:
        check_upload(make("photo.png", PNG + b"0" * 100), max_bytes=64)
    assert caught.value.code == "too_large"
    assert "64" in caught.value.messages[0]


@override_settings(ATTACHMENT_MAX_BYTES=32)
def test_it_takes_the_limit_from_the_settings():
    with pytest.raises(ValidationError):
        check_upload(make("photo.png", PNG))


def test_the_default_limit_is_ten_megabytes(settings):
    assert settings.ATTACHMENT_MAX_BYTES == 10 * 1024 * 1024


def test_it_refuses_an_empty_file():
    with pytest.raises(ValidationError) as caught:
        check_upload(make("photo.png", b""))
    assert caught.value.code == "empty"


def test_it_refuses_a_macro_workbook_named_xlsx():
    content_types = (
        '<Types><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
    )
    archive = plain_zip(**{"[Content_Types].xml": content_types, "xl/workbook.xml": "<w/>"})
    with pytest.raises(ValidationError):
        check_upload(make("figures.xlsx", archive))


def test_it_does_not_read_an_oversized_content_types_member():
    huge = "<Types>" + " " * 300_000 + "wordprocessingml.document.main+xml</Types>"
    archive = plain_zip(**{"[Content_Types].xml": huge, "word/document.xml": "<w/>"})
    assert sniff(make("letter.docx", archive)) is None


def test_it_refuses_a_damaged_archive():
    damaged = docx()[:40]
    assert sniff(make("letter.docx", damaged)) is None


def test_it_refuses_an_archive_with_too_many_members():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "wordprocessingml.document.main+xml")
        archive.writestr("word/document.xml", "<w/>")
        for n in range(10_001):
            archive.writestr(f"x/{n}", "")
    assert sniff(make("letter.docx", buffer.getvalue())) is None


def test_sniffing_leaves_the_file_where_it_was():
    file = make("photo.png", PNG)
    file.seek(3)
    assert sniff(file) == "image/png"
    assert file.tell() == 3


def _settings_with(**variables: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings", "DJANGO_DEBUG": "true", **variables})
    code = "from django.conf import settings; print(settings.ATTACHMENT_MAX_BYTES)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_limit_is_read_from_the_environment_in_megabytes():
    result = _settings_with(DJANGO_ATTACHMENT_MAX_MB="3")
    assert result.stdout.strip() == str(3 * 1024 * 1024)


@pytest.mark.parametrize("value", ["0", "ten"])
def test_a_bad_limit_stops_start_up(value):
    result = _settings_with(DJANGO_ATTACHMENT_MAX_MB=value)
    assert result.returncode != 0
    assert "DJANGO_ATTACHMENT_MAX_MB" in result.stderr
