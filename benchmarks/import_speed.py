"""Measure the spreadsheet import, end to end, in rows per second and peak memory.

Run: ``.venv/bin/python -m benchmarks.import_speed [--rows 10000] [--tables groups,persons]
[--formats xlsx,csv] [--no-memory] [--again]`` (uses DATABASE_URL like the portal; it builds
a throwaway test database, never touching the real one).

It loads the geography, then for each table and format makes a centre of province 50 with
one staff member (each file meets a registry of its own), generates a valid file of
``--rows`` new rows (built before the clock starts; new villages among them) and, through
the portal's own views (Django's test Client: middleware, session,
``clients.views.spreadsheets``), uploads it, opens the preview's first page and confirms it.

It prints, per step: wall seconds and rows per second; this process's CPU seconds and the
seconds its queries took (SQLite's work is in the CPU time, PostgreSQL's in the query time),
and rows per second of that work (CPU on SQLite, CPU + SQL on PostgreSQL), the figure
that holds on a machine whose cores are not shared (on a loaded one the wall time also
counts the waits for a core); the number of queries; the peak memory as tracemalloc sees
it (a second run of the same steps on another file of new rows: tracemalloc slows Python
down several times). ``--again`` imports each
first file once more (every row unchanged: upload and preview, nothing to confirm). Timing
lives here, never in tests.
"""

import argparse
import csv
import io
import os
import sys
import time
import tracemalloc
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
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
from centres.models import Centre, District, Membership, Role, Subdistrict  # noqa: E402
from clients.imports.columns import GROUP_TABLE, PERSON_TABLE, Table  # noqa: E402
from clients.models import ClientGroup, Person  # noqa: E402
from portal.lib.thai_id import thai_id_check_digit  # noqa: E402

# Province 50: one centre a file, so that each import meets a registry of its own size.
DISTRICTS = ("5001", "5002", "5003", "5004", "5005", "5006", "5007", "5008")
MB = 1024 * 1024


def thai_id(n: int) -> str:
    first = f"3{n:011d}"
    return first + str(thai_id_check_digit(first))


def group_record(n: int, codes: list[str], run: int) -> dict[str, str]:
    return {
        "kind": "กลุ่มออมทรัพย์เพื่อการผลิต" if n % 2 else "กลุ่มอาชีพ",
        "name": f"กลุ่มทอผ้าบ้านทดสอบ {run}-{n}",
        "registration_number": f"ชม.{run:02d}{n:05d}/2550" if n % 3 else "",
        "subdistrict_code": codes[n % len(codes)],
        "village_number": str(n % 20 + 1),
        "village_name": f"บ้านทดสอบ{n % 20 + 1}",
        "founded_on": f"{n % 28 + 1:02d}/06/2550",
        "status": "ดำเนินการอยู่",
        "contact_name": "นางสมศรี ใจดี",
        "contact_phone": f"08{n % 100_000_000:08d}",
        "member_count": str(n % 90 + 5),
        "main_activity": "ออมเงินและให้กู้ยืมเพื่อการผลิต ทอผ้าไหม",
    }


def person_record(n: int, codes: list[str], run: int) -> dict[str, str]:
    return {
        "title": "นาง" if n % 2 else "นาย",
        "first_name": f"สมศรี{run}x{n}",
        "last_name": "ใจดี",
        "national_id": thai_id(run * 10_000_000 + n),
        "phone": f"08{n % 100_000_000:08d}",
        "birth_year": str(2480 + n % 60),
        "gender": "หญิง" if n % 2 else "ชาย",
        "subdistrict_code": codes[n % len(codes)],
        "village_number": str(n % 20 + 1),
        "occupation": "ทำนา",
        "consent_on": "01/11/2568",
    }


TABLES = {"groups": (GROUP_TABLE, group_record), "persons": (PERSON_TABLE, person_record)}


def rows_of(table: Table, make, count: int, codes: list[str], run: int) -> list[list[str]]:
    keys = [column.key for column in table.columns]
    rows = [[column.header for column in table.columns]]
    for n in range(count):
        record = make(n, codes, run)
        rows.append([record.get(key, "") for key in keys])
    return rows


def xlsx_file(table: Table, rows: list[list[str]]) -> tuple[str, bytes]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.sheet)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"{table.key}.xlsx", buffer.getvalue()


def csv_file(table: Table, rows: list[list[str]]) -> tuple[str, bytes]:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return f"{table.key}.csv", ("\ufeff" + buffer.getvalue()).encode()


FORMATS = {"xlsx": xlsx_file, "csv": csv_file}


