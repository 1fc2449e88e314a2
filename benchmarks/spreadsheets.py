"""Measure the spreadsheet exports and the import in rows per second.

Run: ``.venv/bin/python benchmarks/spreadsheets.py [--export-rows 20000] [--import-rows 10000]``
(uses DATABASE_URL like the portal; it builds a throwaway test database, never touching the
real one). It loads the demo data plus ``--export-rows`` groups, persons and requests at
centre 5001, then, as the demo's staff member of 5001:

- downloads each export (groups, persons, requests; CSV and XLSX) and reads it to the end;
- imports a generated file of ``--import-rows`` new persons (XLSX, then CSV): upload, the
  preview's first page, confirm; then the same file again (every row unchanged).

It prints seconds, rows per second and the number of queries of each step. Timing lives
here, never in tests; tests pin query counts and memory bounds instead.
"""

import argparse
import csv
import io
import os
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
)
from django.urls import reverse  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from benchmarks.testdb import throwaway_database  # noqa: E402
from centres.models import Centre, Subdistrict, Village  # noqa: E402
from clients.imports.columns import PERSON_TABLE  # noqa: E402
from clients.models import ClientGroup, GroupKind, Person  # noqa: E402
from portal.lib.thai_id import thai_id_check_digit  # noqa: E402
from services.models import ServiceRequest  # noqa: E402

BATCH = 1000


def thai_id(n: int) -> str:
    first = f"3{n:011d}"
    return first + str(thai_id_check_digit(first))


def add_rows(count: int) -> None:
    """``count`` more groups, persons and requests at centre 5001, in bulk."""
    centre = Centre.objects.get(district_id="5001")
    villages = list(Village.objects.filter(subdistrict__district_id="5001")[:50])
    groups = [
        ClientGroup(
            centre=centre,
            kind=GroupKind.OCCUPATIONAL,
            name=f"กลุ่มทดสอบการส่งออก {n}",
            village=villages[n % len(villages)],
            contact_phone="0812345678",
            member_count=n % 90,
            main_activity="ทอผ้าไหม ขายในตลาดชุมชน",
        )
        for n in range(count)
    ]
    ClientGroup.objects.bulk_create(groups, batch_size=BATCH)
    persons = [
        Person(
            centre=centre,
            title="mrs",
            first_name=f"สมศรีส่งออก{n}",
            last_name="ใจดี",
            national_id=thai_id(900_000_000 + n),
            phone="0812345678",
            birth_year=2480 + n % 60,
            village=villages[n % len(villages)],
        )
        for n in range(count)
    ]
    Person.objects.bulk_create(persons, batch_size=BATCH)
    _add_requests(centre, count)


def _add_requests(centre: Centre, count: int) -> None:
    template = ServiceRequest.objects.filter(centre=centre).first()
    fields = [f for f in ServiceRequest._meta.concrete_fields if not f.primary_key]
    values = {f.attname: getattr(template, f.attname) for f in fields}
    start = 50_000
    requests = []
    for n in range(count):
        sequence = start + n
        reference = f"5001-{template.fiscal_year}-{sequence:05d}"
        requests.append(ServiceRequest(**{**values, "sequence": sequence, "reference": reference}))
    ServiceRequest.objects.bulk_create(requests, batch_size=BATCH)


def timed(step):
    """The step's result, wall and CPU seconds (this process's: on PostgreSQL the server's
    work is in the wall time only), and its number of queries."""
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        start, cpu = time.perf_counter(), time.process_time()
        result = step()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return result, (seconds, cpu), len(queries)


def report(label: str, rows: int, seconds: tuple[float, float], queries: int) -> None:
    wall, cpu = seconds
    print(
        f"{label:<36}{rows:>8}{wall:>8.2f}{rows / wall:>9.0f}{cpu:>8.2f}{rows / cpu:>9.0f}"
        f"{queries:>8}"
    )


