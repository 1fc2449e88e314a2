"""A background export at national scale: its worker's memory, its speed and its first row
(issue 12: memory flat, at most 100 MB of worker at 1,000,000 rows; the first byte within a
second).

Run it against a ``seed_national`` data set (docs/national-data.md)::

    DATABASE_URL=postgres://postgres@127.0.0.1:PORT/portal .venv/bin/python \\
        -m benchmarks.export_memory [--kind requests] [--format csv] [--query fiscal_year=2569]

It writes the file exactly as ``manage.py db_worker`` does (``reports.jobs``: the list as the
user sees it, their filters, to a temporary file then the storage), as the demo administrator
(the whole country), in this process, and prints the rows, the seconds to the first row and to
the end, rows per second, and the process's resident memory before and at its peak
(``ru_maxrss``). The written file is deleted afterwards.

With ``--web`` it downloads the list's export as a centre's staff do instead (``--user
staff``: the streamed response of ``services:request-export`` through Django's test client,
read to its last byte), timing the first byte.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def resident_mb() -> float:
    """The process's peak resident memory so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", default="requests", help="requests, groups, persons or visits")
    parser.add_argument("--format", default="csv", choices=["csv", "xlsx"])
    parser.add_argument("--query", default="fiscal_year=2569", help="the list's filters")
    parser.add_argument("--user", default="admin", help="whose export (scope and filters)")
    parser.add_argument("--web", action="store_true", help="the streamed download instead")
    args = parser.parse_args()

    from benchmarks.load import _environment

    os.environ.update(_environment(static_root="/nonexistent"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.storage import default_storage
    from django.db import connection

    from reports.jobs import job_source, write_file
    from reports.models import ExportJob

    if connection.vendor != "postgresql":
        raise SystemExit("DATABASE_URL must point at PostgreSQL holding a seed_national data set")
    user = get_user_model().objects.get(username=args.user)
    if args.web:
        return download(user, args)
    job = ExportJob(
        user=user,
        kind=args.kind,
        format=args.format,
        query=args.query,
        national=user.is_superuser,
        scope=[],
    )
    source = job_source(job)
    before = resident_mb()
    started = time.perf_counter()
    first_row: list[float] = []
    last_row: list[float] = []
    count = 0

    def timed(rows):
        nonlocal count
        for row in rows:
            if not first_row:
                first_row.append(time.perf_counter() - started)
            count += 1
            yield row
        last_row.append(time.perf_counter() - started)

    source.sheet.rows = timed(source.sheet.rows)
    name, size = write_file(job, source)
    seconds = time.perf_counter() - started
    default_storage.delete(name)
    print(f"{args.kind}.{args.format}?{args.query} as {args.user}")
    print(f"rows {count:,}, file {size / 1e6:,.1f} MB")
    print(f"first row after {first_row[0] if first_row else float('nan'):.2f} s")
    print(f"last row after {last_row[0] if last_row else float('nan'):,.1f} s (then stored)")
    print(f"all in {seconds:,.1f} s: {count / seconds:,.0f} rows/s")
    print(f"resident memory: {before:,.0f} MB before, peak {resident_mb():,.0f} MB")
    return 0


def download(user, args) -> int:
    """The streamed export as its user downloads it: first byte, rows, memory."""
    from django.test import Client
    from django.urls import reverse

    urls = {"requests": "services:request-export", "visits": "services:visit-export"}
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    url = f"{reverse(urls[args.kind])}?format={args.format}&{args.query}"
    before = resident_mb()
    started = time.perf_counter()
    response = client.get(url)
    first_byte, size, lines = None, 0, 0
    for chunk in response.streaming_content:
        if first_byte is None:
            first_byte = time.perf_counter() - started
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    print(f"{url} as {args.user}: {response.status_code}")
    print(f"{lines:,} lines, {size / 1e6:,.1f} MB; first byte after {first_byte:.2f} s")
    print(f"all in {seconds:,.1f} s: {lines / seconds:,.0f} lines/s")
    print(f"resident memory: {before:,.0f} MB before, peak {resident_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
