"""The roll-ups against a recount from the raw rows, with the same rules (reports/rules.py)."""

from collections.abc import Collection
from decimal import Decimal

from django.utils import timezone

from centres.models import Centre
from reports.models import Backlog, Tally
from reports.rules import FAMILIES, as_of, backlog_of


def stored(centre_ids: Collection[int] | None, years: Collection[int] | None) -> dict:
    cells = Tally.objects.all()
    if centre_ids is not None:
        cells = cells.filter(centre_id__in=list(centre_ids))
    if years is not None:
        cells = cells.filter(fiscal_year__in=list(years))
    return {
        (c, y, m, measure): value
        for c, y, m, measure, value in cells.values_list(
            "centre_id", "fiscal_year", "month", "measure", "value"
        ).iterator(5000)
    }


def recounted(centre_ids: Collection[int] | None, years: Collection[int] | None) -> dict:
    cells: dict = {}
    for family in FAMILIES.values():
        cells.update(family.count(centre_ids, years))
    return cells


CHUNK = 50  # centres compared at a time: memory stays bounded at national scale


def differences(
    centre_ids: Collection[int] | None = None, years: Collection[int] | None = None
) -> list[str]:
    """One line per figure that differs: 'centre year/month measure: stored ≠ recount'."""
    if centre_ids is None:
        centre_ids = list(Centre.objects.order_by("pk").values_list("pk", flat=True))
    ids = sorted(centre_ids)
    return [
        line for i in range(0, len(ids), CHUNK) for line in _differences(ids[i : i + CHUNK], years)
    ]


def _differences(centre_ids: Collection[int], years: Collection[int] | None) -> list[str]:
    have, want = stored(centre_ids, years), recounted(centre_ids, years)
    zero = Decimal(0)
    lines = [
        f"{c} {y}/{m} {measure}: {have.get(cell, zero)} ≠ {want.get(cell, zero)}"
        for cell in sorted(set(have) | set(want))
        for c, y, m, measure in [cell]
        if have.get(cell, zero) != want.get(cell, zero)
    ]
    today = timezone.localdate()
    backlog = Backlog.objects.filter(centre_id__in=list(centre_ids))
    have_backlog = as_of(
        {
            (c, d): (o, u, g)
            for c, d, o, u, g in backlog.values_list(
                "centre_id", "due_date", "open", "unassigned", "urgent"
            )
        },
        today,
    )
    want_backlog = backlog_of(centre_ids, today)
    lines += [
        f"{key[0]} backlog {key[1]}: {have_backlog.get(key)} ≠ {want_backlog.get(key)}"
        for key in sorted(set(have_backlog) | set(want_backlog))
        if have_backlog.get(key) != want_backlog.get(key)
    ]
    return lines