class Step:
    """One step's wall and CPU seconds, queries and (when traced) peak memory."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0
        self.queries = 0
        self.sql = 0.0  # seconds spent waiting on the database, as Django times each query
        self.peak = 0


def timed(step: Step, action, *, trace: bool):
    with CaptureQueriesContext(connection) as queries:
        if trace:
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
        start, cpu = time.perf_counter(), time.process_time()
        result = action()
        step.wall, step.cpu = time.perf_counter() - start, time.process_time() - cpu
        if trace:
            step.peak = tracemalloc.get_traced_memory()[1] - base
    step.queries = len(queries)
    step.sql = sum(float(query["time"]) for query in queries.captured_queries)
    return result


def import_file(
    client: Client, name: str, content: bytes, *, trace: bool, changes: bool = True
) -> list[Step]:
    """Upload, preview, confirm: the three requests a user makes (a file that changes
    nothing has no confirmation to make: its preview says so, and the step is empty)."""
    upload, preview, confirm = Step(), Step(), Step()

    def post_file():
        response = client.post(
            reverse("clients:import"), {"file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 302, (response.status_code, response.content[:2000])
        return response.url.rstrip("/").rsplit("/", 1)[-1]

    token = timed(upload, post_file, trace=trace)
    response = timed(
        preview, lambda: client.get(reverse("clients:import-preview", args=[token])), trace=trace
    )
    assert response.status_code == 200, response.status_code
    plan = response.context["plan"]
    assert plan.is_valid and plan.changes_anything == changes, plan.errors[:3]
    if not changes:
        return [upload, preview, confirm]
    response = timed(
        confirm, lambda: client.post(reverse("clients:import-confirm", args=[token])), trace=trace
    )
    assert response.status_code == 302 and response.url == reverse("clients:import-result"), (
        response.status_code
    )
    return [upload, preview, confirm]


def report(label: str, rows: int, steps: list[Step], traced: list[Step] | None) -> None:
    total = Step()
    total.wall = sum(s.wall for s in steps)
    total.cpu = sum(s.cpu for s in steps)
    total.queries = sum(s.queries for s in steps)
    total.sql = sum(s.sql for s in steps)
    total.peak = max(s.peak for s in traced) if traced else 0
    names = ("upload", "preview", "confirm", "end to end")
    for index, (name, step) in enumerate(zip(names, [*steps, total], strict=True)):
        peak = (traced[index].peak if index < 3 else total.peak) if traced else 0
        memory = f"{peak / MB:>9.1f}" if traced else f"{'-':>9}"
        if not step.wall:  # a step not taken
            continue
        work = step.cpu if connection.vendor == "sqlite" else step.cpu + step.sql
        print(
            f"{label + ': ' + name:<28}{rows:>7}{step.wall:>8.2f}{rows / step.wall:>9.0f}"
            f"{step.cpu:>7.2f}{step.sql:>7.2f}{rows / max(work, 1e-6):>9.0f}"
            f"{step.queries:>8}{memory}"
        )


def staff_at(district_code: str):
    """A staff member of a new centre at this district, and the district's subdistricts."""
    district = District.objects.get(code=district_code)
    centre, _created = Centre.objects.get_or_create(
        district=district, defaults={"name": f"ศูนย์ฯ {district.name_th}"}
    )
    user = get_user_model().objects.create_user(f"import-bench-{district_code}", password=None)
    Membership.objects.create(user=user, centre=centre, role=Role.STAFF)
    codes = list(
        Subdistrict.objects.filter(district=district)
        .order_by("code")
        .values_list("code", flat=True)
    )
    return user, codes


def run(args) -> None:
    call_command("load_geography", stdout=StringIO())
    districts = iter(DISTRICTS)
    print(f"{connection.vendor}, {args.rows} rows a file, each file at a centre of its own")
    print(
        f"{'step':<28}{'rows':>7}{'wall s':>8}{'rows/s':>9}{'cpu s':>7}{'sql s':>7}"
        f"{'rows/s':>9}{'queries':>8}{'peak MB':>9}"
    )
    run_number = 1
    for table_key in args.tables:
        table, make = TABLES[table_key]
        for fmt in args.formats:
            user, codes = staff_at(next(districts))
            client = Client()
            client.force_login(user)
            files = []
            for _pass in range(1 if args.no_memory else 2):
                rows = rows_of(table, make, args.rows, codes, run_number)
                files.append(FORMATS[fmt](table, rows))
                run_number += 1
            steps = import_file(client, *files[0], trace=False)
            traced = None
            if not args.no_memory:
                tracemalloc.start()
                try:
                    traced = import_file(client, *files[1], trace=True)
                finally:
                    tracemalloc.stop()
            report(f"{table_key} .{fmt}", args.rows, steps, traced)
            if args.again:
                again = import_file(client, *files[0], trace=False, changes=False)
                report(f"{table_key} .{fmt} again", args.rows, again, None)
    created = ClientGroup.objects.count(), Person.objects.count()
    print(f"registry after the runs: {created[0]} groups, {created[1]} persons")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--tables", type=lambda s: s.split(","), default=list(TABLES))
    parser.add_argument("--formats", type=lambda s: s.split(","), default=list(FORMATS))
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    parser.add_argument(
        "--again", action="store_true", help="import each first file once more (all unchanged)"
    )
    args = parser.parse_args()

    with throwaway_database():
        run(args)


if __name__ == "__main__":
    main()