def download(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    size = 0
    if response.streaming:
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    response.close()
    return size


def _export_url(name: str, fmt: str) -> str:
    if name == "requests":
        return reverse("services:request-export") + f"?format={fmt}"
    return reverse(f"clients:{name[:-1]}-export", args=[fmt])


def measure_exports(client: Client, user) -> None:
    exports = [
        ("groups", ClientGroup.objects.visible_to(user)),
        ("persons", Person.objects.visible_to(user)),
        ("requests", ServiceRequest.objects.visible_to(user)),
    ]
    for name, queryset in exports:
        rows = queryset.count()
        for fmt in ("csv", "xlsx"):
            url = _export_url(name, fmt)
            _, seconds, queries = timed(lambda url=url: download(client, url))
            report(f"export {name} .{fmt}", rows, seconds, queries)


def person_records(count: int, subdistricts: list[str], *, name: str, first_id: int) -> list[list]:
    headers = [column.header for column in PERSON_TABLE.columns]
    keys = [column.key for column in PERSON_TABLE.columns]
    rows = [headers]
    for n in range(count):
        record = {
            "title": "นาง",
            "first_name": f"{name}{n}",
            "last_name": "ใจดี",
            "national_id": thai_id(first_id + n),
            "phone": f"08{n % 100_000_000:08d}",
            "birth_year": str(2480 + n % 60),
            "gender": "หญิง",
            "subdistrict_code": subdistricts[n % len(subdistricts)],
            "village_number": str(n % 20 + 1),
            "occupation": "ทำนา",
            "consent_on": "01/11/2568",
        }
        rows.append([record.get(key, "") for key in keys])
    return rows


def xlsx_upload(rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("บุคคล")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("persons.xlsx", buffer.getvalue())


def csv_upload(rows: list[list]) -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile("persons.csv", ("\ufeff" + buffer.getvalue()).encode())


def import_once(client: Client, label: str, file: SimpleUploadedFile, rows: int) -> None:
    """The file is built beforehand: only the portal's work is timed."""
    content = file.read()

    def post():
        upload = SimpleUploadedFile(file.name, content)
        response = client.post(reverse("clients:import"), {"file": upload})
        assert response.status_code == 302, response.status_code
        return response.url.rstrip("/").rsplit("/", 1)[-1]

    token, up_s, up_q = timed(post)
    preview_url = reverse("clients:import-preview", args=[token])
    _, pre_s, pre_q = timed(lambda: client.get(preview_url))
    confirm_url = reverse("clients:import-confirm", args=[token])
    response, con_s, con_q = timed(lambda: client.post(confirm_url))
    assert response.status_code == 302 and response.url == reverse("clients:import-result")
    report(f"import {label}: upload", rows, up_s, up_q)
    report(f"import {label}: preview", rows, pre_s, pre_q)
    report(f"import {label}: confirm", rows, con_s, con_q)
    total = (up_s[0] + pre_s[0] + con_s[0], up_s[1] + pre_s[1] + con_s[1])
    report(f"import {label}: end to end", rows, total, up_q + pre_q + con_q)


def measure_import(client: Client, count: int) -> None:
    codes = list(
        Subdistrict.objects.filter(district_id="5001")
        .order_by("code")
        .values_list("code", flat=True)
    )
    for fmt, make, first_id in (
        ("xlsx", xlsx_upload, 800_000_000),
        ("csv", csv_upload, 700_000_000),
    ):
        rows = person_records(count, codes, name=f"สมศรี{fmt}", first_id=first_id)
        file = make(rows)
        import_once(client, f".{fmt}, new", file, count)
        file.seek(0)
        import_once(client, f".{fmt}, unchanged", file, count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--export-rows", type=int, default=20_000)
    parser.add_argument("--import-rows", type=int, default=10_000)
    args = parser.parse_args()

    with throwaway_database():
        call_command("seed_demo", force=True, stdout=StringIO())
        add_rows(args.export_rows)
        print(f"{connection.vendor}, {args.export_rows} extra rows of each list at 5001")
        print(
            f"{'step':<36}{'rows':>8}{'wall s':>8}{'rows/s':>9}{'cpu s':>8}{'rows/s':>9}"
            f"{'queries':>8}"
        )
        from django.contrib.auth import get_user_model

        staff = get_user_model().objects.get(username="staff")
        client = Client()
        client.force_login(staff)  # django-axes refuses client.login() without a request
        measure_exports(client, staff)
        measure_import(client, args.import_rows)


if __name__ == "__main__":
    main()
