import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.national.build import build
from reports.maintenance import rebuild


class Command(BaseCommand):
    help = (
        "Generate a national data set on PostgreSQL with COPY: every centre with its registry "
        "and five fiscal years of requests and visits. Runs only on an empty database or one it "
        "generated before (which it replaces). The dashboards' roll-ups are rebuilt at the end."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="1.0 is the full country (about 5,000,000 requests); 0.01 for a quick run",
        )
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument(
            "--centres",
            type=int,
            default=None,
            help="only this many centres (5001 and 4001, where the demo users work, always)",
        )

    def handle(self, *args, scale: float, seed: int, centres: int | None, **options) -> None:
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        if centres is not None and centres < 1:
            raise CommandError("--centres must be at least 1.")
        started = time.monotonic()
        result = build(scale=scale, seed=seed, limit=centres, log=self.stdout.write)
        seconds = time.monotonic() - started
        rate = result.rows / max(result.load_seconds, 0.001)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows:,} rows for {result.centres} centres in {seconds:.1f} s "
                f"(loading {result.load_seconds:.1f} s, {rate:,.0f} rows/s)"
            )
        )
        # COPY passes the signals that keep the roll-ups current: recount them from the rows.
        started = time.monotonic()
        figures = rebuild()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE reports_tally")
            cursor.execute("ANALYZE reports_backlog")
        self.stdout.write(
            f"{figures:,} roll-up figures rebuilt in {time.monotonic() - started:.1f} s"
        )
