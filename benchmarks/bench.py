"""Measure the portal's pages: median and 95th-percentile time and query count per page.

Run: ``.venv/bin/python benchmarks/bench.py [--repeat 50]`` (uses DATABASE_URL like the
portal; it builds a throwaway test database, never touching the real one). Timing lives here,
never in tests; tests pin query counts instead.
"""

import argparse
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402

from centres.demo import DEMO_PASSWORD  # noqa: E402
from centres.geography import create_missing_centres  # noqa: E402
from centres.models import Centre  # noqa: E402
from clients.models import ClientGroup  # noqa: E402
from services.models import ServiceRequest  # noqa: E402


def add_rows(count: int) -> None:
    """``count`` more groups and requests at centre 5001, copied from the demo's, in bulk."""
    centre = Centre.objects.get(district_id="5001")
    group = ClientGroup.objects.filter(centre=centre).first()
    template = ServiceRequest.objects.filter(centre=centre).first()
    groups = [
        ClientGroup(centre=centre, kind=group.kind, name=f"กลุ่มทดสอบ {n}", village=group.village)
        for n in range(count)
    ]
    ClientGroup.objects.bulk_create(groups, batch_size=500)
    start = ServiceRequest.objects.filter(centre=centre, fiscal_year=template.fiscal_year).count()
    requests = []
    for n in range(count):
        copy = ServiceRequest.objects.get(pk=template.pk)
        copy.pk = None
        copy.sequence = start + n + 1000
        copy.reference = f"5001-{copy.fiscal_year}-{copy.sequence:05d}"
        requests.append(copy)
    ServiceRequest.objects.bulk_create(requests, batch_size=500)


def pages() -> list[tuple[str, str, str]]:
    """(label, user, url) for every page worth measuring."""
    group = ClientGroup.objects.filter(centre__district_id="5001").order_by("pk").first()
    request = ServiceRequest.objects.filter(centre__district_id="5001").order_by("pk").first()
    return [
        ("login page", "", reverse("login")),
        ("centre home (staff)", "staff", reverse("centres:centre-home", args=["5001"])),
        ("centre list (admin, 928)", "admin", reverse("centres:centre-list")),
        ("centre list search", "admin", reverse("centres:centre-list") + "?q=เมือง"),
        ("my work (staff)", "staff", reverse("services:my-work")),
        ("request list (staff)", "staff", reverse("services:request-list")),
        ("request list, filtered", "staff", reverse("services:request-list") + "?status=open"),
        ("request detail", "staff", request.get_absolute_url()),
        ("visit list", "staff", reverse("services:visit-list")),
        ("group list (staff)", "staff", reverse("clients:group-list")),
        ("group list search", "staff", reverse("clients:group-list") + "?q=กลุ่ม"),
        ("group detail", "staff", group.get_absolute_url()),
        ("person list (staff)", "staff", reverse("clients:person-list")),
    ]


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    timings = []
    for _ in range(repeat):
        connection.queries_log.clear()  # a full log (9,000 entries) would hide the count
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--rows", type=int, default=2000, help="extra groups and requests at centre 5001"
    )
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("seed_demo", force=True, stdout=StringIO())
        create_missing_centres()
        add_rows(args.rows)
        print(f"{connection.vendor}, {args.rows} extra rows, {args.repeat} requests per page")
        print(f"{'page':<28}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
        clients: dict[str, Client] = {}
        for label, username, url in pages():
            client = clients.setdefault(username, Client())
            if username and not client.session.get("_auth_user_id"):
                client.login(username=username, password=DEMO_PASSWORD)
            median, p95, queries = measure(client, url, args.repeat)
            print(f"{label:<28}{median:>10.1f}{p95:>10.1f}{queries:>9}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
