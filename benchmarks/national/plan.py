"""How big the data set is: each centre's size from the scale, and the five fiscal years."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from portal.lib.fiscal import fiscal_year, fiscal_year_range

# Full scale (--scale 1.0), per centre: requests between these, about 5,000,000 over the
# country's 928 centres; the other tables follow each centre's size.
FEWEST_REQUESTS, MOST_REQUESTS = 2_000, 10_000
SKEW = 1.36  # most centres are small: the mean lands near 5,400 requests a centre
GROUPS_PER_REQUEST = 0.06  # ≈ 300,000 groups
PERSONS_PER_REQUEST = 0.2  # ≈ 1,000,000 persons
VISITS_PER_REQUEST = 0.2  # ≈ 1,000,000 visits
FISCAL_YEARS = 5  # the current one and the four before it
# The demo users work here: the head, staff and committee at 5001, the outsider at 4001.
LARGE_CENTRE = "5001"
DEMO_CENTRES = ("5001", "4001")


@dataclass(frozen=True)
class CentrePlan:
    centre_id: int
    district: str
    province: str
    requests: int
    groups: int
    persons: int
    visits: int
    staff: int  # workers besides the head


@dataclass(frozen=True)
class Span:
    """From the first day of the oldest fiscal year to now (Bangkok time)."""

    start: datetime
    now: datetime
    years: tuple[int, ...]

    @property
    def seconds(self) -> float:
        return (self.now - self.start).total_seconds()


def time_span(now: datetime | None = None) -> Span:
    now = timezone.localtime(now or timezone.now())
    current = fiscal_year(now.date())
    first_day, _ = fiscal_year_range(current - FISCAL_YEARS + 1)
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=now.tzinfo)
    return Span(start, now, tuple(range(current - FISCAL_YEARS + 1, current + 1)))


def centre_plans(centres: list[tuple[int, str, str]], scale: float, seed: int) -> list[CentrePlan]:
    """One plan per (centre id, district code, province code), deterministic for the seed."""
    return [_plan(random.Random(f"{seed}-size-{c[1]}"), *c, scale=scale) for c in centres]


def _plan(rng: random.Random, centre_id: int, district: str, province: str, *, scale: float):
    share = 1.0 if district == LARGE_CENTRE else rng.random() ** SKEW
    full = FEWEST_REQUESTS + (MOST_REQUESTS - FEWEST_REQUESTS) * share
    requests = max(1, round(full * scale))
    return CentrePlan(
        centre_id=centre_id,
        district=district,
        province=province,
        requests=requests,
        groups=max(1, round(requests * GROUPS_PER_REQUEST)),
        persons=max(2, round(requests * PERSONS_PER_REQUEST)),
        visits=max(1, round(requests * VISITS_PER_REQUEST)),
        staff=2 + round(3 * share),
    )


def choose_centres(all_centres: list, limit: int | None) -> list:
    """All centres, or the first ``limit`` of them with the demo centres always among them."""
    if limit is None or limit >= len(all_centres):
        return all_centres
    demo = [c for c in all_centres if c[1] in DEMO_CENTRES]
    rest = [c for c in all_centres if c[1] not in DEMO_CENTRES]
    return sorted(demo + rest[: max(0, limit - len(demo))], key=lambda c: c[1])


def office_time(rng: random.Random, span: Span, day_offset: float) -> datetime:
    """A moment in office hours on a weekday, ``day_offset`` days after the span starts."""
    day = (span.start + timedelta(days=day_offset)).date()
    if day.weekday() >= 5:  # to the Monday: going back could leave the oldest fiscal year
        day += timedelta(days=7 - day.weekday())
    minutes = 8 * 60 + 30 + rng.randrange(8 * 60)
    moment = datetime.combine(day, datetime.min.time(), tzinfo=span.start.tzinfo)
    return min(moment + timedelta(minutes=minutes), span.now)
