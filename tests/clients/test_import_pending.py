"""Pending imports: the files between the upload and the confirmation (the rows, and the plan
made of them) keep only the cells of the template's columns, and they go when confirmed,
cancelled or stale."""

import os
import time
from io import StringIO

from django.core.management import call_command

from clients.imports.columns import PERSONS
from tests.clients.files import csv_file, fixtures, rows_of
from tests.clients.files.flow import confirm, upload

media = fixtures.media
places = fixtures.places

PERSON = {
    "first_name": "สมศรี",
    "last_name": "ใจดี",
    "subdistrict_code": "500101",
    "village_number": "3",
}


def _pending_files(media) -> list:
    folder = media / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def _uploads(media) -> list:
    """Each upload's files (its rows and its plan), oldest upload first."""
    by_token: dict[str, list] = {}
    for file in _pending_files(media):
        by_token.setdefault(file.stem, []).append(file)
    return sorted(by_token.values(), key=lambda files: min(f.stat().st_mtime_ns for f in files))


def _age(files, seconds: float) -> None:
    then = time.time() - seconds
    for file in files:
        os.utime(file, (then, then))


def test_it_keeps_only_the_cells_of_the_template_columns(client, staff, media, places):
    client.force_login(staff)
    rows = rows_of(PERSONS, [PERSON])
    rows[0].append("หมายเหตุส่วนตัว")
    rows[1].append("ข้อความยาว" * 1000)

    upload(client, csv_file(rows))

    [[pending, plan]] = _uploads(media)
    assert (pending.suffix, plan.suffix) == (".json", ".plan")
    stored = pending.read_text()
    assert "สมศรี" in stored
    assert "ข้อความยาว" not in stored
    assert pending.stat().st_size < 2_000
    assert "สมศรี".encode() in plan.read_bytes()
    assert "ข้อความยาว".encode() not in plan.read_bytes()


def test_confirming_removes_the_pending_file(client, staff, media, places):
    client.force_login(staff)
    token = upload(client, csv_file(rows_of(PERSONS, [PERSON])))

    assert confirm(client, token).status_code == 302

    assert _pending_files(media) == []


def test_the_command_removes_only_stale_pending_files(client, staff, media, places):
    client.force_login(staff)
    upload(client, csv_file(rows_of(PERSONS, [PERSON])))
    upload(client, csv_file(rows_of(PERSONS, [{**PERSON, "first_name": "สมหญิง"}])))
    stale, fresh = _uploads(media)
    _age(stale, 25 * 3600)
    out = StringIO()

    call_command("clear_stale_imports", stdout=out)

    assert _pending_files(media) == fresh
    assert out.getvalue().startswith("2 ")  # the rows and the plan


def test_the_command_takes_a_shorter_age(client, staff, media, places):
    client.force_login(staff)
    upload(client, csv_file(rows_of(PERSONS, [PERSON])))
    [pending] = _uploads(media)
    _age(pending, 3 * 3600)

    call_command("clear_stale_imports", "--hours", "2", stdout=StringIO())

    assert _pending_files(media) == []
