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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402

from centres.demo import DEMO_PASSWORD, seed_centres, seed_users  # noqa: E402
from centres.geography import create_missing_centres  # noqa: E402


def pages() -> list[tuple[str, str, str]]:
    """(label, user, url) for every page worth measuring."""
    return [
        ("login page", "", reverse("login")),
        ("centre home (staff)", "staff", reverse("centres:centre-home", args=["5001"])),
        ("centre list (admin, 928)", "admin", reverse("centres:centre-list")),
        ("centre list search", "admin", reverse("centres:centre-list") + "?q=เมือง"),
        ("centre list (province)", "province", reverse("centres:centre-list")),
    ]


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    timings = []
    for _ in range(repeat):
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
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        seed_centres()
        create_missing_centres()
        seed_users()
        print(f"{connection.vendor}, {args.repeat} requests per page")
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
