"""One run of the generator: check the database, then centre after centre, COPY in chunks."""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.base import CommandError
from django.utils import timezone

from benchmarks.models import NationalDataset
from benchmarks.national.copy import CopyWriter, fast_load
from benchmarks.national.guard import check_database, remove_generated_data
from benchmarks.national.people import PeopleWriter, attach_demo_users
from benchmarks.national.plan import centre_plans, choose_centres, time_span
from benchmarks.national.registry import RegistryWriter
from benchmarks.national.work import WorkWriter
from centres.models import Centre


@dataclass(frozen=True)
class Result:
    centres: int
    rows: int
    load_seconds: float  # generating and COPYing, without the checks and demo users before


def build(*, scale: float, seed: int, limit: int | None, log: Callable[[str], None]) -> Result:
    if check_database():
        log("Replacing the data set generated before.")
        remove_generated_data()
    centres = list(
        Centre.objects.active()
        .order_by("district_id")
        .values_list("pk", "district_id", "district__province_id")
    )
    if not centres:
        raise CommandError("No centres: run load_geography and create_centres first.")
    chosen = choose_centres(centres, limit)
    if not attach_demo_users():
        log("Demo users skipped: their centres (5001, 4001) or province (50) are missing.")
    span = time_span()
    marker = NationalDataset.objects.create(
        seed=seed, scale=scale, centres=len(chosen), started_at=timezone.now()
    )
    started = time.monotonic()
    writer = CopyWriter()
    # Opened parents first: each flush then writes parents before children.
    people, registry = PeopleWriter(writer, span), RegistryWriter(writer, span)
    work = WorkWriter(writer, span)
    with fast_load():
        for done, plan in enumerate(centre_plans(chosen, scale, seed), start=1):
            rng = random.Random(f"{seed}-{plan.district}")
            team = people.team(rng, plan)
            reg = registry.centre(rng, plan, team)
            visits = work.centre_visits(rng, plan, team, reg)
            work.centre_requests(rng, plan, team, reg, visits)
            writer.maybe_flush()
            if done % 100 == 0:
                log(f"{done} of {len(chosen)} centres")
        rows = writer.finish()
    log(f"Waited {writer.waited:.1f} s for the database while generating.")
    for table in sorted(writer.tables.values(), key=lambda t: -t.written):
        log(f"  {table.name:<34} {table.written:>11,} rows  {table.seconds:7.1f} s in COPY")
    marker.finished_at, marker.rows = timezone.now(), rows
    marker.save(update_fields=["finished_at", "rows"])
    return Result(centres=len(chosen), rows=rows, load_seconds=time.monotonic() - started)
