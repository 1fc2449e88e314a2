"""Pending imports: the file between the preview and the confirmation keeps only the cells of
the template's columns, and it goes when confirmed, cancelled or stale."""

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


def test_it_keeps_only_the_cells_of_the_template_columns(client, staff, media, places):
    client.force_login(staff)
    rows = rows_of(PERSONS, [PERSON])
    rows[0].append("หมายเหตุส่วนตัว")
    rows[1].append("ข้อความยาว" * 1000)

    upload(client, csv_file(rows))

    [pending] = _pending_files(media)
    stored = pending.read_text()
    assert "สมศรี" in stored
    assert "ข้อความยาว" not in stored
    assert pending.stat().st_size < 2_000


def test_confirming_removes_the_pending_file(client, staff, media, places):
    client.force_login(staff)
    token = upload(client, csv_file(rows_of(PERSONS, [PERSON])))

    assert confirm(client, token).status_code == 302

    assert _pending_files(media) == []


def test_the_command_removes_only_stale_pending_files(client, staff, media, places):
    client.force_login(staff)
    upload(client, csv_file(rows_of(PERSONS, [PERSON])))
    upload(client, csv_file(rows_of(PERSONS, [{**PERSON, "first_name": "สมหญิง"}])))
    stale, fresh = _pending_files(media)
    day_ago = time.time() - 25 * 3600
    os.utime(stale, (day_ago, day_ago))
    out = StringIO()

    call_command("clear_stale_imports", stdout=out)

    assert _pending_files(media) == [fresh]
    assert out.getvalue().startswith("1 ")


def test_the_command_takes_a_shorter_age(client, staff, media, places):
    client.force_login(staff)
    upload(client, csv_file(rows_of(PERSONS, [PERSON])))
    [pending] = _pending_files(media)
    hours_ago = time.time() - 3 * 3600
    os.utime(pending, (hours_ago, hours_ago))

    call_command("clear_stale_imports", "--hours", "2", stdout=StringIO())

    assert _pending_files(media) == []
